/**
 * Open-loop load: every request leaves at its scheduled time, whether or not earlier ones have
 * answered, and its latency counts from that scheduled time, so a stalled server cannot hide its
 * queue by slowing the client down (no coordinated omission).
 */
export type Planned = { at: number; path: string; cls: string; flood?: boolean };
export type Outcome = {
  cls: string;
  path: string;
  flood?: boolean;
  scheduledMs: number;
  latencyMs: number;
  status: number;
};

/** `rate` requests per second drawn in turn from `pick`, evenly spaced with a small jitter, for `seconds`. */
export function plan(
  rate: number,
  seconds: number,
  pick: (i: number) => { path: string; cls: string; flood?: boolean },
): Planned[] {
  const n = Math.floor(rate * seconds);
  const gap = 1000 / rate;
  return Array.from({ length: n }, (_, i) => ({ at: i * gap + Math.random() * gap * 0.5, ...pick(i) }));
}

/** Merges plans into one schedule in time order. */
export function merge(...plans: Planned[][]): Planned[] {
  return plans.flat().sort((a, b) => a.at - b.at);
}

export type Send = (path: string) => Promise<number>;

/** HTTP send: GET base+path, body drained, status (0 when the connection failed). */
export function httpSend(base: string): Send {
  return async (path) => {
    try {
      const res = await fetch(base + path);
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  };
}

/**
 * Runs a schedule: a dispatcher wakes every millisecond and sends every request that is due; the
 * answers are awaited only at the end (bounded by `drainMs` after the last send; unanswered
 * requests count with their waiting time and status 0).
 */
export async function runOpenLoop(schedule: Planned[], send: Send, drainMs = 30_000): Promise<Outcome[]> {
  const t0 = performance.now();
  const outcomes: Outcome[] = [];
  const pending: Promise<void>[] = [];
  const open = new Set<Planned>();
  let next = 0;
  while (next < schedule.length) {
    const now = performance.now() - t0;
    while (next < schedule.length && schedule[next].at <= now) {
      const p = schedule[next++];
      open.add(p);
      pending.push(
        send(p.path).then((status) => {
          open.delete(p);
          outcomes.push({
            cls: p.cls,
            path: p.path,
            flood: p.flood,
            scheduledMs: p.at,
            latencyMs: performance.now() - t0 - p.at,
            status,
          });
        }),
      );
    }
    await Bun.sleep(1);
  }
  await Promise.race([Promise.all(pending), Bun.sleep(drainMs)]);
  const end = performance.now() - t0;
  for (const p of open)
    outcomes.push({ cls: p.cls, path: p.path, flood: p.flood, scheduledMs: p.at, latencyMs: end - p.at, status: 0 });
  return outcomes;
}
