/**
 * Per-command checks of Upstash's key and record limits (dev/upstash-limits.ts) for the REST bridge, made
 * before a command reaches Redis, so a refused write leaves nothing behind. Which arguments are keys comes
 * from Redis itself (`COMMAND INFO`, once per command name; `COMMAND GETKEYS` for commands whose key
 * positions depend on their arguments), so every command is covered, not only the ones this project sends.
 */
import { byteLength, keyTooLarge, RECORD_TOO_LARGE } from "./upstash-limits.ts";
import type { UpstashLimits } from "./upstash-limits.ts";

/** A command's raw reply from Redis; server errors come back as `Error`, not thrown. */
export type Send = (command: string, args: string[]) => Promise<unknown>;

type CommandInfo = { firstKey: number; lastKey: number; step: number; movable: boolean; grows: boolean };

/** Scripts and functions: `<script|sha|name> numkeys key… arg…`; what they write is not checked. */
const SCRIPTS = new Set(["EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO"]);

/** Writes that replace the whole entry with one argument: argument index of the value after the key's. */
const REPLACING: Record<string, number> = { SET: 1, SETNX: 1, GETSET: 1, SETEX: 2, PSETEX: 2, RESTORE: 2 };
/** Writes that replace several entries: `key value key value …`. */
const REPLACING_PAIRS = new Set(["MSET", "MSETNX"]);

/** Size of an entry as it is: the string's length, another type's memory, 0 when absent. */
const ENTRY_SIZE = `local t = redis.call('TYPE', KEYS[1]).ok
if t == 'none' then return 0 end
if t == 'string' then return redis.call('STRLEN', KEYS[1]) end
return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')`;

const range = (from: number, to: number, step = 1) => {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
};

export function limitChecks(limits: UpstashLimits, send: Send) {
  const infos = new Map<string, Promise<CommandInfo | null>>();

  function info(command: string): Promise<CommandInfo | null> {
    let known = infos.get(command);
    if (!known) {
      known = send("COMMAND", ["INFO", command]).then((reply) => {
        const entry = Array.isArray(reply) ? reply[0] : null;
        if (!Array.isArray(entry)) return null;
        const flags = Array.isArray(entry[2]) ? entry[2].map(String) : [];
        const [firstKey, lastKey, step] = [entry[3], entry[4], entry[5]].map(Number);
        return { firstKey, lastKey, step, movable: flags.includes("movablekeys"), grows: flags.includes("denyoom") };
      });
      // A failed lookup (Redis gone) is asked again next time.
      known.catch(() => infos.delete(command));
      infos.set(command, known);
    }
    return known;
  }

  /** Argument indexes (command name excluded) of the keys. */
  async function keyIndexes(command: string, args: string[], meta: CommandInfo): Promise<number[]> {
    if (SCRIPTS.has(command)) return range(2, 1 + Math.max(0, Number(args[1]) || 0)).filter((i) => i < args.length);
    if (!meta.movable && meta.firstKey > 0) {
      // Positions count the command name as 0; a negative last key counts from the end.
      const last = meta.lastKey < 0 ? args.length + meta.lastKey : meta.lastKey - 1;
      return range(meta.firstKey - 1, Math.min(last, args.length - 1), Math.max(1, meta.step));
    }
    const keys = await send("COMMAND", ["GETKEYS", command, ...args]);
    if (!Array.isArray(keys)) return [];
    const wanted = new Set(keys.map(String));
    return args.flatMap((a, i) => (wanted.has(a) ? [i] : []));
  }

  /** Size of each key's entry after the command, as far as it can be known before running it. */
  async function recordSizes(command: string, args: string[], keys: number[]): Promise<number[]> {
    if (command in REPLACING) return [byteLength(args[REPLACING[command]] ?? "")];
    if (REPLACING_PAIRS.has(command)) return keys.map((k) => byteLength(args[k + 1] ?? ""));
    const isKey = new Set(keys);
    // Growth of an existing entry: what it holds plus what this command adds (an estimate for collections).
    const incoming = args.reduce((sum, a, i) => (isKey.has(i) ? sum : sum + byteLength(a)), 0);
    return Promise.all(
      keys.map(async (k) => {
        const size = await send("EVAL", [ENTRY_SIZE, "1", args[k]]);
        return (typeof size === "number" ? size : 0) + incoming;
      }),
    );
  }

  return {
    /** Upstash's error for a command past a limit, or null. */
    async check(command: string, args: string[]): Promise<string | null> {
      const longest = args.reduce((max, a) => Math.max(max, a.length), 0);
      // No argument as long as a key may be and no write that can grow an entry: nothing to look up.
      if (longest * 3 <= limits.keyBytes && limits.recordBytes === Infinity) return null;
      const meta = await info(command);
      if (!meta) return null;
      const checkKeys = longest * 3 > limits.keyBytes;
      const checkRecord = meta.grows && !SCRIPTS.has(command) && limits.recordBytes !== Infinity;
      if (!checkKeys && !checkRecord) return null;
      const keys = await keyIndexes(command, args, meta);
      for (const k of checkKeys ? keys : []) {
        const size = byteLength(args[k]);
        if (size > limits.keyBytes) return keyTooLarge(limits.keyBytes, size);
      }
      if (checkRecord && (await recordSizes(command, args, keys)).some((s) => s > limits.recordBytes))
        return RECORD_TOO_LARGE;
      return null;
    },
  };
}
