import type { Context } from "hono";

/** What Bun passes as the second argument of `fetch` (Hono's `c.env`): the server, which knows the peer. */
type PeerAware = { requestIP(req: Request): { address: string } | null };

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

/**
 * An address as a rate-limit identity, or null when it is not an IP address (`unknown`, obfuscated
 * identifiers, garbage): such values must not become keys. IPv6 addresses count per /64, the block a
 * single subscriber is usually given, so rotating within it gains nothing.
 */
export function clientKey(raw: string): string | null {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  if (IPV4.test(s)) return s;
  if (s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(":")) return null;
  const mapped = /^::ffff:((\d{1,3}\.){3}\d{1,3})$/i.exec(s);
  if (mapped) return mapped[1];
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * Who a request comes from, for per-client rate limiting: the first address of `X-Forwarded-For`,
 * else `CF-Connecting-IP`, else the peer of the socket (Bun). Trusts those headers: the service must
 * only be reachable through a proxy that sets them (docs/operations.md#rate-limiting). Requests without any
 * usable address share one identity, `unknown`.
 */
export function clientAddress(c: Context): string {
  const forwarded = c.req.header("x-forwarded-for");
  const first = forwarded ? clientKey(forwarded.split(",")[0]) : null;
  if (first) return first;
  const cf = c.req.header("cf-connecting-ip");
  const fromCf = cf ? clientKey(cf) : null;
  if (fromCf) return fromCf;
  const server = c.env as Partial<PeerAware> | undefined;
  const peer = typeof server?.requestIP === "function" ? server.requestIP(c.req.raw) : null;
  return (peer && clientKey(peer.address)) || "unknown";
}
