import { spawn } from "node:child_process";
import { freePort } from "../process.ts";

export type RedisProcess = { url: string; port: number; stop(): Promise<void>; start(): Promise<void> };

/**
 * A private `redis-server` (no persistence) on a free port, so the stack can stop and restart
 * Redis (outage tests) without touching a shared instance. Needs the Debian `redis-server`.
 */
export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ReturnType<typeof spawn> | null = null;
  const up = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    child.once("error", () => undefined);
    for (let i = 0; i < 100; i++) {
      try {
        const sock = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
        sock.end();
        return;
      } catch {
        await Bun.sleep(50);
      }
    }
    throw new Error(`redis-server did not start on port ${port} (is redis-server installed?)`);
  };
  await up();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start: up,
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      await exited;
    },
  };
}
