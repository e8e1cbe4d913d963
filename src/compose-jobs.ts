import { answerPipeline } from "./transport/pipeline.ts";
import { backgroundQueue } from "./transport/background.ts";
import { inlineTransport } from "./transport/inline.ts";
import { withFaults } from "./transport/fault-injection.ts";
import { memoryKeep } from "./transport/keep-memory.ts";
import { redisKeep } from "./transport/keep-redis.ts";
import { poolTransport } from "./transport/pool.ts";
import { qstashTransport } from "./transport/qstash-transport.ts";
import { qstashReceiver } from "./transport/qstash-receiver.ts";
import { upstashResults } from "./transport/redis-outcomes.ts";
import { qstashPublishing, redisOf } from "./env.ts";
import { JOBS } from "../jobs/index.ts";
import type { Env } from "./env.ts";
import type { JobContext } from "../jobs/context.ts";
import type { Queue } from "../jobs/queues.ts";
import type { KeepPolicy } from "./transport/keep.ts";
import type { JobRunner } from "./transport/runner.ts";
import type { JobReceiver } from "./transport/qstash-receiver.ts";
import type { Transport } from "./transport/transport.ts";
import type { HeldAnswer } from "./transport/answer.ts";
import type { Logger } from "./lib/logger.ts";
import type { JobMetrics } from "./metrics/types.ts";

export type JobsInputs = {
  env: Env;
  ctx: JobContext;
  /** `<service version>:<data version>`: part of every Redis key, so a release never reads another's answers. */
  dataVersion: string;
  logger: Logger;
  metrics: JobMetrics;
  /** Role `all` on a runtime with threads: the module and data of a job thread (src/pool-thread.ts). */
  pool?: { threadUrl: URL; threadData: unknown };
  /** Bytes of the in-process keep (role `all`). */
  keepBytes: number;
};

export type Jobs = { jobs: JobRunner; receiver?: JobReceiver };

/** This process's own transport: jobs run here, with the benchmark faults when any are configured. */
export function localTransport(env: Env, ctx: JobContext): Transport<HeldAnswer> {
  return withFaults(inlineTransport(ctx), {
    cpuMs: env.SIIBRA_API_JOB_CPU_MS,
    delayMs: env.SIIBRA_API_ROLE === "worker" ? env.SIIBRA_API_WORKER_DELAY_MS : 0,
  });
}

/**
 * The answer path of the role: one pipeline (parse → keep → run) whose keep and transport the role
 * picks — role `all`: memory + this process (job threads for the pooled queues); `server`: Redis +
 * QStash; `worker`: Redis + this process, behind the QStash delivery endpoint.
 */
export function composeJobs(inputs: JobsInputs): Jobs {
  const { env, ctx, logger, metrics } = inputs;
  const role = env.SIIBRA_API_ROLE;
  const local = localTransport(env, ctx);
  const background = backgroundQueue({
    concurrency: env.SIIBRA_API_QUEUE_PARALLELISM.compounds,
    maxWaiting: env.SIIBRA_API_CLASS_QUEUE.compounds,
    onError: (err) => logger.error(`background job failed: ${err instanceof Error ? err.message : String(err)}`),
  });
  const resultMs = env.SIIBRA_API_JOB_RESULT_TTL * 1000;
  const partialMs = env.SIIBRA_API_KG_FAILURE_TTL_MS;
  const redis = redisOf(env);

  if (role !== "all" && redis) {
    const results = upstashResults(redis);
    const keep = redisKeep(results, inputs.dataVersion);
    // Redis keeps nothing for ever: immutable answers live as long as any other outcome there.
    const policy: KeepPolicy = { immutableMs: resultMs, resultMs, partialMs };
    if (role === "server") {
      const transport = qstashTransport({
        ...qstashPublishing(env),
        keep,
        fallback: local,
        fallbackLaunch: async (job, parsed, key) => background.push(() => local.execute(job, parsed, key)),
        logger,
        metrics,
      });
      return { jobs: answerPipeline({ keep, policy, transport, background, logger }) };
    }
    const receiver = qstashReceiver({
      signingKeys: { current: env.QSTASH_CURRENT_SIGNING_KEY ?? "", next: env.QSTASH_NEXT_SIGNING_KEY ?? "" },
      publicUrl: env.SIIBRA_API_WORKER_PUBLIC_URL ?? "",
      jobs: JOBS,
      results,
      transport: local,
      policy,
      dataVersion: inputs.dataVersion,
      logger,
      retries: env.SIIBRA_API_JOB_RETRIES,
      resultTtlSeconds: env.SIIBRA_API_JOB_RESULT_TTL,
      metrics,
    });
    return { jobs: receiver.runner, receiver };
  }

  const pooled = poolQueues(env, ctx);
  const transport =
    inputs.pool && env.SIIBRA_API_POOL_THREADS > 0 && pooled.size > 0
      ? poolTransport({
          ...inputs.pool,
          threads: env.SIIBRA_API_POOL_THREADS,
          queues: pooled,
          perQueue: env.SIIBRA_API_QUEUE_PARALLELISM,
          inline: local,
          logger,
        })
      : local;
  const keep = memoryKeep({ maxBytes: inputs.keepBytes });
  const policy: KeepPolicy = { immutableMs: Number.POSITIVE_INFINITY, resultMs, partialMs };
  return { jobs: answerPipeline({ keep, policy, transport, background, logger }) };
}

/**
 * Queues whose jobs go to job threads. A bundle leaves its zip in the download task store, so
 * `compounds` goes there only when the threads share that store with this one (on disk).
 */
function poolQueues(env: Env, ctx: JobContext): ReadonlySet<Queue> {
  const queues = new Set(env.SIIBRA_API_POOL_QUEUES);
  if (!ctx.downloads.store.shared) queues.delete("compounds");
  return queues;
}
