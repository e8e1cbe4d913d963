import type { Answer } from "../../src/transport/answer.ts";
import type { Transport } from "../../src/transport/transport.ts";

/** A transport that notes which jobs reached it, by name, in order. */
export function counted<A extends Answer>(inner: Transport<A>): Transport<A> & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    execute(job, parsed, key) {
      ran.push(job.name);
      return inner.execute(job, parsed, key);
    },
  };
}
