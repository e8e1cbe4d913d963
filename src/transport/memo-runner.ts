import { canonical } from "./job-key.ts";
import { parsePayload } from "./runner.ts";
import { RawJson } from "../lib/raw-json.ts";
import { FileBody } from "../lib/file-body.ts";
import { ByteLru } from "../lib/byte-lru.ts";
import type { JobRunner } from "./runner.ts";
import type { Job } from "../../jobs/job.ts";
import type { Queue } from "../../jobs/queues.ts";
import type { JobContext } from "../../jobs/context.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { DatasetService } from "../datasets/index.ts";

/** The dataset service also says whether the knowledge graph answered fully. */
const hasDetails = (d: DatasetResolver): d is DatasetService =>
  typeof (d as Partial<DatasetService>).resolveDetailed === "function";

/** Fault injection (benchmarks): keeps the thread busy, as a CPU-heavy job would. */
export function burnCpu(ms: number): void {
  if (ms <= 0) return;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/**
 * A run context that notes partial answers (knowledge graph or neuroglancer host unreachable): such
 * results will improve later, so they are served but not kept.
 */
function trackingContext(ctx: JobContext): { ctx: JobContext; partial: () => boolean } {
  let partial = false;
  const base = ctx.datasets;
  const datasets: DatasetResolver = hasDetails(base)
    ? {
        async resolve(refs) {
          const detailed = await base.resolveDetailed(refs);
          if (detailed.partial) partial = true;
          return detailed.datasets;
        },
      }
    : base;
  // Mesh fragment names come from the neuroglancer host; [] may mean it could not be read: not kept.
  const meshes: JobContext["meshes"] = {
    async names(spec) {
      const names = await ctx.meshes.names(spec);
      if (names.length === 0) partial = true;
      return names;
    },
  };
  return { ctx: { ...ctx, datasets, meshes }, partial: () => partial };
}

/**
 * Role `all` and workers: results of `immutable` jobs are serialized once per configuration and
 * kept as JSON text in a byte-bounded LRU, so a response-cache miss on a core route costs about what
 * a hit costs (a lookup and the bytes). Other jobs, failures and partial answers run every time.
 */
export function memoRunner(
  ctx: JobContext,
  opts: { maxBytes: number; cpuMs?: Partial<Record<Queue, number>> },
): JobRunner {
  const run = (job: Job, parsed: unknown, context: JobContext) => {
    burnCpu(opts.cpuMs?.[job.queue] ?? 0);
    return job.run(parsed, context);
  };
  const memo = new ByteLru(opts.maxBytes);
  const building = new Map<string, Promise<unknown>>();

  async function build(job: Job, parsed: unknown, key: string): Promise<unknown> {
    const tracked = trackingContext(ctx);
    const value = await run(job, parsed, tracked.ctx);
    if (value instanceof FileBody) return value;
    const raw = value instanceof RawJson ? value : new RawJson(JSON.stringify(value));
    // Two bytes per UTF-16 code unit: what the string occupies in the process.
    if (!tracked.partial()) memo.set(key, raw, raw.text.length * 2 + key.length * 2);
    return raw;
  }

  return {
    async run(job, payload) {
      const parsed = parsePayload(job, payload);
      if (!job.immutable || opts.maxBytes <= 0) return run(job as Job, parsed, ctx) as never;
      const key = `${job.name}\n${canonical(parsed)}`;
      const hit = memo.get<RawJson>(key);
      if (hit) return hit as never;
      let pending = building.get(key);
      if (!pending) {
        pending = build(job as Job, parsed, key).finally(() => building.delete(key));
        building.set(key, pending);
      }
      return (await pending) as never;
    },
  };
}
