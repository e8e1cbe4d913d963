/**
 * Upstash-REST-compatible HTTP bridge to a real Redis, for tests and local development: the real
 * `@upstash/redis` SDK (default options: base64 responses, auto-pipelining) talks to it unchanged.
 *
 *   bun dev/redis-rest-bridge.ts --port 8079 --token dev --redis redis://127.0.0.1:6379
 *     [--max-request-mb 10 --max-record-mb 100 --max-key-kb 32]   (Upstash's limits; 0 = off)
 *
 * Wire format (docs/upstream.md#platform-protocols): POST `/` one command, `/pipeline` many (not atomic),
 * `/multi-exec` one transaction; `Authorization: Bearer <token>`; command errors → 400
 * `{"error":"ERR …"}`, Redis unreachable or too slow → 500. Upstash's request, record and key size limits
 * apply as there (dev/upstash-limits.ts), unless turned off.
 */
import { RedisClient } from "bun";
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { limitChecks } from "./redis-rest-limits.ts";
import { NO_SERVER_BODY_LIMIT, readCapped } from "./request-body.ts";
import { LIMIT_FLAGS, limitsFromFlags, replyBytes, requestTooLarge, upstashLimits } from "./upstash-limits.ts";
import type { UpstashLimits } from "./upstash-limits.ts";

export type RedisRestBridgeOptions = {
  /** 0 picks a free port. */
  port?: number;
  hostname?: string;
  token: string;
  redisUrl: string;
  /** Bound on connecting and on each command, so a Redis outage answers 500 instead of hanging. */
  commandTimeoutMs?: number;
  /** Upstash's limits by default (the Free plan's); a field set to 0 turns that limit off. */
  limits?: Partial<UpstashLimits>;
};

export type RedisRestBridge = { url: string; stop(): Promise<void> };

type Json = string | number | null | Json[] | { [key: string]: Json };
type Item = { result: Json } | { error: string };

/** Redis could not be reached in time: the whole request is a 500, never a command error. */
class ConnectionFailure extends Error {}

/** Commands that would change the shared connection's state for every other caller. */
const STATEFUL = new Set([
  "MULTI",
  "EXEC",
  "DISCARD",
  "WATCH",
  "UNWATCH",
  "SELECT",
  "HELLO",
  "QUIT",
  "RESET",
  "AUTH",
  "SUBSCRIBE",
  "PSUBSCRIBE",
  "SSUBSCRIBE",
  "UNSUBSCRIBE",
  "PUNSUBSCRIBE",
  "MONITOR",
  "CLIENT",
]);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectionFailure(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Server error replies reject with this code; anything else is a transport failure. */
function isCommandError(err: unknown): err is Error {
  return err instanceof Error && (err as Error & { code?: string }).code === "ERR_REDIS_SERVER_ERROR";
}

/**
 * One connection in RESP2 mode. Bun speaks RESP3 (maps, nested score pairs); `HELLO 2` gives the
 * flat shapes Upstash returns. No auto-reconnect: a reconnect would skip our `HELLO 2`, so a dead
 * connection is replaced by a fresh one on the next request instead.
 */
async function openConnection(
  redisUrl: string,
  timeoutMs: number,
  autoPipelining: boolean,
  name: string,
): Promise<RedisClient> {
  const client = new RedisClient(redisUrl, {
    connectionTimeout: timeoutMs,
    autoReconnect: false,
    enableOfflineQueue: false,
    enableAutoPipelining: autoPipelining,
  });
  try {
    await withTimeout(client.connect(), timeoutMs, "connect");
    // SETNAME lets operators (and the reconnect test) find this bridge's connections in CLIENT LIST.
    await withTimeout(client.send("HELLO", ["2", "SETNAME", name]), timeoutMs, "HELLO 2");
    return client;
  } catch (err) {
    client.close();
    throw new ConnectionFailure(`cannot connect to Redis: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** RESP2 replies as JSON; errors nested in arrays (EXEC) become their message. */
function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Error) return value.message;
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [k, toJson(v)]);
}

/** `Upstash-Encoding: base64`: every string, however deep, except a top-level "OK". */
function encode(value: Json, top = true): Json {
  if (typeof value === "string") return top && value === "OK" ? value : Buffer.from(value, "utf8").toString("base64");
  if (Array.isArray(value)) return value.map((v) => encode(v, false));
  return value;
}

/**
 * Script flags only Upstash knows (`@upstash/ratelimit` ≥ 2.1 declares `allow-key-locking`, so Upstash
 * locks just the script's keys); Redis refuses an unknown shebang flag, and every script runs locked here anyway.
 */
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);
/** SHA1 of a script as the client sent it → SHA1 of the script Redis was given (EVALSHA names the former). */
const portableSha = new Map<string, string>();
/** The other way round: `SCRIPT LOAD` answers the hash of the script as sent, like Upstash does. */
const sentSha = new Map<string, string>();

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The script without Upstash-only flags (the shebang line kept, so line numbers in errors stay right). */
function portableScript(script: string): string {
  const eol = script.indexOf("\n");
  const shebang = eol === -1 ? script : script.slice(0, eol);
  const match = /^#!lua(.*?)\bflags=(\S*)(.*)$/.exec(shebang);
  if (!match) return script;
  const flags = match[2].split(",").filter((f) => f && !UPSTASH_ONLY_FLAGS.has(f));
  if (flags.length === match[2].split(",").filter(Boolean).length) return script;
  const line = `#!lua${match[1]}${flags.length ? `flags=${flags.join(",")}` : ""}${match[3]}`.trimEnd();
  const portable = line + script.slice(shebang.length);
  portableSha.set(sha1(script), sha1(portable));
  sentSha.set(sha1(portable), sha1(script));
  return portable;
}

/** Scripts as Redis accepts them, and their hashes as Redis knows them. */
function portable(command: string, args: string[]): string[] {
  if ((command === "EVAL" || command === "EVAL_RO") && args.length > 0)
    return [portableScript(args[0]), ...args.slice(1)];
  if ((command === "EVALSHA" || command === "EVALSHA_RO") && args.length > 0)
    return [portableSha.get(args[0].toLowerCase()) ?? args[0], ...args.slice(1)];
  if (command === "SCRIPT" && args[0]?.toUpperCase() === "LOAD" && args.length === 2) {
    const script = portableScript(args[1]);
    return script === args[1] ? args : ["LOAD", script];
  }
  return args;
}

/** The SDK sends strings, numbers and booleans as is and JSON-stringifies everything else. */
function parseCommand(raw: unknown): [string, string[]] {
  if (!Array.isArray(raw) || raw.length === 0) throw new Error("ERR command must be a non-empty array");
  const args = raw.map((a) =>
    typeof a === "string" ? a : typeof a === "number" || typeof a === "boolean" ? String(a) : JSON.stringify(a),
  );
  const command = args[0].toUpperCase();
  return [command, portable(command, args.slice(1))];
}

function parseCommands(raw: unknown): [string, string[]][] {
  if (!Array.isArray(raw) || raw.length === 0) throw new Error("ERR body must be a non-empty array of commands");
  return raw.map(parseCommand);
}

type Reply = { status: number; body: Item | Item[] };

export function startRedisRestBridge(options: RedisRestBridgeOptions): RedisRestBridge {
  const timeoutMs = options.commandTimeoutMs ?? 2000;
  const limits = upstashLimits(options.limits);
  let shared: Promise<RedisClient> | null = null;
  const connectionName = () => `redis-rest-bridge-${server.port}`;

  /** The shared auto-pipelined connection, reopened when it died. */
  async function sharedClient(): Promise<RedisClient> {
    const current = shared;
    if (current) {
      const client = await current.catch(() => null);
      if (client?.connected) return client;
      // Another request may already have replaced the dead connection while we waited.
      if (shared !== current) return sharedClient();
      client?.close();
    }
    const opening = openConnection(options.redisUrl, timeoutMs, true, connectionName());
    shared = opening;
    opening.catch(() => {
      if (shared === opening) shared = null;
    });
    return opening;
  }

  /** A command's raw reply; server errors are returned (they are results), transport errors thrown. */
  async function send(client: RedisClient, command: string, args: string[]): Promise<unknown> {
    try {
      const reply = await withTimeout(client.send(command, args), timeoutMs, command);
      return command === "SCRIPT" && typeof reply === "string" ? (sentSha.get(reply) ?? reply) : reply;
    } catch (err) {
      if (isCommandError(err)) return err;
      // A timed-out reply may still arrive on this socket: drop it so replies cannot be misattributed.
      client.close();
      throw err instanceof ConnectionFailure
        ? err
        : new ConnectionFailure(err instanceof Error ? err.message : String(err));
    }
  }

  const item = (reply: unknown): Item =>
    reply instanceof Error ? { error: reply.message } : { result: toJson(reply) };

  const checks = limitChecks(limits, async (command, args) => send(await sharedClient(), command, args));
  /** Upstash's error of each command past a key or record limit (null: within them), before any runs. */
  const overLimits = (commands: [string, string[]][]) => Promise.all(commands.map((c) => checks.check(...c)));

  function refused(commands: [string, string[]][]): Reply | null {
    const bad = commands.find(([command]) => STATEFUL.has(command));
    return bad
      ? { status: 400, body: { error: `ERR command '${bad[0]}' is not allowed through the REST bridge` } }
      : null;
  }

  async function single(body: unknown): Promise<Reply> {
    const command = parseCommand(body);
    const denied = refused([command]);
    if (denied) return denied;
    const [over] = await overLimits([command]);
    if (over) return { status: 400, body: { error: over } };
    const reply = item(await send(await sharedClient(), ...command));
    return { status: "error" in reply ? 400 : 200, body: reply };
  }

  async function pipeline(body: unknown): Promise<Reply> {
    const commands = parseCommands(body);
    const denied = refused(commands);
    if (denied) return denied;
    // Like any other command error, a command past a limit fails alone; the others still run.
    const over = await overLimits(commands);
    const client = await sharedClient();
    // Issued together on one socket: Redis runs them in order, Bun writes them in few packets.
    const replies = await Promise.all(commands.map((c, i) => (over[i] ? new Error(over[i]) : send(client, ...c))));
    return { status: 200, body: replies.map(item) };
  }

  /** A dedicated connection: on the shared one other callers' commands would land inside MULTI. */
  async function transaction(body: unknown): Promise<Reply> {
    const commands = parseCommands(body);
    const denied = refused(commands);
    if (denied) return denied;
    // Refused before MULTI, as a queueing error refuses the whole transaction: nothing is applied.
    const over = (await overLimits(commands)).find((e) => e !== null);
    if (over) return { status: 400, body: { error: over } };
    const client = await openConnection(options.redisUrl, timeoutMs, false, connectionName());
    try {
      await send(client, "MULTI", []);
      let queueError: Error | null = null;
      for (const c of commands) {
        const queued = await send(client, ...c);
        if (queued instanceof Error) queueError ??= queued;
      }
      const exec = await send(client, "EXEC", []);
      // EXECABORT says little; the first queueing error says which command was rejected.
      if (exec instanceof Error) return { status: 400, body: { error: (queueError ?? exec).message } };
      return { status: 200, body: (Array.isArray(exec) ? exec : []).map(item) };
    } finally {
      client.close();
    }
  }

  const tooLarge = (actual: number) =>
    Response.json({ error: requestTooLarge(limits.requestBytes, actual) }, { status: 400 });

  const routes: Record<string, (body: unknown) => Promise<Reply>> = {
    "/": single,
    "/pipeline": pipeline,
    "/multi-exec": transaction,
  };

  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    maxRequestBodySize: NO_SERVER_BODY_LIMIT,
    async fetch(req) {
      const handler = routes[new URL(req.url).pathname];
      if (!handler) return Response.json({ error: "ERR not found" }, { status: 404 });
      if (req.method !== "POST") return Response.json({ error: "ERR method not allowed" }, { status: 405 });
      if (req.headers.get("authorization") !== `Bearer ${options.token}`)
        return Response.json({ error: "Unauthorized" }, { status: 401 });
      let reply: Reply;
      try {
        const read = await readCapped(req, limits.requestBytes);
        if ("tooLarge" in read) return tooLarge(read.tooLarge);
        let body: unknown;
        try {
          body = JSON.parse(new TextDecoder().decode(read.bytes));
        } catch {
          throw new Error("ERR failed to parse JSON request body");
        }
        reply = await handler(body);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const status = err instanceof ConnectionFailure ? 500 : 400;
        return Response.json({ error: status === 500 ? `ERR ${message}` : message }, { status });
      }
      // A request that reads too much back fails too (the commands have run, as on Upstash).
      const readBack = limits.requestBytes === Infinity ? 0 : replyBytes(reply.body);
      if (readBack > limits.requestBytes) return tooLarge(readBack);
      if (req.headers.get("upstash-encoding")?.toLowerCase() === "base64") {
        const encodeItem = (i: Item): Item => ("result" in i ? { result: encode(i.result) } : i);
        reply.body = Array.isArray(reply.body) ? reply.body.map(encodeItem) : encodeItem(reply.body);
      }
      return Response.json(reply.body, { status: reply.status });
    },
  });

  return {
    url: `http://${server.hostname}:${server.port}`,
    async stop() {
      await server.stop(true);
      const client = await shared?.catch(() => null);
      client?.close();
      shared = null;
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8079" },
      token: { type: "string", default: "dev" },
      redis: { type: "string", default: "redis://127.0.0.1:6379" },
      host: { type: "string", default: "127.0.0.1" },
      ...LIMIT_FLAGS,
    },
  });
  const bridge = startRedisRestBridge({
    port: Number(values.port),
    hostname: values.host,
    token: values.token,
    redisUrl: values.redis,
    limits: limitsFromFlags(values),
  });
  console.log(
    `redis-rest-bridge on ${bridge.url} → ${values.redis} ` +
      `(UPSTASH_REDIS_REST_URL=${bridge.url} UPSTASH_REDIS_REST_TOKEN=${values.token})`,
  );
}
