import type { AppError } from "../errors.ts";
import { FileBody } from "../lib/file-body.ts";
import { FileStream } from "../lib/file-stream.ts";
import { RawJson } from "../lib/raw-json.ts";
import { readChunks, writeChunks } from "../lib/chunks.ts";
import { sha256Hex } from "../lib/sha256.ts";
import type { ChunkIo } from "../lib/chunks.ts";
import { jobId } from "./job-key.ts";
import { answerOf, failureOf, outcomeOf } from "./outcome.ts";
import type { Answer } from "./answer.ts";
import type { Keep } from "./keep.ts";
import type { Chunked, JobOutcome } from "./outcome.ts";
import type { JobResults } from "./redis-outcomes.ts";

/** Redis expiries are whole seconds; an unbounded keep there is the outcome lifetime the caller gives. */
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Raw bytes per chunk: base64 makes them exactly 1 MiB per command, a tenth of what one Upstash request
 * may carry, and a file of any size is spread over keys far below Upstash's 100 MB per record.
 */
export const CHUNK_BYTES = 768 * 1024;

/** Answers up to this many bytes (JSON text, or a file's base64) stay one value; larger ones go in chunks. */
const INLINE_BYTES = 1024 * 1024;

/** The bytes of an answer too large for one value, and how it is sent. */
async function bytesOf(
  answer: Answer,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string; headers: Record<string, string> }> {
  if (answer instanceof FileBody)
    return { bytes: answer.bytes, contentType: answer.contentType, headers: { ...answer.headers } };
  if (answer instanceof FileStream) {
    const bytes = new Uint8Array(await new Response(answer.open()).arrayBuffer());
    return { bytes, contentType: answer.contentType, headers: { ...answer.headers } };
  }
  return { bytes: new TextEncoder().encode(answer.text), contentType: "application/json", headers: {} };
}

/** Held in memory and at most `INLINE_BYTES` stored (a file's base64 is 4/3 of its bytes). */
function small(answer: Answer): answer is RawJson | FileBody {
  if (answer instanceof FileBody) return Math.ceil(answer.bytes.byteLength / 3) * 4 <= INLINE_BYTES;
  return answer instanceof RawJson && answer.text.length <= INLINE_BYTES;
}

/**
 * Roles `server` and `worker`: answers are job outcomes in Redis under the job id (data version + job
 * name + canonical payload), written by the worker that ran the job and read by any server. A small
 * answer is one value (head + body); a large one is its chunks first, then a head naming them, so a
 * head is only ever seen complete, and the server streams the chunks to the client one by one.
 */
export function redisKeep(results: JobResults, dataVersion: string): Keep {
  const chunksOf = (key: string, ttl: number): ChunkIo => ({
    put: (i, base64) => results.setChunk(key, i, base64, ttl),
    get: (i) => results.getChunk(key, i),
  });

  async function setChunked(key: string, answer: Answer, ttl: number): Promise<void> {
    const { bytes, contentType, headers } = await bytesOf(answer);
    const count = await writeChunks(chunksOf(key, ttl), bytes, CHUNK_BYTES);
    const chunked: Chunked = { count, chunkBytes: CHUNK_BYTES, size: bytes.byteLength, sha256: await sha256Hex(bytes) };
    const partial = answer.partial ? { partial: true } : {};
    await results.set(key, { status: 200, chunked, contentType, headers, ...partial }, ttl);
  }

  /** A stored outcome as the route sends it: a chunked one is streamed from its chunks. */
  const answerFrom = (key: string, outcome: JobOutcome): Answer | AppError => {
    if (!("chunked" in outcome)) return answerOf(outcome);
    const { chunked, contentType, headers, partial } = outcome;
    const open = () => readChunks(chunksOf(key, 0), chunked.count, `outcome ${key}`);
    return new FileStream(open, chunked.size, contentType, headers, partial === true);
  };

  return {
    keyOf: (job, parsed) => jobId(dataVersion, job.name, parsed),
    async get(key) {
      const outcome = await results.get(key);
      return outcome ? answerFrom(key, outcome) : null;
    },
    async set(key, answer, ttlMs) {
      if (ttlMs <= 0) return;
      if (small(answer)) return results.set(key, outcomeOf(answer), seconds(ttlMs));
      await setChunked(key, answer, seconds(ttlMs));
    },
    async fail(key, error: AppError, ttlMs) {
      await results.set(key, failureOf(error), seconds(ttlMs));
    },
    async watch(key) {
      const { outcome, claimed, written } = await results.look(key);
      return { kept: outcome ? answerFrom(key, outcome) : null, running: claimed, written };
    },
  };
}
