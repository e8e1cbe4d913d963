/** Local, in-memory QStash for development, tests and benchmarks. See README.md in this folder. */
export { startLocalQStash } from "./server.ts";
export { DEV_CURRENT_SIGNING_KEY, DEV_NEXT_SIGNING_KEY, DEV_TOKEN } from "./constants.ts";
export type { DlqEntry, LocalQStash, LocalQStashOptions, LocalQStashStats, SigningKeys } from "./types.ts";
