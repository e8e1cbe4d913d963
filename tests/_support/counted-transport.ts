import type { Transport } from "../../src/transport/transport.ts";

/** A transport that notes which jobs reached it, by name, in order. */
export function counted(inner: Transport): Transport & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    execute(job, parsed, key) {
      ran.push(job.name);
      return inner.execute(job, parsed, key);
    },
  };
}
