import type { Hono } from "hono";
import type { AcceptDeps } from "./accept.ts";
import type { SigningKeys } from "./types.ts";

/** Bun.serve passes the caller's address in, reported as `Upstash-Caller-Ip`. */
export type AppEnv = { Bindings: { callerIp: string } };
export type App = Hono<AppEnv>;

export interface AppDeps extends AcceptDeps {
  token: string;
  keys: () => SigningKeys;
  rotateKeys: () => SigningKeys;
}
