import { startStack } from "../../dev/stack/stack.ts";
import { freePort, start, waitForReady } from "../../dev/process.ts";
import type { Stack } from "../../dev/stack/stack.ts";
import type { Started } from "../../dev/process.ts";

/**
 * Role `server` with two workers (the local stack) and, as the reference, a role `all` process on the same
 * environment (response cache off, so every answer is built), both ready.
 */
export async function rolesSideBySide(
  env: Record<string, string>,
): Promise<{ stack: Stack; allInOne: Started; allUrl: string }> {
  const port = await freePort();
  const allUrl = `http://127.0.0.1:${port}`;
  const allInOne = start(process.execPath, ["--no-env-file", "src/index.ts"], {
    cwd: `${import.meta.dir}/../..`,
    env: { ...process.env, ...env, PORT: String(port), SIIBRA_API_CACHE: "none" },
  });
  const [stack] = await Promise.all([
    startStack({ workers: 2, env }),
    waitForReady(`${allUrl}/ready`, allInOne, 30_000),
  ]);
  return { stack, allInOne, allUrl };
}
