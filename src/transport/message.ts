import * as v from "valibot";
import { QUEUES } from "../../jobs/queues.ts";

/** What the server publishes to a worker's delivery endpoint (the QStash message body). */
export const JobMessage = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-f0-9]{16,64}$/)),
  job: v.string(),
  queue: v.picklist(QUEUES),
  payload: v.unknown(),
  /** Epoch ms when the server published it: queue wait time = start − publishedAt. */
  publishedAt: v.number(),
});
export type JobMessage = v.InferOutput<typeof JobMessage>;
