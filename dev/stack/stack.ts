import { resolve } from "node:path";
import { startLocalQStash, DEV_CURRENT_SIGNING_KEY, DEV_NEXT_SIGNING_KEY, DEV_TOKEN } from "../qstash/index.ts";
import { startRedisRestBridge } from "../redis-rest-bridge.ts";
import { startRedisProcess } from "./redis-process.ts";
import { freePort, killGroup, start, waitForReady } from "../process.ts";
import type { Started } from "../process.ts";
import type { UpstashLimits } from "../upstash-limits.ts";

export type StackOptions = {
  workers: number;
  /** Environment shared by the server and the workers (configuration, remaps, log level). */
  env?: Record<string, string>;
  serverPort?: number;
  /** Extra environment of the worker processes only. */
  workerEnv?: Record<string, string>;
  /** Extra environment of the server process only. */
  serverEnv?: Record<string, string>;
  /**
   * Where the server publishes jobs, instead of the workers themselves (e.g. a proxy that delivers
   * each message to several workers at once).
   */
  publishTo?: string[];
  /** Upstash Redis's limits by default (dev/upstash-limits.ts); a field set to 0 turns that limit off. */
  redisLimits?: Partial<UpstashLimits>;
  /** QStash's largest message, default 1 MB (the Free plan); 0 = no limit. */
  qstashMaxMessageBytes?: number;
  /**
   * CPU list (`taskset -c`) the worker processes are pinned to, e.g. "1": with the stack itself run
   * under `taskset -c 0`, server and workers get cores of their own (bench/scale-out.ts).
   */
  workerCpus?: string;
};

type Node = { port: number; url: string; proc: Started | null };

const ROOT = resolve(import.meta.dir, "../..");
const REDIS_TOKEN = "siibra-edge-dev";

/**
 * The whole server-worker shape on one machine: a private redis-server, the Upstash-REST bridge in
 * front of it, the local QStash-compatible scheduler, N worker processes and one server process —
 * real processes speaking the real protocols (the SDKs do not know they are local).
 */
export async function startStack(opts: StackOptions) {
  const redis = await startRedisProcess();
  const bridge = startRedisRestBridge({ port: 0, token: REDIS_TOKEN, redisUrl: redis.url, limits: opts.redisLimits });
  const qstash = startLocalQStash({
    port: 0,
    retryDelayMs: (retried) => 300 * (retried + 1),
    maxMessageBytes: opts.qstashMaxMessageBytes,
  });
  const shared = {
    ...process.env,
    SIIBRA_API_LOG: "warn",
    ...opts.env,
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: REDIS_TOKEN,
    QSTASH_URL: qstash.url,
    QSTASH_TOKEN: DEV_TOKEN,
    QSTASH_CURRENT_SIGNING_KEY: DEV_CURRENT_SIGNING_KEY,
    QSTASH_NEXT_SIGNING_KEY: DEV_NEXT_SIGNING_KEY,
  };
  const bun = process.execPath;
  const launch = async (node: Node, role: string, extra: Record<string, string> = {}) => {
    // A worker accepts only messages signed for its own URL, the one the server publishes to.
    const own = role === "worker" ? { SIIBRA_API_WORKER_PUBLIC_URL: node.url } : {};
    const args = ["--no-env-file", "src/index.ts"];
    // taskset execs bun, so the child's pid stays the worker's own.
    const cpus = role === "worker" ? opts.workerCpus : undefined;
    node.proc = start(cpus ? "taskset" : bun, cpus ? ["-c", cpus, bun, ...args] : args, {
      cwd: ROOT,
      env: { ...shared, ...extra, ...own, SIIBRA_API_ROLE: role, PORT: String(node.port) },
    });
    await waitForReady(`${node.url}/ready`, node.proc, 30_000);
  };
  const node = async (port?: number): Promise<Node> => {
    const p = port ?? (await freePort());
    return { port: p, url: `http://127.0.0.1:${p}`, proc: null };
  };

  const workers = await Promise.all(Array.from({ length: opts.workers }, () => node()));
  await Promise.all(workers.map((w) => launch(w, "worker", opts.workerEnv)));
  const server = await node(opts.serverPort);
  const serverEnv = (extra?: Record<string, string>) => ({
    ...(extra ?? opts.serverEnv),
    SIIBRA_API_WORKER_URL: (opts.publishTo ?? workers.map((w) => w.url)).join(","),
  });
  await launch(server, "server", serverEnv());

  return {
    serverUrl: server.url,
    workerUrls: workers.map((w) => w.url),
    /** The server process's pid (its memory can be read from /proc), null before it started; changes on restart. */
    serverPid: () => server.proc?.child.pid ?? null,
    qstash,
    redis,
    bridge,
    /** Kills a worker process at once (SIGKILL), as a crash would. */
    killWorker: async (i: number) => workers[i].proc && (await killGroup(workers[i].proc!, 0)),
    /** SIGTERM to a worker (a rolling restart): resolves with its exit code once it has drained and exited. */
    terminateWorker: async (i: number) => {
      const proc = workers[i].proc;
      if (!proc) return null;
      proc.child.kill("SIGTERM");
      return await proc.exited;
    },
    restartWorker: (i: number, env?: Record<string, string>) => launch(workers[i], "worker", env ?? opts.workerEnv),
    /** SIGTERM to the server: resolves with its exit code once it has drained and exited. */
    terminateServer: async () => {
      const proc = server.proc;
      if (!proc) return null;
      proc.child.kill("SIGTERM");
      return await proc.exited;
    },
    /** Starts the server again on the same port (clients keep their URL), optionally with other server env. */
    restartServer: (env?: Record<string, string>) => launch(server, "server", serverEnv(env)),
    async stop() {
      await Promise.all([server, ...workers].map((n) => n.proc && killGroup(n.proc, 2_000)));
      await qstash.stop();
      await bridge.stop();
      await redis.stop();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
