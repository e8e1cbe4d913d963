import { parseArgs } from "node:util";
import { LIMIT_FLAGS, limitsFromFlags } from "../upstash-limits.ts";
import { startStack } from "./stack.ts";

/**
 * `bun run stack [--workers N] [--port P]`: server + workers + local QStash + Redis (REST bridge)
 * on this machine, for development and benchmarks. Ctrl-C stops everything. The stand-ins keep Upstash's
 * Free-plan limits unless told otherwise: `--max-request-mb`, `--max-record-mb`, `--max-key-kb` (Redis),
 * `--max-message-mb` (QStash); 0 turns one off. `--worker-cpus 1` pins the workers to CPU 1 (`taskset -c`).
 */
const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "2" },
    port: { type: "string", default: process.env.PORT ?? "8000" },
    "max-message-mb": { type: "string" },
    "worker-cpus": { type: "string" },
    ...LIMIT_FLAGS,
  },
});
const messageMb = values["max-message-mb"];
const stack = await startStack({
  workers: Number(values.workers),
  serverPort: Number(values.port),
  redisLimits: limitsFromFlags(values),
  qstashMaxMessageBytes: messageMb === undefined ? undefined : Math.round(Number(messageMb) * 1024 * 1024),
  workerCpus: values["worker-cpus"],
});
console.log(`server   ${stack.serverUrl}`);
for (const w of stack.workerUrls) console.log(`worker   ${w}`);
console.log(`qstash   ${stack.qstash.url}\nredis    ${stack.redis.url} (REST ${stack.bridge.url})`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
