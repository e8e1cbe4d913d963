/**
 * Open-loop load without a fixed end: requests leave at `rate` per second (evenly spaced, small jitter)
 * until `stop()`, whether or not earlier ones have answered; latency counts from the scheduled time (no
 * coordinated omission). For runs whose length depends on events, e.g. a rolling restart.
 */
export type Sent = {
  path: string;
  cls: string;
  /** Milliseconds since the start. */
  scheduledMs: number;
  latencyMs: number;
  /** HTTP status; 0 when the request failed without an answer (reset, refused) or never finished. */
  status: number;
  retryAfter: boolean;
  /** The fetch error (a reset or refused connection), or "unanswered" when `stop` gave up waiting. */
  error?: string;
};

export type SteadyLoad = {
  /** Milliseconds since the load started. */
  now(): number;
  /** Stops sending; waits up to `drainMs` for the answers still due. */
  stop(drainMs?: number): Promise<Sent[]>;
};

export function steadyLoad(base: string, rate: number, pick: (i: number) => { path: string; cls: string }): SteadyLoad {
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const gap = 1000 / rate;
  const done: Sent[] = [];
  const open = new Map<number, { path: string; cls: string; at: number }>();
  const pending = new Set<Promise<void>>();
  let stopped = false;

  const send = (i: number, at: number) => {
    const { path, cls } = pick(i);
    open.set(i, { path, cls, at });
    const finish = (status: number, retryAfter: boolean, error?: string) => {
      open.delete(i);
      done.push({ path, cls, scheduledMs: at, latencyMs: now() - at, status, retryAfter, error });
    };
    const p = fetch(base + path)
      .then(async (res) => {
        await res.arrayBuffer();
        finish(res.status, res.headers.has("retry-after"));
      })
      .catch((err: unknown) => finish(0, false, err instanceof Error ? err.message : String(err)))
      .finally(() => pending.delete(p));
    pending.add(p);
  };

  const loop = (async () => {
    let i = 0;
    while (!stopped) {
      const due = i * gap + Math.random() * gap * 0.5;
      while (!stopped && now() < due) await Bun.sleep(1);
      if (!stopped) send(i++, due);
    }
  })();

  return {
    now,
    async stop(drainMs = 30_000) {
      stopped = true;
      await loop;
      await Promise.race([Promise.all([...pending]), Bun.sleep(drainMs)]);
      for (const o of open.values())
        done.push({
          ...o,
          scheduledMs: o.at,
          latencyMs: now() - o.at,
          status: 0,
          retryAfter: false,
          error: "unanswered",
        });
      return done.sort((a, b) => a.scheduledMs - b.scheduledMs);
    },
  };
}
