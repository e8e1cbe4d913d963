/** What a closed loop over distinct expensive requests finished. */
export type FloodRun = {
  answered: number;
  failed: number;
  /** Failures by request kind and status (`plotly 503`), to tell refusals from errors. */
  failures: Record<string, number>;
  bytes: number;
  seconds: number;
  next: number;
};

/** Bytes of the answer, or the status it failed with (0: no answer). */
type Done = { bytes: number } | { status: number };

const BUNDLE_START = /\/atlas_download(\?|$)/;

/**
 * One expensive request as a client sees it through: a GET read to the end, or for an atlas bundle
 * (whose start answers at once while the bundle is built in the background) the start, polls every
 * 50 ms until `SUCCESS`, and the zip, so the work the request asks for is inside its time. Answers
 * the body bytes (the zip's for a bundle) or the failing status.
 */
async function complete(base: string, path: string): Promise<Done> {
  const read = async (res: Response): Promise<Done> => {
    const bytes = (await res.arrayBuffer()).byteLength;
    return res.status < 400 ? { bytes } : { status: res.status };
  };
  const res = await fetch(base + path);
  if (!BUNDLE_START.test(path)) return read(res);
  if (!res.ok) return read(res);
  const id = ((await res.json()) as { task_id?: string }).task_id;
  if (!id) return { status: 0 };
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    await Bun.sleep(50);
    const poll = await fetch(`${base}/v3_0/atlas_download/${id}`);
    const status = ((await poll.json()) as { status?: string }).status;
    if (!poll.ok || status === "FAILURE") return { status: poll.ok ? 500 : poll.status };
    if (status === "SUCCESS") return read(await fetch(`${base}/v3_0/atlas_download/${id}/download`));
  }
  return { status: 0 };
}

function kindOf(path: string): string {
  return /\/(statistical_map|plotly|download|atlas_download)\b/.exec(path)?.[1] ?? "other";
}

/**
 * Closed loop: `concurrency` clients take the next request of `paths` from index `start` until
 * `seconds` have passed or the list runs out (each request distinct, so no cache answers one). The
 * loop waits for every request it started, so nothing is in flight between two calls.
 */
export async function floodLoop(
  base: string,
  paths: string[],
  opts: { seconds: number; concurrency: number; start: number },
): Promise<FloodRun> {
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  const run: FloodRun = { answered: 0, failed: 0, failures: {}, bytes: 0, seconds: 0, next: opts.start };
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < deadline && run.next < paths.length) {
        const path = paths[run.next++];
        const done = await complete(base, path).catch((): Done => ({ status: 0 }));
        if ("bytes" in done) {
          run.answered++;
          run.bytes += done.bytes;
        } else {
          run.failed++;
          const key = `${kindOf(path)} ${done.status}`;
          run.failures[key] = (run.failures[key] ?? 0) + 1;
        }
      }
    }),
  );
  run.seconds = (performance.now() - t0) / 1000;
  return run;
}
