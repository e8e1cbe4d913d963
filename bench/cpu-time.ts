import { readdirSync, readFileSync } from "node:fs";

// Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux this runs on (USER_HZ).
const TICK_MS = 1000 / 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** CPU time the process (all its threads) has used so far, user + system, in ms. */
export function cpuMs(pid: number): number {
  const f = statFields(pid);
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** The direct children of `pid`, with their command name and their `SIIBRA_API_ROLE` if any. */
export function childrenOf(pid: number): { pid: number; comm: string; role: string | null }[] {
  const out: { pid: number; comm: string; role: string | null }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const child = Number(name);
    try {
      if (Number(statFields(child)[1]) !== pid) continue;
      const comm = readFileSync(`/proc/${child}/comm`, "utf8").trim();
      const env = readFileSync(`/proc/${child}/environ`, "utf8").split("\0");
      const role = env.find((e) => e.startsWith("SIIBRA_API_ROLE="))?.slice(16) ?? null;
      out.push({ pid: child, comm, role });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return out;
}

/** Pins every thread of this process (and the threads it starts later) to `cpus` (`taskset -c` list). */
export function pinSelf(cpus: string): void {
  const r = Bun.spawnSync(["taskset", "-a", "-p", "-c", cpus, String(process.pid)], {
    stdout: "ignore",
    stderr: "pipe",
  });
  if (r.exitCode !== 0) throw new Error(`taskset failed: ${r.stderr.toString()}`);
}
