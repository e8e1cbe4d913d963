import { describe, expect, test } from "bun:test";
import { backgroundQueue } from "../../src/transport/background.ts";
import { ShedError } from "../../src/errors.ts";

/** A task that records its start and finishes when the test opens its gate. */
function gated(started: string[]) {
  const gates = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<void>((resolve) => {
      started.push(name);
      gates.set(name, resolve);
    });
  const finish = (name: string) => gates.get(name)?.();
  return { task, finish };
}

describe("backgroundQueue", () => {
  test("tasks beyond the waiting bound are refused with a ShedError (503, Retry-After)", async () => {
    const started: string[] = [];
    const { task, finish } = gated(started);
    const queue = backgroundQueue({ concurrency: 1, maxWaiting: 2, onError: () => {} });
    queue.push(task("a")); // running
    queue.push(task("b")); // waiting 1
    queue.push(task("c")); // waiting 2
    let refused: unknown;
    try {
      queue.push(task("d"));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ShedError);
    expect((refused as ShedError).status).toBe(503);
    expect((refused as ShedError).retryAfterSeconds).toBe(10);
    expect(started).toEqual(["a"]);
    for (const name of ["a", "b", "c"]) {
      finish(name);
      await Bun.sleep(1);
    }
    expect(started).toEqual(["a", "b", "c"]);
    // With the queue drained there is room again.
    expect(() => queue.push(task("e"))).not.toThrow();
    expect(started).toEqual(["a", "b", "c", "e"]);
  });

  test("at most `concurrency` tasks run at once; the rest start in order as slots free", async () => {
    const started: string[] = [];
    const { task, finish } = gated(started);
    const queue = backgroundQueue({ concurrency: 2, maxWaiting: 10, onError: () => {} });
    for (const name of ["a", "b", "c", "d", "e"]) queue.push(task(name));
    expect(started).toEqual(["a", "b"]);
    finish("b");
    await Bun.sleep(1);
    expect(started).toEqual(["a", "b", "c"]);
    finish("a");
    finish("c");
    await Bun.sleep(1);
    expect(started).toEqual(["a", "b", "c", "d", "e"]);
  });

  test("a failed task is reported and frees its slot for the next one", async () => {
    const errors: unknown[] = [];
    const ran: string[] = [];
    const queue = backgroundQueue({ concurrency: 1, maxWaiting: 4, onError: (err) => errors.push(err) });
    queue.push(async () => {
      throw new Error("bundle failed");
    });
    queue.push(async () => {
      ran.push("next");
    });
    await Bun.sleep(5);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("bundle failed");
    expect(ran).toEqual(["next"]);
  });
});

test("a bound of 0 waiting still runs tasks while a slot is free", () => {
  const queue = backgroundQueue({ concurrency: 1, maxWaiting: 0, onError: () => {} });
  queue.push(() => Bun.sleep(20));
  expect(() => queue.push(async () => {})).toThrow();
});
