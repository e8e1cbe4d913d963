import { jobResponse } from "./job-response.ts";
import { RawJson } from "../../lib/raw-json.ts";
import type { Context } from "hono";
import type * as v from "valibot";
import type { Job } from "../../../jobs/job.ts";
import type { AppEnv } from "../env.ts";

/** siibra-api's code-snippet trigger: exactly this `Accept` value (siibra-explorer's experimental flag). */
export const SNIPPET_ACCEPT = "text/x-sapi-python";

const indent2 = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * What every route does: run its job through the role's transport and answer the JSON. With
 * `Accept: text/x-sapi-python` it answers instead a siibra-python example reproducing the request,
 * in upstream's frame (`args=…`, `kwargs=…`, the function, the call); kwargs are the request's
 * query and path parameters without paging, as upstream forwards them.
 */
export async function runJob<S extends v.GenericSchema, R>(
  c: Context<AppEnv>,
  job: Job<S, R>,
  payload: v.InferInput<S>,
): Promise<Response> {
  if (c.req.header("accept") === SNIPPET_ACCEPT) {
    const kwargs: Record<string, string> = { ...c.req.query(), ...c.req.param() };
    delete kwargs.page;
    delete kwargs.size;
    const frame = `args=${indent2([])}\nkwargs=${indent2(kwargs)}`;
    const body = `${frame}\n\n${job.python.source}\n\n${job.python.name}(*args, **kwargs)\n\n`;
    return c.text(body, 200, { "content-type": "text/plain; charset=utf-8" });
  }
  const jobs = c.var.services.jobs;
  const kept = jobs.peek?.(job, payload);
  if (kept === undefined) await c.var.admit?.();
  const answer = kept ?? (await jobs.run(job, payload));
  // Answers built around a failed source are for this request only: no shared cache, no validator.
  if (answer.partial) c.set("partial", true);
  else if (job.immutable && answer instanceof RawJson)
    c.set("immutableBody", { text: answer.text, route: c.req.routePath });
  return jobResponse(c, answer);
}
