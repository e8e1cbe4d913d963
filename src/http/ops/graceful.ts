/**
 * Graceful shutdown of a listening process (docs/operations.md#reliability). On SIGTERM the entry stops
 * listening and lets the requests already received finish, up to a grace period; this module is the
 * request-side half:
 * - while draining, answers carry `Connection: close`, so keep-alive clients (a load balancer, QStash) open
 *   their next request on another instance instead of hitting a closed socket;
 * - a QStash delivery (`POST /_jobs/...`) that arrives while draining is answered 503: QStash retries it on
 *   another worker;
 * - a request still running when the grace period ends is answered 503 + `Retry-After` rather than cut:
 *   clients retry instead of seeing a reset, and QStash redelivers a job elsewhere. Nothing half-done is
 *   stored, as a job's outcome is written only once the job has finished (src/transport/qstash-receiver.ts).
 */
import { envelopeResponse } from "../response/envelope.ts";

type Handler<A extends unknown[]> = (req: Request, ...rest: A) => Response | Promise<Response>;

const isDelivery = (req: Request) => req.method === "POST" && new URL(req.url).pathname.startsWith("/_jobs/");

function retryElsewhere(): Response {
  const res = envelopeResponse(503, { detail: "This instance is shutting down; retry" });
  res.headers.set("Retry-After", "1");
  res.headers.set("Connection", "close");
  return res;
}

function closing(res: Response): Response {
  try {
    res.headers.set("Connection", "close");
    return res;
  } catch {
    // Immutable headers (a fetched response passed through): copy once.
    const copy = new Response(res.body, res);
    copy.headers.set("Connection", "close");
    return copy;
  }
}

export class Drain {
  private draining = false;
  private expired = false;
  private readonly waiting = new Set<() => void>();
  private active = 0;
  private done = 0;

  get inFlight(): number {
    return this.active;
  }

  /** Requests answered since the start (the warm-up waits for the first: see src/index.ts). */
  get answered(): number {
    return this.done;
  }

  /** Wraps the app's fetch: counts requests in flight and applies the drain rules above. */
  wrap<A extends unknown[]>(handler: Handler<A>): Handler<A> {
    return async (req, ...rest) => {
      const delivery = isDelivery(req);
      if (delivery && (this.draining || this.expired)) return retryElsewhere();
      this.active++;
      try {
        const work = Promise.resolve(handler(req, ...rest));
        const res = await this.raceExpiry(work);
        return this.draining ? closing(res) : res;
      } finally {
        this.active--;
        this.done++;
      }
    };
  }

  /** Stop taking new job deliveries; mark every further answer `Connection: close`. */
  begin(): void {
    this.draining = true;
  }

  /** The grace period is over: requests still running are answered 503 now. */
  expire(): void {
    this.expired = true;
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  }

  private raceExpiry(work: Promise<Response>): Promise<Response> {
    if (this.expired) return Promise.resolve(retryElsewhere());
    let wake = () => {};
    const expiry = new Promise<Response>((resolve) => {
      wake = () => resolve(retryElsewhere());
      this.waiting.add(wake);
    });
    return Promise.race([work, expiry]).finally(() => this.waiting.delete(wake));
  }
}

/** Waits for `stopped` (the server's own drain) or the grace period, whichever comes first. */
export async function drainWithin(drain: Drain, stopped: Promise<unknown>, graceMs: number): Promise<boolean> {
  drain.begin();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const clean = await Promise.race([stopped.then(() => true), timeout]);
  clearTimeout(timer);
  if (!clean) drain.expire();
  return clean;
}
