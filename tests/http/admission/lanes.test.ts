import { describe, expect, test } from "bun:test";
import { Admission, ShedError } from "../../../src/http/admission/lanes.ts";
import type { LaneLimits } from "../../../src/http/admission/lanes.ts";

const lane = (weight: number, concurrency: number, queue: number): LaneLimits => ({
  weight,
  concurrency,
  queue,
  retryAfterSeconds: Math.ceil(10 / weight),
});

function control(slots = 2) {
  return new Admission(
    {
      critical: lane(10, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY),
      interactive: lane(4, 2, 2),
      files: lane(1, 1, 1),
      compounds: lane(0.2, 1, 1),
    },
    slots,
  );
}

/** Settles a promise into "granted" / "shed" / "pending" without waiting for it. */
async function state(p: Promise<unknown>): Promise<string> {
  const marker = Symbol();
  const r = await Promise.race([
    p.then(
      () => "granted",
      () => "shed",
    ),
    Promise.resolve(marker).then((m) => m),
  ]);
  return r === marker ? "pending" : (r as string);
}

describe("Admission", () => {
  test("critical requests always pass, whatever else runs or waits", async () => {
    const a = control(1);
    await a.acquire("files");
    const waiting = a.acquire("files");
    for (let i = 0; i < 100; i++) await a.acquire("critical");
    expect(await state(waiting)).toBe("pending");
    expect(a.snapshot().critical).toEqual({ running: 0, waiting: 0 });
  });

  test("per-class concurrency and shared slots bound what runs; a full queue sheds with Retry-After", async () => {
    const a = control(2);
    const r1 = await a.acquire("interactive");
    await a.acquire("interactive");
    const queued = [a.acquire("interactive"), a.acquire("interactive")];
    const refused = a.acquire("interactive");
    await expect(refused).rejects.toBeInstanceOf(ShedError);
    await refused.catch((err: ShedError) => {
      expect(err.status).toBe(503);
      expect(err.retryAfterSeconds).toBe(3);
    });
    expect(a.snapshot().interactive).toEqual({ running: 2, waiting: 2 });
    r1();
    r1(); // a second release is ignored
    expect(await state(queued[0])).toBe("granted");
    expect(await state(queued[1])).toBe("pending");
    expect(a.snapshot().interactive).toEqual({ running: 2, waiting: 1 });
  });

  test("the lowest weight is shed first: a heavier newcomer evicts a lighter waiter, never the reverse", async () => {
    const a = control(1);
    const running = await a.acquire("files");
    const compoundWaiting = a.acquire("compounds"); // queue of 1, now full
    const filesWaiting = a.acquire("files"); // files queue of 1, now full
    // Another files request: its queue is full, the lighter compounds waiter is shed instead.
    const extraFiles = a.acquire("files");
    expect(await state(compoundWaiting)).toBe("shed");
    await expect(compoundWaiting).rejects.toBeInstanceOf(ShedError);
    expect(await state(extraFiles)).toBe("shed"); // no lighter waiter left: the newcomer goes
    // A compounds newcomer never evicts the heavier files waiter.
    const compound2 = a.acquire("compounds");
    const compound3 = a.acquire("compounds");
    expect(await state(compound3)).toBe("shed");
    expect(await state(filesWaiting)).toBe("pending");
    // Slots go to the heaviest waiter first.
    running();
    expect(await state(filesWaiting)).toBe("granted");
    expect(await state(compound2)).toBe("pending");
  });

  test("a lighter class does not jump ahead of a heavier one that waits", async () => {
    const a = control(1);
    const first = await a.acquire("compounds");
    const heavy = a.acquire("interactive");
    const light = a.acquire("files");
    first();
    expect(await state(heavy)).toBe("granted");
    expect(await state(light)).toBe("pending");
  });
});

describe("Admission deadlines", () => {
  test("a waiter queued longer than its lane's maxWaitMs is shed; one granted before is not", async () => {
    const a = new Admission({ files: { weight: 1, concurrency: 1, queue: 4, retryAfterSeconds: 5, maxWaitMs: 20 } }, 4);
    const running = await a.acquire("files");
    const late = a.acquire("files");
    await expect(late).rejects.toBeInstanceOf(ShedError);
    expect(a.snapshot().files).toEqual({ running: 1, waiting: 0 });
    const granted = a.acquire("files");
    running();
    const release = await granted;
    await Bun.sleep(30);
    expect(a.snapshot().files).toEqual({ running: 1, waiting: 0 });
    release();
  });
});
