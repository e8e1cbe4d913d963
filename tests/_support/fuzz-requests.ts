/**
 * fast-check generators of hostile requests for every documented route: the route templates come from the
 * app's own OpenAPI document (which the contract test pins to upstream's), the values mix real ids (so
 * that deep code paths run) with odd strings (unicode, `%` sequences, `..`, very long, URL-looking, JSON
 * fragments, numbers out of range, bbox and point strings), parameters are dropped, repeated or added,
 * and methods and headers vary.
 */
import fc from "fast-check";
import { SNIPPET_ACCEPT } from "../../src/http/response/run-job.ts";

export type FuzzRequest = { method: string; path: string; headers: Record<string, string> };
export type Operation = { path: string; params: { name: string; in: "path" | "query"; required: boolean }[] };

/** Real values a client would send, collected from the app before fuzzing. */
export type KnownIds = {
  ids: string[];
  regions: string[];
  /** Good values per parameter name (`parcellation_id` → parcellation ids), so whole valid requests occur. */
  byName: Record<string, string[]>;
};

const ODD = [
  "",
  " ",
  "..",
  "../..",
  "../../etc/passwd",
  "%",
  "%2",
  "%zz",
  "%00",
  "%2e%2e%2f",
  "%25%32%66",
  "\u0000",
  "😀",
  "ä ö ü ß",
  "\u202e",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "true",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "-1",
  "0",
  "99999999999999999999",
  "1.5",
  "{}",
  '{"a":1}',
  "[1,2",
  "[[0,0,0],[1,1,1]]",
  "[[-100,-100,-100],[100,100,100]]",
  "[[1,2],[3]]",
  "[[1e308,0,0],[1,1,1]]",
  "[0,0,0]",
  "1,2,3",
  "1mm,2mm,3mm",
  "-10.5mm, 3mm, 1e2mm",
  "http://169.254.169.254/latest/meta-data/",
  "https://evil.example.com/x.nii.gz",
  "file:///etc/passwd",
  "//evil.example.com/",
  "LABELLED",
  "STATISTICAL",
  "labelled",
  "statistical",
  "left",
  "Group: a, b",
];

const ENCODE = fc.constantFrom("component", "component", "raw", "double") as fc.Arbitrary<
  "component" | "raw" | "double"
>;

/** How a value lands in the URL: encoded as clients do, raw (the URL parser fixes what it can), or twice. */
function place(value: string, how: "component" | "raw" | "double"): string {
  if (how === "raw") return value.replaceAll("#", "%23");
  const once = encodeURIComponent(value);
  return how === "double" ? encodeURIComponent(once) : once;
}

function valueArb(known: KnownIds): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known.ids) },
    { weight: 2, arbitrary: fc.constantFrom(...known.regions) },
    { weight: 3, arbitrary: fc.constantFrom(...ODD) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
    { weight: 1, arbitrary: fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...known.ids), fc.string()).map(([a, b]) => a + b) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => "x".repeat(n)) },
  );
}

const METHOD = fc.oneof(
  { weight: 12, arbitrary: fc.constant("GET") },
  { weight: 1, arbitrary: fc.constantFrom("HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH") },
);

const HEADERS = fc.record(
  {
    accept: fc.constantFrom("application/json", "*/*", "text/html", SNIPPET_ACCEPT, "x/y;q=garbage"),
    "if-none-match": fc.oneof(
      fc.constant("*"),
      fc.string({ maxLength: 60 }).map((s) => `"${s}"`),
    ),
    "if-modified-since": fc.constantFrom("Thu, 01 Jan 1970 00:00:00 GMT", "garbage"),
    range: fc.constantFrom("bytes=0-10", "bytes=-5", "bytes=9999999999-", "lines=1-2"),
    origin: fc.constantFrom("https://atlases.ebrains.eu", "null"),
    // Large headers: a proxy passes up to a few tens of kB.
    "x-fuzz": fc.integer({ min: 1, max: 32_000 }).map((n) => "h".repeat(n)),
  },
  { requiredKeys: [] },
);

/** One request against one operation: each parameter present, absent, repeated; extras appended. */
export function requestArb(operations: Operation[], known: KnownIds): fc.Arbitrary<FuzzRequest> {
  const value = valueArb(known);
  const opArb = fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...operations) },
    // Paths no route has: odd prefixes, traversal, unknown resources.
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("/v3_0/{x}", "/{x}", "/v3_0/atlases/{x}/{x}", "/v3_0/feature/{x}/{x}/{x}", "/v3_0/../{x}")
        .map((path): Operation => ({ path, params: [{ name: "x", in: "path", required: true }] })),
    },
  );
  return opArb.chain((op) =>
    fc
      .record({
        method: METHOD,
        headers: HEADERS,
        pathValues: fc.array(fc.tuple(value, ENCODE, fc.boolean()), {
          minLength: op.params.length,
          maxLength: op.params.length,
        }),
        query: fc.array(fc.tuple(value, ENCODE, fc.constantFrom(0, 1, 1, 1, 1, 2), fc.nat()), {
          minLength: op.params.length,
          maxLength: op.params.length,
        }),
        extra: fc.array(fc.tuple(fc.constantFrom("page", "size", "x", "__proto__", "find", "type"), value), {
          maxLength: 2,
        }),
      })
      .map(({ method, headers, pathValues, query, extra }) => {
        let path = op.path;
        const qs: string[] = [];
        op.params.forEach((p, i) => {
          const [pv, how, good] = pathValues[i] ?? ["", "component", false];
          // Half of the values are good ones for the parameter (when known), encoded as clients do.
          const goods = known.byName[p.name];
          const pick = (n: number) => (goods?.length ? goods[n % goods.length] : undefined);
          if (p.in === "path") {
            const g = good ? pick(pv.length) : undefined;
            path = path.replace(`{${p.name}}`, g === undefined ? place(pv, how) : encodeURIComponent(g));
            return;
          }
          const [qv, qhow, times, n] = query[i] ?? ["", "component", 1, 0];
          const g = n % 2 === 0 ? pick(n >> 1) : undefined;
          for (let t = 0; t < times; t++) {
            qs.push(`${p.name}=${t === 0 && g !== undefined ? encodeURIComponent(g) : place(t === 0 ? qv : pv, qhow)}`);
          }
        });
        for (const [name, v] of extra) qs.push(`${name}=${encodeURIComponent(v)}`);
        return { method, headers, path: qs.length ? `${path}?${qs.join("&")}` : path };
      }),
  );
}
