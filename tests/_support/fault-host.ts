/**
 * A fault-capable fixture host for tests of remote loading: serves given files by path over real
 * HTTP/1.1 on 127.0.0.1 (random port), counts hits, and injects per-path faults. It speaks raw TCP
 * (node:net), so it can send what a well-behaved server never would: a Content-Length larger than
 * the body, a drip of bytes, a gzip bomb.
 *
 * Point the service at it with a remap rule, as upstream's SIIBRA_API_REMAP_PROVIDERS does:
 *
 * @example
 * const host = await startFaultHost({
 *   files: { "/api/v1/buckets/my-bucket/table.csv": "a,b\n1,2\n" },
 *   faults: { "/api/v1/buckets/my-bucket/slow.csv": { kind: "slow", delayMs: 5000 } },
 * });
 * const remap = [host.remapFrom("https://data-proxy.ebrains.eu")];
 * const fetcher = createRemoteFetcher({ remap, timeoutMs: 500 });
 * await fetcher.text("https://data-proxy.ebrains.eu/api/v1/buckets/my-bucket/table.csv"); // "a,b\n1,2\n"
 * host.setFault("/api/v1/buckets/my-bucket/table.csv", { kind: "status", status: 500 });
 * expect(host.hits("/api/v1/buckets/my-bucket/table.csv")).toBe(1);
 * await host.stop();
 *
 * For env-driven apps: `SIIBRA_API_REMAP_PROVIDERS: host.remapVar("https://data-proxy.ebrains.eu")`.
 * A host that is down: `downOrigin()` (a port that refuses connections).
 */
import { createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { gzipSync } from "node:zlib";

export type FileSpec = string | Uint8Array | { body: string | Uint8Array; contentType?: string };

export type Fault =
  /** Answers this status (body: a short text). */
  | { kind: "status"; status: number; body?: string }
  /** Sends the response (the file, else 1 KiB) only after `delayMs`. */
  | { kind: "slow"; delayMs: number }
  /** 200, then `chunkBytes` (default 16) every `intervalMs`, `totalBytes` in all (default: until closed). */
  | { kind: "drip"; intervalMs: number; chunkBytes?: number; totalBytes?: number }
  /** Declares `declaredBytes` (default: twice the body) in Content-Length, sends the body, closes. */
  | { kind: "truncate"; declaredBytes?: number }
  /** Declares `declaredBytes` in Content-Length but sends `bytes` (more), then closes. */
  | { kind: "overlong"; declaredBytes: number; bytes: number }
  /** 200 with `bytes` (default 256) pseudo-random bytes that are neither JSON, gzip nor text. */
  | { kind: "garbage"; bytes?: number; contentType?: string }
  /** 200 with `bytes` zero bytes; Content-Length only when `declare` (default: close-delimited, so the cap must count). */
  | { kind: "oversize"; bytes: number; declare?: boolean }
  /** 200 with gzip of `inflatedBytes` zeros; `encoding`: sent as Content-Encoding: gzip (else as a .gz file). */
  | { kind: "gzipBomb"; inflatedBytes: number; encoding?: boolean }
  /** A redirect (default 302) to `to` (absolute URL or path). */
  | { kind: "redirect"; to: string; status?: number }
  /** Accepts the request and never answers. */
  | { kind: "hang" }
  /** Closes the connection without a byte of answer. */
  | { kind: "reset" };

export type FaultHost = {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>`, as `URL.host` spells it (for allow-lists). */
  host: string;
  /** Requests seen for `path` (path without query), or in total without an argument. */
  hits(path?: string): number;
  /** Headers (lower-case names) of the latest request for `path`, or null. */
  headersOf(path: string): Record<string, string> | null;
  setFile(path: string, file: FileSpec): void;
  /** Sets (or with null clears) the fault of a path; a fault wins over a file. */
  setFault(path: string, fault: Fault | null): void;
  /** A remap rule sending `from` (e.g. "https://data-proxy.ebrains.eu") here. */
  remapFrom(from: string): [string, string];
  /** The same rule in `SIIBRA_API_REMAP_PROVIDERS` syntax. */
  remapVar(from: string): string;
  resetHits(): void;
  stop(): Promise<void>;
};

const STATUS_TEXT: Record<number, string> = { 200: "OK", 301: "Moved", 302: "Found", 307: "Temporary Redirect" };

export async function startFaultHost(
  init: { files?: Record<string, FileSpec>; faults?: Record<string, Fault> } = {},
): Promise<FaultHost> {
  const files = new Map(Object.entries(init.files ?? {}));
  const faults = new Map(Object.entries(init.faults ?? {}));
  const hitCounts = new Map<string, number>();
  const lastHeaders = new Map<string, Record<string, string>>();
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  for (const f of faults.values()) if (f.kind === "gzipBomb") bomb(f.inflatedBytes);
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined); // clients hang up mid-body on purpose (caps, budgets)
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      if (head.includes("\r\n\r\n")) return;
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      const [requestLine, ...headerLines] = head.split("\r\n\r\n")[0].split("\r\n");
      const target = requestLine.split(" ")[1] ?? "/";
      const path = new URL(target, "http://x").pathname;
      hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
      lastHeaders.set(
        path,
        Object.fromEntries(
          headerLines.map((l) => [l.slice(0, l.indexOf(":")).trim().toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
        ),
      );
      answer(socket, faults.get(target) ?? faults.get(path) ?? null, files.get(target) ?? files.get(path) ?? null);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  function answer(socket: Socket, fault: Fault | null, file: FileSpec | null): void {
    const { body, contentType } = fileBody(file);
    if (!fault) {
      if (file === null) send(socket, 404, { "content-type": "text/plain" }, "not found");
      else send(socket, 200, { "content-type": contentType }, body);
      return;
    }
    switch (fault.kind) {
      case "status":
        send(socket, fault.status, { "content-type": "text/plain" }, fault.body ?? `status ${fault.status}`);
        return;
      case "slow":
        later(fault.delayMs, () =>
          send(socket, 200, { "content-type": contentType }, file === null ? new Uint8Array(1024) : body),
        );
        return;
      case "drip":
        drip(socket, fault);
        return;
      case "truncate": {
        const declared = fault.declaredBytes ?? Math.max(2 * body.length, 16);
        socket.write(headers(200, { "content-type": contentType, "content-length": String(declared) }));
        socket.end(body);
        return;
      }
      case "overlong":
        socket.write(headers(200, { "content-type": contentType, "content-length": String(fault.declaredBytes) }));
        socket.end(new Uint8Array(fault.bytes).fill(0x61));
        return;
      case "garbage":
        send(socket, 200, { "content-type": fault.contentType ?? contentType }, garbage(fault.bytes ?? 256));
        return;
      case "oversize":
        oversize(socket, fault.bytes, fault.declare ?? false);
        return;
      case "gzipBomb": {
        const gz = bomb(fault.inflatedBytes);
        const extra: Record<string, string> = fault.encoding
          ? { "content-type": contentType, "content-encoding": "gzip" }
          : { "content-type": "application/gzip" };
        send(socket, 200, extra, gz);
        return;
      }
      case "redirect":
        send(socket, fault.status ?? 302, { location: fault.to }, "");
        return;
      case "hang":
        return;
      case "reset":
        socket.destroy();
        return;
    }
  }

  function drip(socket: Socket, fault: Extract<Fault, { kind: "drip" }>): void {
    const declared: Record<string, string> =
      fault.totalBytes === undefined ? {} : { "content-length": String(fault.totalBytes) };
    socket.write(headers(200, { "content-type": "application/octet-stream", ...declared }));
    let left = fault.totalBytes ?? Number.POSITIVE_INFINITY;
    const tick = () => {
      if (socket.destroyed) return;
      const n = Math.min(fault.chunkBytes ?? 16, left);
      left -= n;
      if (left <= 0) return void socket.end(new Uint8Array(n).fill(0x61));
      socket.write(new Uint8Array(n).fill(0x61));
      later(fault.intervalMs, tick);
    };
    later(fault.intervalMs, tick);
  }

  /** Streams zeros with back-pressure, so a huge body costs no memory here. */
  function oversize(socket: Socket, total: number, declare: boolean): void {
    const declared: Record<string, string> = declare ? { "content-length": String(total) } : {};
    socket.write(headers(200, { "content-type": "application/octet-stream", ...declared }));
    const chunk = new Uint8Array(64 * 1024);
    let left = total;
    const pump = () => {
      while (left > 0 && !socket.destroyed) {
        const n = Math.min(chunk.length, left);
        left -= n;
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void socket.once("drain", pump);
      }
      if (!socket.destroyed) socket.end();
    };
    pump();
  }

  return {
    origin,
    host: `127.0.0.1:${port}`,
    hits: (path) =>
      path === undefined ? [...hitCounts.values()].reduce((a, b) => a + b, 0) : (hitCounts.get(path) ?? 0),
    headersOf: (path) => lastHeaders.get(path) ?? null,
    setFile: (path, file) => void files.set(path, file),
    setFault: (path, fault) => {
      if (fault?.kind === "gzipBomb") bomb(fault.inflatedBytes);
      if (fault) faults.set(path, fault);
      else faults.delete(path);
    },
    remapFrom: (from) => [from, origin],
    remapVar: (from) => `${from}::${origin}`,
    resetHits: () => hitCounts.clear(),
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An origin whose port refuses connections (a host that is down). */
export async function downOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const bombs = new Map<number, Uint8Array>();

/** gzip of n zeros, compressed once per size (50 MB takes a while to compress). */
function bomb(n: number): Uint8Array {
  let gz = bombs.get(n);
  if (!gz) {
    gz = gzipSync(new Uint8Array(n), { level: 9 });
    bombs.set(n, gz);
  }
  return gz;
}

function fileBody(file: FileSpec | null): { body: Uint8Array; contentType: string } {
  if (file === null) return { body: new Uint8Array(0), contentType: "application/octet-stream" };
  const spec = typeof file === "string" || file instanceof Uint8Array ? { body: file } : file;
  const body = typeof spec.body === "string" ? new TextEncoder().encode(spec.body) : spec.body;
  const fallback = typeof spec.body === "string" ? "text/plain; charset=utf-8" : "application/octet-stream";
  return { body, contentType: spec.contentType ?? fallback };
}

function headers(status: number, extra: Record<string, string>): string {
  const lines = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Status"}`, "connection: close"];
  for (const [k, v] of Object.entries(extra)) lines.push(`${k}: ${v}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function send(socket: Socket, status: number, extra: Record<string, string>, body: string | Uint8Array): void {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  socket.write(headers(status, { ...extra, "content-length": String(bytes.length) }));
  socket.end(bytes);
}

/** Deterministic bytes that start with neither `{`, `[`, `"` nor gzip's magic, and are not UTF-8. */
function garbage(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = 0x80 | (x & 0x7f);
  }
  return out;
}
