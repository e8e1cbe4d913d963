import { coreMix, expand } from "./session-mix.ts";
import type { MixEntry } from "./session-mix.ts";
import { loadMix } from "./load-mix.ts";
import { startProcess } from "./process.ts";

/**
 * The same core session mix against role `all` and role `server` with 1 and 2 workers (local QStash
 * and Redis), response cache off so the job transport is what is measured. The stack runs in its own
 * process (`dev/stack/cli.ts`) so the load generator does not share a CPU budget with the scheduler.
 */
export async function compareShapes(env: Record<string, string>, opts: { seconds: number; concurrency: number }) {
  const shared = { ...env, SIIBRA_API_CACHE: "none" };
  const atlas = await startProcess(["src/index.ts"], shared);
  let mix: MixEntry[];
  try {
    const human = (await (await fetch(`${atlas.url}/v3_0/atlases/juelich%2Fiav%2Fatlas%2Fv1.0.0%2F1`)).json()) as {
      parcellations: { "@id": string }[];
      spaces: { "@id": string }[];
    };
    mix = expand(
      coreMix(
        human.parcellations.map((p) => p["@id"]),
        human.spaces.map((s) => s["@id"]),
      ),
    );
  } finally {
    await atlas.stop();
  }
  const rows = [];
  const all = await startProcess(["src/index.ts"], shared);
  try {
    rows.push({ shape: "role all (inline)", ...(await loadMix(all.url, mix, opts)) });
  } finally {
    await all.stop();
  }
  for (const workers of [1, 2]) {
    const stack = await startProcess(["dev/stack/cli.ts", "--workers", String(workers)], shared);
    try {
      rows.push({
        shape: `role server, ${workers} worker${workers > 1 ? "s" : ""}`,
        ...(await loadMix(stack.url, mix, opts)),
      });
    } finally {
      await stack.stop();
    }
  }
  return rows;
}
