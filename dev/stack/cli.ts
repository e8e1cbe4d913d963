import { startStack } from "./stack.ts";

/**
 * `bun run stack [--workers N] [--port P]`: server + workers + local QStash + Redis (REST bridge)
 * on this machine, for development and benchmarks. Ctrl-C stops everything.
 */
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const stack = await startStack({
  workers: Number(arg("workers", "2")),
  serverPort: Number(arg("port", process.env.PORT ?? "8000")),
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
