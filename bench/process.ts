import { readFileSync } from "node:fs";

const BUN = process.execPath;

export function freePort(): number {
  const s = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Spawns `bun <args>` with PORT set, waits for a 200 on `path`; returns the time it took. */
export async function coldStart(args: string[], env: Record<string, string>, path: string) {
  const port = freePort();
  const t0 = performance.now();
  const proc = Bun.spawn([BUN, ...args], { env: { ...process.env, ...env, PORT: String(port) }, stdout: "ignore", stderr: "inherit" });
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

/** Spawns a bench server process and waits until `/ready` answers. */
export async function startProcess(args: string[], env: Record<string, string>) {
  const port = freePort();
  const proc = Bun.spawn([BUN, ...args], { env: { ...process.env, ...env, PORT: String(port) }, stdout: "ignore", stderr: "inherit" });
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {
      // starting
    }
    if (performance.now() - t0 > 60_000) throw new Error(`${args.join(" ")} did not become ready`);
    await Bun.sleep(20);
  }
  return {
    url,
    pid: proc.pid,
    stop: () => proc.kill(),
    /** SIGTERM and wait: the stack CLI stops its children on SIGTERM. */
    stopAndWait: async () => {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
