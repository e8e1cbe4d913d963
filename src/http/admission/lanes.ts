import { ShedError } from "../../errors.ts";

export { ShedError };

/** Limits of one class. `concurrency: Infinity` = never limited, never shed (critical). */
export type LaneLimits = {
  weight: number;
  concurrency: number;
  queue: number;
  retryAfterSeconds: number;
  /** A waiter still queued after this long is shed: its answer would miss the class objective anyway. */
  maxWaitMs?: number;
};

type Waiter = {
  lane: string;
  grant: () => void;
  shed: (err: ShedError) => void;
  timer?: ReturnType<typeof setTimeout>;
};

/**
 * Admission control by class. Unlimited lanes (critical) always pass. Limited lanes run at most
 * `concurrency` at a time each and `slots` together; the rest wait in a bounded queue per lane and
 * are granted highest weight first. When a lane's queue is full, the lowest-weight waiter anywhere
 * (if lighter than the newcomer) is shed to make room, else the newcomer is: the lowest weights go
 * first, and a heavier class is never shed while a lighter one is admitted to wait. A waiter that
 * outlives its lane's `maxWaitMs` is shed too (deadline shedding keeps the served answers in time).
 */
export class Admission {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();
  private total = 0;

  constructor(
    private readonly lanes: Record<string, LaneLimits>,
    /** Limited requests running at once across lanes (the CPU the expensive classes may take). */
    private readonly slots: number,
  ) {}

  /** Resolves with a release function once admitted; rejects with ShedError when refused. */
  acquire(lane: string): Promise<() => void> {
    const limits = this.lanes[lane];
    if (!limits || limits.concurrency === Number.POSITIVE_INFINITY) return Promise.resolve(() => {});
    if (this.canRun(lane) && !this.heavierWaiting(limits.weight)) return Promise.resolve(this.start(lane));
    const queue = this.queueOf(lane);
    if (queue.length >= limits.queue) {
      const victim = this.lightestWaiter();
      if (!victim || this.lanes[victim.lane].weight >= limits.weight) {
        return Promise.reject(new ShedError(lane, limits.retryAfterSeconds));
      }
      this.remove(victim);
      victim.shed(new ShedError(victim.lane, this.lanes[victim.lane].retryAfterSeconds));
      if (queue.length >= limits.queue) return Promise.reject(new ShedError(lane, limits.retryAfterSeconds));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        lane,
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.start(lane));
        },
        shed: (err) => {
          clearTimeout(waiter.timer);
          reject(err);
        },
      };
      if (limits.maxWaitMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.remove(waiter);
          waiter.shed(new ShedError(lane, limits.retryAfterSeconds));
        }, limits.maxWaitMs);
      }
      queue.push(waiter);
    });
  }

  /** Requests running and waiting per lane (metrics, tests). */
  snapshot(): Record<string, { running: number; waiting: number }> {
    return Object.fromEntries(
      Object.keys(this.lanes).map((l) => [l, { running: this.running.get(l) ?? 0, waiting: this.queueOf(l).length }]),
    );
  }

  private canRun(lane: string): boolean {
    return this.total < this.slots && (this.running.get(lane) ?? 0) < this.lanes[lane].concurrency;
  }

  private heavierWaiting(weight: number): boolean {
    for (const [lane, queue] of this.waiting) if (queue.length > 0 && this.lanes[lane].weight >= weight) return true;
    return false;
  }

  private start(lane: string): () => void {
    this.running.set(lane, (this.running.get(lane) ?? 0) + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running.set(lane, (this.running.get(lane) ?? 1) - 1);
      this.total--;
      this.grantNext();
    };
  }

  /** Grants waiters, heaviest lanes first, while slots are free. */
  private grantNext(): void {
    const order = [...this.waiting.keys()].sort((a, b) => this.lanes[b].weight - this.lanes[a].weight);
    for (const lane of order) {
      const queue = this.queueOf(lane);
      while (queue.length > 0 && this.canRun(lane)) queue.shift()?.grant();
      if (this.total >= this.slots) return;
    }
  }

  /** The newest waiter of the lightest lane that has waiters. */
  private lightestWaiter(): Waiter | undefined {
    let found: Waiter | undefined;
    for (const [lane, queue] of this.waiting) {
      if (queue.length === 0) continue;
      if (!found || this.lanes[lane].weight < this.lanes[found.lane].weight) found = queue[queue.length - 1];
    }
    return found;
  }

  private remove(waiter: Waiter): void {
    const queue = this.queueOf(waiter.lane);
    const at = queue.indexOf(waiter);
    if (at >= 0) queue.splice(at, 1);
  }

  private queueOf(lane: string): Waiter[] {
    let queue = this.waiting.get(lane);
    if (!queue) {
      queue = [];
      this.waiting.set(lane, queue);
    }
    return queue;
  }
}
