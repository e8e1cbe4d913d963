import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * What a soak watches of the server process: resident memory now and its peak so far (`VmHWM`, which
 * catches spikes between samples), open descriptors, of which sockets.
 */
export type ProcStats = { rssMb: number; peakRssMb: number; fds: number; sockets: number };

/** Read from /proc (Linux): `VmRSS` and the entries of `/proc/<pid>/fd`. */
export function procStats(pid: number): ProcStats {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const peakKb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const fds = readdirSync(`/proc/${pid}/fd`);
  let sockets = 0;
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:")) sockets++;
    } catch {
      // Closed between the listing and the read.
    }
  }
  return { rssMb: rssKb / 1024, peakRssMb: peakKb / 1024, fds: fds.length, sockets };
}

/** Least-squares slope of y over x. */
export function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}
