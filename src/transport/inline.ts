import { toAnswer } from "./answer.ts";
import type { Transport } from "./transport.ts";
import type { HeldAnswer } from "./answer.ts";
import type { JobContext } from "../../jobs/context.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { DatasetService } from "../datasets/index.ts";

/** The dataset service also says whether the knowledge graph answered fully. */
const hasDetails = (d: DatasetResolver): d is DatasetService =>
  typeof (d as Partial<DatasetService>).resolveDetailed === "function";

/**
 * A context for one run that notes when the answer is built around a failed source: datasets served
 * ids-only because the knowledge graph did not answer, region relations left out for the same reason,
 * mesh fragment names that could not be read, or whatever a job reports through `markPartial`.
 */
export function trackedContext(ctx: JobContext): { ctx: JobContext; partial: () => boolean } {
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
  const detailed = ctx.meshes.namesDetailed?.bind(ctx.meshes);
  const meshes: JobContext["meshes"] = detailed
    ? {
        async names(spec) {
          const read = await detailed(spec);
          if (read.failed) partial = true;
          return read.names;
        },
      }
    : ctx.meshes;
  // Region relations read snapshot documents directly: a document that could not be had leaves its
  // homologies out, an answer that heals once the knowledge graph is back.
  // A store that cannot tell a missing document from an unreachable one counts every miss.
  const lookup = ctx.kg.lookup?.bind(ctx.kg);
  const kg: JobContext["kg"] = {
    async get(path, parse) {
      if (!lookup) {
        const doc = await ctx.kg.get(path, parse);
        if (doc === null) partial = true;
        return doc;
      }
      const looked = await lookup(path, parse);
      if (looked.unavailable) partial = true;
      return looked.value;
    },
  };
  const markPartial = () => {
    partial = true;
  };
  return { ctx: { ...ctx, datasets, kg, meshes, markPartial }, partial: () => partial };
}

/** Runs jobs in this process (role `all`, a job thread, a worker): the answer serialized once, flagged. */
export function inlineTransport(ctx: JobContext): Transport<HeldAnswer> {
  return {
    async execute(job, parsed) {
      const run = trackedContext(ctx);
      const value = await job.run(parsed, run.ctx);
      return toAnswer(value, run.partial());
    },
  };
}
