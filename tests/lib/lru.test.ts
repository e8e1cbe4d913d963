import { describe, expect, test } from "bun:test";
import { Lru } from "../../src/lib/lru.ts";

describe("Lru", () => {
  test("bounded by entries (weight 1 each): the least recently used goes", () => {
    const lru = new Lru<string>(2);
    lru.set("a", "A");
    lru.set("b", "B");
    expect(lru.get("a")).toBe("A");
    lru.set("c", "C");
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual(["A", undefined, "C"]);
    expect(lru.count).toBe(2);
  });

  test("bounded by weight: one heavy entry evicts several light ones, one too heavy is not kept", () => {
    const lru = new Lru<number>(10);
    for (const k of ["a", "b", "c", "d"]) lru.set(k, 1, 2);
    lru.set("big", 2, 7);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("c")).toBeUndefined();
    expect([lru.get("d"), lru.get("big"), lru.weight]).toEqual([1, 2, 9]);
    lru.set("huge", 3, 11);
    expect([lru.get("huge"), lru.count, lru.weight]).toEqual([undefined, 2, 9]);
  });

  test("matches a plain array model over random operations", () => {
    const lru = new Lru<number>(20);
    // Reference: most recent last, evicting from the front.
    let model: { key: string; value: number; weight: number }[] = [];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      const key = `k${rand(12)}`;
      const op = rand(4);
      const at = model.findIndex((e) => e.key === key);
      if (op === 0) {
        lru.delete(key);
        if (at >= 0) model.splice(at, 1);
      } else if (op === 1) {
        const expected = at >= 0 ? model[at].value : undefined;
        if (at >= 0) model.push(...model.splice(at, 1));
        expect(lru.get(key)).toBe(expected);
      } else {
        const weight = 1 + rand(8);
        lru.set(key, i, weight);
        if (at >= 0) model.splice(at, 1);
        model.push({ key, value: i, weight });
        while (model.reduce((s, e) => s + e.weight, 0) > 20) model = model.slice(1);
      }
      expect(lru.count).toBe(model.length);
      expect(lru.weight).toBe(model.reduce((s, e) => s + e.weight, 0));
    }
    for (const e of model) expect(lru.get(e.key)).toBe(e.value);
  });

  test("clear empties it and it fills again", () => {
    const lru = new Lru<number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.clear();
    expect([lru.count, lru.weight, lru.get("a")]).toEqual([0, 0, undefined]);
    lru.set("c", 3);
    expect(lru.get("c")).toBe(3);
  });
});
