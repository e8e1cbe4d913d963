/**
 * `bun dev/qstash/cli.ts --port 8080` — stand-in for the official `qstash dev` (same port, token and keys by
 * default, so either can run behind the same .env).
 */
import { parseArgs } from "node:util";
import { startLocalQStash } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.QSTASH_DEV_PORT ?? "8080" },
    hostname: { type: "string", default: "127.0.0.1" },
    "retry-delay-ms": { type: "string" },
    quiet: { type: "boolean", default: false },
    // QStash's largest message: 1 MB on the Free plan, 10 MB on paid ones; 0 = no limit.
    "max-message-mb": { type: "string", default: "1" },
  },
});

const retryDelay = values["retry-delay-ms"] === undefined ? undefined : Number(values["retry-delay-ms"]);
const qstash = startLocalQStash({
  port: Number(values.port),
  hostname: values.hostname,
  // A fixed delay is easier to reason about when watching a local run.
  retryDelayMs: retryDelay === undefined ? undefined : () => retryDelay,
  maxMessageBytes: Math.round(Number(values["max-message-mb"]) * 1024 * 1024),
  log: values.quiet ? undefined : (line) => console.log(`[local-qstash] ${line}`),
});

const keys = qstash.signingKeys();
console.log(`Local QStash running at ${qstash.url}

QSTASH_URL=${qstash.url}
QSTASH_TOKEN=${qstash.token}
QSTASH_CURRENT_SIGNING_KEY=${keys.current}
QSTASH_NEXT_SIGNING_KEY=${keys.next}
`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void qstash.stop().then(() => process.exit(0));
  });
}
