import * as v from "valibot";

/** Every environment variable the service reads; parsed once at the entry (README lists them). */
export const EnvSchema = v.object({
  PORT: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "PORT must be a port number"), v.transform(Number)), "8000"),
  SIIBRA_USE_CONFIGURATION: v.optional(v.pipe(v.string(), v.minLength(1))),
  SIIBRA_USE_VOCABULARIES: v.optional(v.pipe(v.string(), v.minLength(1))),
  SIIBRA_CACHEDIR: v.optional(v.pipe(v.string(), v.minLength(1))),
  SIIBRA_API_REMAP_PROVIDERS: v.optional(v.string(), ""),
  SIIBRA_API_VERSION: v.optional(v.string(), "0.3.35"),
  SIIBRA_API_KG_TIMEOUT_MS: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)), "3000"),
  SIIBRA_API_LOG: v.optional(v.picklist(["info", "warn", "error", "silent"]), "info"),
  XDG_CACHE_HOME: v.optional(v.string()),
  HOME: v.optional(v.string()),
});

export type Env = v.InferOutput<typeof EnvSchema>;

/** Parses the environment or throws one line naming the offending variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = v.safeParse(EnvSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const name = issue.path?.map((p) => String(p.key)).join(".") ?? "environment";
  throw new Error(`invalid environment variable ${name}: ${issue.message}`);
}
