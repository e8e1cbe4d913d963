import { expect, test } from "bun:test";
import { localLauncher } from "../../src/downloads/local-launcher.ts";
import { ShedError } from "../../src/errors.ts";
import type { BundleRequest } from "../../src/downloads/bundle.ts";

test("role all's bundle launcher refuses tasks beyond its waiting bound with a ShedError (503, Retry-After)", async () => {
  let finish = () => {};
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const started: string[] = [];
  const launcher = localLauncher(
    async (taskId) => {
      started.push(taskId);
      await gate;
    },
    1,
    () => {},
    2,
  );
  const req = {} as BundleRequest;
  await launcher.launch("a", req); // running
  await launcher.launch("b", req); // waiting 1
  await launcher.launch("c", req); // waiting 2
  const refused = await launcher.launch("d", req).catch((e) => e);
  expect(refused).toBeInstanceOf(ShedError);
  expect((refused as ShedError).status).toBe(503);
  expect((refused as ShedError).retryAfterSeconds).toBe(10);
  finish();
  await Bun.sleep(5);
  expect(started).toEqual(["a", "b", "c"]);
});
