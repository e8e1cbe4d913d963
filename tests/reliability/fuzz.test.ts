/**
 * Property-based fuzzing of every route (docs/operations.md#reliability): generated requests against the
 * in-process app must never yield a 500, every error must be the upstream envelope, no request may take over
 * 2 s, and no outbound request may go to a host outside the allow-list. `npm test` runs a short version; `npm
 * run test:reliability` runs ≥ 10,000 requests (SIIBRA_FUZZ_RUNS).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { SNIPPET_ACCEPT } from "../../src/http/response/run-job.ts";
import { requestArb } from "../_support/fuzz-requests.ts";
import type { FuzzRequest, KnownIds, Operation } from "../_support/fuzz-requests.ts";
import { fuzzApp } from "./fuzz-app.ts";
import type { FuzzApp } from "./fuzz-app.ts";

const RUNS = Number(process.env.SIIBRA_FUZZ_RUNS ?? 500);
const SEED = process.env.SIIBRA_FUZZ_SEED === undefined ? undefined : Number(process.env.SIIBRA_FUZZ_SEED);
const MAX_MS = 2_000;
const HONEST_5XX = new Set([501, 502, 503, 504]);
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

let fz: FuzzApp;
const operations: Operation[] = [];
let known: KnownIds;

async function items(path: string, key: string): Promise<string[]> {
  const res = await fz.app.request(path);
  const body = (await res.json()) as { items?: Record<string, unknown>[] };
  return (body.items ?? []).map((x) => String(x[key]));
}

beforeAll(async () => {
  fz = await fuzzApp();
  const doc = (await (await fz.app.request("/v3_0/openapi.json")).json()) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const op of Object.values(ops)) {
      const params = (op.parameters ?? [])
        .filter((p) => p.in === "path" || p.in === "query")
        .map((p) => ({ name: p.name, in: p.in as "path" | "query", required: p.required ?? false }));
      operations.push({ path: `/v3_0${path}`, params });
    }
  }
  for (const path of ["/", "/ready", "/about", "/metrics", "/v3_0/openapi.json", "/v3_0/docs", "/v3_0/redoc"]) {
    operations.push({ path, params: [] });
  }
  const q = encodeURIComponent;
  const [atlases, spaces, parcellations, maps, regions, connectivity, tabular, images] = await Promise.all([
    items("/v3_0/atlases?size=100", "@id"),
    items("/v3_0/spaces?size=100", "@id"),
    items("/v3_0/parcellations?size=100", "@id"),
    items("/v3_0/maps?size=100", "@id"),
    items(`/v3_0/regions?parcellation_id=${q(JBA31)}&size=60`, "name"),
    items(`/v3_0/feature/RegionalConnectivity?parcellation_id=${q(JBA31)}&size=10`, "id"),
    items(`/v3_0/feature/Tabular?parcellation_id=${q(JBA31)}&region_id=hOc1&size=10`, "id"),
    items(`/v3_0/feature/Image?space_id=${q(MNI152)}&size=10`, "id"),
  ]);
  const features = [...connectivity, ...tabular, ...images];
  known = {
    ids: [...atlases, ...spaces, ...parcellations, ...maps, ...features],
    regions,
    byName: {
      atlas_id: atlases,
      space_id: spaces,
      parcellation_id: [JBA31, JBA31, ...parcellations],
      region_id: regions,
      map_id: maps,
      feature_id: features,
      map_type: ["LABELLED", "STATISTICAL"],
      point: ["0mm,0mm,0mm", "-40.5mm,10mm,20mm", "1,2,3"],
      bbox: ["[[-10,-10,-10],[10,10,10]]", "[[0,0,0],[1,1,1]]"],
      gene: ["GABRA1", "MAOA"],
      page: ["1", "2", "0", "100000"],
      size: ["1", "10", "100", "0", "101"],
      assignment_type: ["labelled", "statistical"],
      sigma_mm: ["0", "1.5", "-1"],
    },
  };
}, 120_000);

afterAll(() => fz?.restore());

type Outcome = { status: number; ms: number; body: string; contentType: string | null };

async function send(req: FuzzRequest): Promise<Outcome | null> {
  let request: Request;
  try {
    request = new Request(`http://localhost${req.path}`, { method: req.method, headers: req.headers });
  } catch {
    return null; // Not a request a client could send (the URL or a header does not parse).
  }
  const t0 = performance.now();
  const res = await fz.app.request(request);
  const body = await res.text();
  return { status: res.status, ms: performance.now() - t0, body, contentType: res.headers.get("content-type") };
}

/** The upstream envelope, with a `message` that is itself a JSON body; `null` when it is one. */
function envelopeProblem(o: Outcome): string | null {
  try {
    const env = JSON.parse(o.body) as { error?: unknown; status_code?: unknown; message?: unknown };
    if (env.error !== true || env.status_code !== o.status || typeof env.message !== "string") return "not an envelope";
    JSON.parse(env.message);
    return null;
  } catch {
    return "not JSON";
  }
}

describe("fuzzing every route", () => {
  test(
    `${RUNS} generated requests: no 500, envelopes, under ${MAX_MS} ms, allow-listed outbound only`,
    async () => {
      const statuses = new Map<number, number>();
      let slowest = 0;
      await fc.assert(
        fc.asyncProperty(requestArb(operations, known), async (req) => {
          const o = await send(req);
          if (!o) return;
          statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
          slowest = Math.max(slowest, o.ms);
          const where = `${req.method} ${req.path.slice(0, 300)} → ${o.status} ${o.body.slice(0, 300)}`;
          // 502/503/504 are the honest answers when a data host cannot be reached (all of them, here);
          // 501 is the documented answer for volume operations this service does not support.
          expect(o.status >= 500 && !HONEST_5XX.has(o.status) ? where : "ok").toBe("ok");
          if ((o.status >= 500 || o.ms > 500) && process.env.SIIBRA_FUZZ_VERBOSE) {
            console.log(`${Math.round(o.ms)} ms ${where.slice(0, 400)}`);
          }
          expect(o.ms < MAX_MS ? "ok" : `${where} took ${Math.round(o.ms)} ms`).toBe("ok");
          // The one plain-text 404: upstream's code-snippet layer for unknown routes.
          const snippet = req.headers.accept === SNIPPET_ACCEPT && o.status === 404;
          if (o.status >= 400 && req.method !== "HEAD" && !snippet) {
            expect(`${where}: ${envelopeProblem(o) ?? "ok"}`).toBe(`${where}: ok`);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      const bad = fz.outbound.filter((url) => !fz.allowList.allows(url)).map((u) => u.href);
      expect(bad).toEqual([]);
      const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
      console.log(
        `fuzz: ${RUNS} runs, statuses ${summary.join(" ")}, slowest ${Math.round(slowest)} ms, ` +
          `${fz.outbound.length} outbound (all allow-listed)`,
      );
    },
    Math.max(60_000, RUNS * 100),
  );
});
