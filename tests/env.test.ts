import { describe, expect, test } from "bun:test";
import { parseEnv, workerUrls } from "../src/env.ts";

const redis = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079", UPSTASH_REDIS_REST_TOKEN: "t" };

describe("environment (parsed once at the entry)", () => {
  test("defaults: role all, port 8000, upstream version", () => {
    const env = parseEnv({});
    expect([env.SIIBRA_API_ROLE, env.PORT, env.SIIBRA_API_VERSION, env.SIIBRA_API_CACHE]).toEqual([
      "all",
      8000,
      "0.3.35",
      "auto",
    ]);
    expect(env.SIIBRA_API_QUEUE_PARALLELISM).toEqual({ core: 16, features: 8, volumes: 4, compounds: 2 });
    expect(env.SIIBRA_API_QUEUE_TIMEOUT_MS).toEqual({
      core: 30000,
      features: 120000,
      volumes: 120000,
      compounds: 600000,
    });
  });

  test("HOST: unset means Bun's default (every interface); IP literals and host names pass as given", () => {
    expect(parseEnv({}).HOST).toBeUndefined();
    for (const host of ["127.0.0.1", "0.0.0.0", "::", "::1", "localhost", "api.example.org"]) {
      expect(parseEnv({ HOST: host }).HOST).toBe(host);
    }
  });

  test("a HOST that is no address is refused with one line naming the variable", () => {
    // A URL, a port, brackets, a dotted number out of range, an empty value: none is a listening address.
    for (const bad of ["http://127.0.0.1", "127.0.0.1:8000", "[::1]", "127.0.0.300", "", "my host"]) {
      expect(() => parseEnv({ HOST: bad }), bad).toThrow(
        "invalid environment variable HOST: must be an IP address or a host name",
      );
    }
  });

  test("an invalid role is refused with one line naming the variable", () => {
    expect(() => parseEnv({ SIIBRA_API_ROLE: "master" })).toThrow(
      "invalid environment variable SIIBRA_API_ROLE: must be all, server or worker",
    );
  });

  test("missing credentials for the chosen role are refused, naming the variable", () => {
    expect(() => parseEnv({ SIIBRA_API_ROLE: "server", ...redis, SIIBRA_API_WORKER_URL: "http://w" })).toThrow(
      "missing environment variable QSTASH_TOKEN (required for SIIBRA_API_ROLE=server)",
    );
    expect(() => parseEnv({ SIIBRA_API_ROLE: "server", QSTASH_TOKEN: "x", SIIBRA_API_WORKER_URL: "http://w" })).toThrow(
      "UPSTASH_REDIS_REST_URL",
    );
    expect(() => parseEnv({ SIIBRA_API_ROLE: "server", QSTASH_TOKEN: "x", ...redis })).toThrow("SIIBRA_API_WORKER_URL");
    expect(() => parseEnv({ SIIBRA_API_ROLE: "worker", ...redis, QSTASH_CURRENT_SIGNING_KEY: "a" })).toThrow(
      "QSTASH_NEXT_SIGNING_KEY",
    );
    const keys = { QSTASH_CURRENT_SIGNING_KEY: "a", QSTASH_NEXT_SIGNING_KEY: "b" };
    expect(() => parseEnv({ SIIBRA_API_ROLE: "worker", ...redis, ...keys })).toThrow(
      "missing environment variable SIIBRA_API_WORKER_PUBLIC_URL (required for SIIBRA_API_ROLE=worker)",
    );
    expect(() =>
      parseEnv({ SIIBRA_API_ROLE: "worker", ...redis, ...keys, SIIBRA_API_WORKER_PUBLIC_URL: "worker-1" }),
    ).toThrow("invalid environment variable SIIBRA_API_WORKER_PUBLIC_URL: must be a URL");
    expect(() => parseEnv({ SIIBRA_API_CACHE: "redis" })).toThrow("UPSTASH_REDIS_REST_URL");
  });

  test("per-queue settings and worker URLs (per-queue override, round-robin lists)", () => {
    const env = parseEnv({
      SIIBRA_API_ROLE: "server",
      QSTASH_TOKEN: "x",
      ...redis,
      SIIBRA_API_WORKER_URL: "http://a/, http://b",
      SIIBRA_API_WORKER_URL_COMPOUNDS: "http://heavy",
      SIIBRA_API_QUEUE_PARALLELISM: "core=4, compounds=1",
    });
    expect(workerUrls("core", env)).toEqual(["http://a", "http://b"]);
    expect(workerUrls("compounds", env)).toEqual(["http://heavy"]);
    // Named queues override; the others keep their documented defaults (not 1 and 60 s).
    expect(env.SIIBRA_API_QUEUE_PARALLELISM).toEqual({ core: 4, features: 8, volumes: 4, compounds: 1 });
    expect(parseEnv({ SIIBRA_API_QUEUE_TIMEOUT_MS: "volumes=5000" }).SIIBRA_API_QUEUE_TIMEOUT_MS).toEqual({
      core: 30000,
      features: 120000,
      volumes: 5000,
      compounds: 600000,
    });
    expect(() => parseEnv({ SIIBRA_API_QUEUE_PARALLELISM: "gpu=2" })).toThrow("SIIBRA_API_QUEUE_PARALLELISM");
  });

  test("per-class admission settings keep the defaults of the classes they do not name", () => {
    const env = parseEnv({ SIIBRA_API_CLASS_QUEUE: "detail=32" });
    expect(env.SIIBRA_API_CLASS_QUEUE).toEqual({ interactive: 64, detail: 32, files: 8, compounds: 32 });
    expect(env.SIIBRA_API_CLASS_CONCURRENCY).toEqual({ interactive: 16, detail: 4, files: 2, compounds: 1 });
    expect(() => parseEnv({ SIIBRA_API_CLASS_QUEUE: "critical=2" })).toThrow("SIIBRA_API_CLASS_QUEUE");
  });

  test("a worker's nice value: 10 unless set, 0–19 only", () => {
    expect(parseEnv({}).SIIBRA_API_WORKER_NICE).toBe(10);
    expect(parseEnv({ SIIBRA_API_WORKER_NICE: "0" }).SIIBRA_API_WORKER_NICE).toBe(0);
    expect(() => parseEnv({ SIIBRA_API_WORKER_NICE: "20" })).toThrow(/SIIBRA_API_WORKER_NICE/);
    expect(() => parseEnv({ SIIBRA_API_WORKER_NICE: "low" })).toThrow(/SIIBRA_API_WORKER_NICE/);
  });

  test("per-client rate limits: off unless set, a budget per named class, critical never", () => {
    expect(parseEnv({}).SIIBRA_API_RATE_LIMIT).toEqual({});
    expect(parseEnv({ SIIBRA_API_RATE_LIMIT: " " }).SIIBRA_API_RATE_LIMIT).toEqual({});
    const env = parseEnv({ SIIBRA_API_RATE_LIMIT: "files=60/1m, compounds = 5 / 2h,detail=100/30s,interactive=7/d" });
    expect(env.SIIBRA_API_RATE_LIMIT).toEqual({
      files: { limit: 60, windowMs: 60_000 },
      compounds: { limit: 5, windowMs: 2 * 3_600_000 },
      detail: { limit: 100, windowMs: 30_000 },
      interactive: { limit: 7, windowMs: 86_400_000 },
    });
    for (const bad of ["critical=1/1s", "files=60", "files=60/1ms", "files=0/1m", "files=1/0s", "files=1/1m,"])
      expect(() => parseEnv({ SIIBRA_API_RATE_LIMIT: bad }), bad).toThrow(
        "invalid environment variable SIIBRA_API_RATE_LIMIT",
      );
  });
});
