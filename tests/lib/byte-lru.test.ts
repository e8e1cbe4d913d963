import { describe, expect, test } from "bun:test";
import { ByteLru } from "../../src/lib/byte-lru.ts";

describe("ByteLru", () => {
  test("evicts least recently used entries to stay within the byte bound", () => {
    const lru = new ByteLru(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.get("a")).toBe("A"); // a is now the most recent
    lru.set("c", "C", 40);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    expect(lru.size).toBe(80);
  });

  test("an entry over the whole budget is not kept and evicts nothing", () => {
    const lru = new ByteLru(100);
    lru.set("a", 1, 60);
    lru.set("huge", 2, 101);
    expect(lru.get("huge")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.size).toBe(60);
  });

  test("replacing a key updates the byte count", () => {
    const lru = new ByteLru(100);
    lru.set("a", 1, 60);
    lru.set("a", 2, 10);
    expect(lru.size).toBe(10);
    expect(lru.count).toBe(1);
  });

  test("concurrent loads share one call; failures are not kept", async () => {
    const lru = new ByteLru(100);
    let calls = 0;
    const load = async () => {
      calls++;
      await Bun.sleep(5);
      return { value: calls, bytes: 1 };
    };
    const [x, y] = await Promise.all([lru.getOrLoad("k", load), lru.getOrLoad("k", load)]);
    expect([x, y, calls]).toEqual([1, 1, 1]);
    expect(await lru.getOrLoad("k", load)).toBe(1);
    await expect(lru.getOrLoad("bad", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await lru.getOrLoad("bad", async () => ({ value: "ok", bytes: 1 }))).toBe("ok");
  });
});
