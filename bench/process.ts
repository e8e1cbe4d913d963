import { readFileSync } from "node:fs";
import { freePort, killGroup, start, waitForReady } from "../dev/process.ts";

const BUN = process.execPath;
const ROOT = `${import.meta.dir}/..`;

/** Resident memory now (`VmRSS`) or its peak so far (`VmHWM`), in MB. */
export function rssMb(pid: number, field: "VmRSS" | "VmHWM" = "VmRSS"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * Spawns `bun <args>` with PORT set and polls `path` every 2 ms until it answers 200: the time
 * that took is the cold start (the tests' readiness helper polls too coarsely to measure it).
 */
export async function coldStart(args: string[], env: Record<string, string>, path: string) {
  const port = await freePort();
  const t0 = performance.now();
  const proc = Bun.spawn([BUN, ...args], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdout: "ignore",
    stderr: "inherit",
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 30_000) throw new Error(`no 200 on ${path} within 30 s`);
      await Bun.sleep(2);
    }
    const ms = performance.now() - t0;
    await Bun.sleep(200);
    return { ms, rssMb: rssMb(proc.pid) };
  } finally {
    proc.kill();
    await proc.exited;
  }
}

/**
 * Spawns a bench server process (or the stack CLI) and waits until `/ready` answers. `stop` sends
 * SIGTERM to its group and waits: the stack CLI stops its own children on SIGTERM.
 */
export async function startProcess(args: string[], env: Record<string, string>) {
  const port = await freePort();
  const proc = start(BUN, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) } });
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(`${url}/ready`, proc, 60_000);
  return { url, pid: proc.child.pid as number, stop: () => killGroup(proc, 10_000) };
}
