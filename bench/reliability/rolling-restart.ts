import { rollingRestart } from "./rolling.ts";

/**
 * `npm run rolling-restart` (docs/operations.md#reliability): the server-worker stack with 2 workers under a
 * steady open-loop load of the production mix (ROLLING_RATE req/s, default 60; ROLLING_FRESH, default 0.1, of
 * them new jobs); after ROLLING_BEFORE_S, worker 1 then worker 2 get SIGTERM and are restarted, each waited
 * for until ready; ROLLING_AFTER_S more of load. Prints requests, non-2xx by status, connection errors (must
 * be 0), requests never answered (lost), p50/p95 before, during and after the restarts, and the QStash
 * counters.
 */
const num = (name: string) => (process.env[name] === undefined ? undefined : Number(process.env[name]));

const report = await rollingRestart({
  rate: num("ROLLING_RATE") ?? 60,
  fresh: num("ROLLING_FRESH") ?? 0.1,
  beforeS: num("ROLLING_BEFORE_S") ?? 10,
  afterS: num("ROLLING_AFTER_S") ?? 10,
  log: (line) => console.log(line),
});
console.log(JSON.stringify(report, null, 2));
const ok = report.fetchErrors === 0 && report.lost === 0 && Object.keys(report.non2xx).length === 0;
console.log(ok ? "rolling restart: no failed request" : "rolling restart: FAILED requests (see above)");
process.exit(ok ? 0 : 1);
