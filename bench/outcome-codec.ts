/**
 * `bun bench/outcome-codec.ts`: the serialization work role `server` adds per cache miss, on the real bodies
 * of the core session mix, in one process (so a loaded machine shifts both sides alike). Baseline: the
 * former path (worker: stringify the value, then stringify the outcome around it; server: parse the outcome,
 * parse the body, stringify it again for the response). Measured: the answer serialized once by the worker
 * (src/transport/answer.ts), stored as head + verbatim body (src/transport/outcome.ts) and sent as is.
 * Both include the Upstash REST framing of SET and GET.
 */
import { parseEnv } from "../src/env.ts";
import { createApp } from "../src/app.ts";
import { composeServices } from "../src/compose.ts";
import { resolveConfigDirs } from "../src/config/resolve.ts";
import { loadConfigDir } from "../src/config/load-dir.ts";
import { createDownloadFetcher } from "../src/config/download.ts";
import { parseRemapRules } from "../src/lib/remote.ts";
import { answerOf, decodeOutcome, encodeOutcome, outcomeOf } from "../src/transport/outcome.ts";
import { toAnswer } from "../src/transport/answer.ts";
import { coreMix, expand } from "./session-mix.ts";
import { RawJson } from "../src/lib/raw-json.ts";

const env = parseEnv({ ...process.env, SIIBRA_API_LOG: "silent", SIIBRA_API_CACHE: "none" });
const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
const { configDir, vocabDir } = await resolveConfigDirs(env, createDownloadFetcher(remap));
const app = createApp(composeServices({ env, files: await loadConfigDir(configDir, vocabDir), remap }));
const human = (await (await app.request("/v3_0/atlases/juelich%2Fiav%2Fatlas%2Fv1.0.0%2F1")).json()) as {
  parcellations: { "@id": string }[];
  spaces: { "@id": string }[];
};
const mix = expand(
  coreMix(
    human.parcellations.map((p) => p["@id"]),
    human.spaces.map((s) => s["@id"]),
  ),
);
// The job results of the mix, as values (what a job returns).
const values: unknown[] = [];
for (const entry of mix) {
  const res = await app.request(entry.path);
  if (res.status === 200) values.push(await res.json());
}

const key = "siibra-edge:outcome:0123456789abcdef0123456789abcdef01234567";
/** What crosses the wire to Redis and back: the SET command's JSON array, the GET reply's JSON object. */
const viaRest = (stored: string) => {
  const command = JSON.stringify(["set", key, stored, "ex", 3600]);
  const stillStored = (JSON.parse(command) as string[])[2];
  return (JSON.parse(JSON.stringify({ result: stillStored })) as { result: string }).result;
};

function former(value: unknown): string {
  const stored = JSON.stringify({ status: 200, body: JSON.stringify(value) });
  const outcome = JSON.parse(viaRest(stored)) as { body: string };
  return JSON.stringify(JSON.parse(outcome.body));
}

function current(value: unknown): string {
  // The worker's inline transport serializes the value once (toAnswer); the server sends the stored text.
  const stored = encodeOutcome(outcomeOf(toAnswer(value, false)));
  const answer = answerOf(decodeOutcome(viaRest(stored)));
  if (!(answer instanceof RawJson)) throw new Error("a JSON job result came back as something else");
  return answer.text;
}

for (const v of values) if (former(v) !== current(v)) throw new Error("the two paths answer different bytes");

function rate(f: (value: unknown) => string, ms: number): number {
  const deadline = performance.now() + ms;
  let rounds = 0;
  while (performance.now() < deadline) {
    for (const v of values) f(v);
    rounds++;
  }
  return (rounds * values.length) / (ms / 1000);
}

const bytes = values.reduce<number>((sum, v) => sum + JSON.stringify(v).length, 0);
console.log(`${values.length} job results of the core mix, ${(bytes / values.length / 1024).toFixed(1)} KiB mean body`);
rate(former, 300);
rate(current, 300);
const rows: [string, number][] = [];
for (let round = 0; round < 3; round++) rows.push(["former", rate(former, 1000)], ["current", rate(current, 1000)]);
const best = (name: string) => Math.max(...rows.filter(([n]) => n === name).map(([, r]) => r));
const [f, c] = [best("former"), best("current")];
console.log(`  former path (stringify twice, parse twice, stringify again): ${f.toFixed(0)} results/s`);
console.log(`  current path (head + verbatim body, sent as is):            ${c.toFixed(0)} results/s`);
console.log(
  `  ratio ${(c / f).toFixed(2)}; per result ${(1000 / f).toFixed(3)} ms → ${(1000 / c).toFixed(3)} ms of CPU`,
);
