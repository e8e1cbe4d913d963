/** Local, in-memory QStash for development, tests and benchmarks. See README.md in this folder. */
export { startLocalQStash } from "./server.ts";
export { DEV_CURRENT_SIGNING_KEY, DEV_NEXT_SIGNING_KEY, DEV_TOKEN } from "./constants.ts";
export { signJwt } from "./signature.ts";
export type { LocalQStash, LocalQStashOptions } from "./server.ts";
export type { LocalQStashStats } from "./scheduler.ts";
