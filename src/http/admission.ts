import { ShedError } from "../../jobs/admission.ts";
import { classOfUrl } from "./classes.ts";
import { envelopeResponse } from "./envelope.ts";
import type { MiddlewareHandler } from "hono";
import type { Admission } from "../../jobs/admission.ts";

/**
 * Admission by criticality class (src/http/classes.ts): a request holds its class's slot while its
 * route runs; a refused one gets the 503 envelope with `Retry-After`. Mounted after the caches,
 * so answers that cost nothing never wait.
 */
export function admission(control: Admission, onShed?: (lane: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const lane = classOfUrl(c.req.url);
    let release: () => void;
    try {
      release = await control.acquire(lane);
    } catch (err) {
      if (!(err instanceof ShedError)) throw err;
      onShed?.(lane);
      const res = envelopeResponse(err.status, err.body);
      res.headers.set("retry-after", String(err.retryAfterSeconds));
      return res;
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
