/**
 * A rolling restart of two workers under load (docs/operations.md#reliability), end to end and short: the
 * server-worker stack with real processes, a steady open-loop load of the production mix (a fifth of it new
 * jobs), worker 0 then worker 1 stopped with SIGTERM and restarted. Every request must get a 2xx answer: no
 * reset or refused connection, no 503, none left unanswered. The full measurement is `npm run
 * rolling-restart`.
 */
import { expect, test } from "bun:test";
import { rollingRestart } from "../../bench/reliability/rolling.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";

test("a rolling restart of both workers under load fails no request", async () => {
  const report = await rollingRestart({
    rate: 40,
    fresh: 0.2,
    beforeS: 2,
    afterS: 2,
    env: { SIIBRA_USE_CONFIGURATION: CONFIG_DIR, SIIBRA_USE_VOCABULARIES: VOCAB_DIR },
  });
  expect(report.restarts.map((r) => r.exitCode)).toEqual([0, 0]);
  // Load was running throughout, the restarts included.
  expect(report.before.requests).toBeGreaterThan(40);
  // The restarts take as long as the workers need to stop and start (well under a second on a quiet
  // machine): the load is counted against that window, not against a fixed duration.
  const windowS = report.restarts.reduce((sum, r) => sum + r.backMs, 0) / 1000;
  expect(report.during.requests).toBeGreaterThan(0);
  expect(report.during.requests).toBeGreaterThanOrEqual(Math.floor(40 * windowS * 0.8));
  expect({ fetchErrors: report.fetchErrors, samples: report.fetchErrorSamples }).toEqual({
    fetchErrors: 0,
    samples: [],
  });
  expect(report.lost).toBe(0);
  expect(report.non2xx).toEqual({});
  expect(report.before.ok + report.during.ok + report.after.ok).toBe(report.requests);
  expect(report.qstash.failed).toBe(0);
}, 60_000);
