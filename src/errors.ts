/**
 * Typed errors thrown by domain code. `app.onError` renders them into the upstream envelope;
 * nothing below the route layer knows about HTTP responses, only these statuses.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** The FastAPI-style body that the envelope carries as a JSON string. */
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.detail === "string" ? body.detail : `error ${status}`);
  }

  /** Whether running the same work again may succeed (queue retries): server-side failures by default. */
  get retryable(): boolean {
    return this.status >= 500;
  }
}

/** Unknown atlas/space/parcellation spec (upstream: IndexError → 404 "Cannot find item"). */
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, { detail: "Cannot find item", error: message });
  }
}

/** A siibra-api `NotFound` (map id, map for a parcellation/space); upstream meant 404 with a plain detail. */
export class DetailNotFoundError extends AppError {
  constructor(detail: string) {
    super(404, { detail });
  }
}

/**
 * Ambiguous specs and invalid parameters: 400 as upstream meant (it answers 503/500;
 * docs/decisions.md#error-statuses-as-intended).
 */
export class BadRequestError extends AppError {
  constructor(detail: string) {
    super(400, { detail });
  }
}

/**
 * Remote data (knowledge graph, data proxy) that cannot be fetched in bounded time. Subclasses
 * (src/lib/remote-errors.ts) refine the status (502 bad data, 504 timeout) and the body (host, what).
 */
export class UnavailableError extends AppError {
  constructor(error: string, status = 503, body?: Record<string, unknown>) {
    super(status, body ?? { detail: "This part of the siibra service is temporarily unavailable", error });
  }
}

export type ValidationIssue = {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
};

/** Request validation failure, pydantic-v1 shaped (`{"detail":[…]}`), status 422. */
export class ValidationError extends AppError {
  constructor(readonly issues: ValidationIssue[]) {
    super(422, { detail: issues });
  }
}

/** A request refused because its class is saturated (admission control); rendered as 503 with `Retry-After`. */
export class ShedError extends AppError {
  constructor(
    readonly lane: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, {
      detail: "This part of the siibra service is temporarily overloaded",
      error: `too many ${lane} requests in progress; retry in ${retryAfterSeconds} s`,
    });
  }
}

/** A client over its request budget for a class (rate limiting); rendered as 429 with `Retry-After`. */
export class RateLimitedError extends AppError {
  constructor(
    readonly lane: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, {
      detail: "Too Many Requests",
      error: `too many ${lane} requests from this client; retry in ${retryAfterSeconds} s`,
    });
  }
}
