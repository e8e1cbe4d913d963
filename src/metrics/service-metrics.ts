import { Counter, Histogram } from "./registry.ts";
import type { JobMetrics } from "./types.ts";

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The service's metrics, exposed at `GET /metrics` in Prometheus text format. */
export class ServiceMetrics implements JobMetrics {
  readonly requests = new Counter("siibra_http_requests_total", "HTTP requests by route pattern, method and status");
  readonly latency = new Histogram(
    "siibra_http_request_duration_seconds",
    "HTTP request latency by route pattern",
    SECONDS,
  );
  readonly jobs = new Counter("siibra_jobs_total", "Jobs by queue and outcome");
  readonly jobLatency = new Histogram(
    "siibra_job_duration_seconds",
    "Job duration by queue (server: publish to outcome)",
    SECONDS,
  );
  readonly wait = new Histogram(
    "siibra_job_queue_wait_seconds",
    "Time from publication to the start of a job on a worker",
    SECONDS,
  );
  readonly cache = new Counter(
    "siibra_cache_requests_total",
    "Response cache look-ups by result (hit, miss; not_modified: conditional requests answered 304 before any look-up)",
  );
  readonly cacheErrors = new Counter(
    "siibra_cache_errors_total",
    "Failed cache operations (the request was served uncached)",
  );

  readonly shed = new Counter("siibra_shed_requests_total", "Requests refused with 503 by admission control, by class");
  readonly rateLimited = new Counter(
    "siibra_rate_limited_requests_total",
    "Requests refused with 429 because their client was over its budget, by class",
  );
  readonly rateLimitErrors = new Counter(
    "siibra_rate_limit_errors_total",
    "Rate-limit checks that failed or timed out, by reason (the request was answered unlimited)",
  );

  request(route: string, method: string, status: number, ms: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, ms / 1000);
  }

  job(queue: string, outcome: string, ms: number): void {
    this.jobs.inc({ queue, outcome });
    this.jobLatency.observe({ queue }, ms / 1000);
  }

  queueWait(queue: string, ms: number): void {
    this.wait.observe({ queue }, Math.max(0, ms) / 1000);
  }

  render(): string {
    const metrics = [
      this.requests,
      this.latency,
      this.jobs,
      this.jobLatency,
      this.wait,
      this.cache,
      this.cacheErrors,
      this.shed,
      this.rateLimited,
      this.rateLimitErrors,
    ];
    return `${metrics.map((m) => m.render()).join("\n\n")}\n`;
  }
}
