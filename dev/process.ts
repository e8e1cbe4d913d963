/**
 * Helpers for tests, benchmarks and the dev stack that start real processes (Bun server, `wrangler dev`):
 * ports, readiness, and killing a whole process group (wrangler forks workerd, which must not outlive the test).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A port that was free a moment ago (the OS picks it; the race with other processes is negligible). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A port nobody listens on: remapping a remote host there makes its requests fail at once (ECONNREFUSED). */
export const closedPort = freePort;

export type Started = {
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
};

/** Spawns `command` as the leader of a new process group, so `killGroup` also reaches its children. */
export function start(
  command: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string | undefined> },
): Started {
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes (then throws with its output). */
export async function waitForReady(url: string, proc: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`process exited (${exitCode}) before ${url} was ready:\n${proc.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await Bun.sleep(200);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${proc.output()}`);
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader has exited. */
export async function killGroup(proc: Started, graceMs = 3_000): Promise<void> {
  const pid = proc.child.pid;
  if (pid === undefined) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // The group is already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await proc.exited;
  clearTimeout(timer);
  // Children (workerd) may outlive their leader; the group id stays valid while any member lives.
  signal("SIGKILL");
}
