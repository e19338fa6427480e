/**
 * The heavy lane. The hub answers GraphQL on one thread: an operation near the cost limit (a page
 * of 500 projects with everything) keeps it busy for a second or more in chunks that every other
 * request waits behind, so thirty of them at once stalled every caller for tens of seconds. An
 * operation whose estimated cost is at least `heavyCost` therefore waits for one of
 * `maxHeavyInFlight` places; one agency holds at most one of them, and a freed place goes to the
 * agencies waiting in turn (round robin), so one caller's stream of heavy documents delays another's
 * by at most one of its own. Waiting counts against the request's time budget; a request whose
 * budget ends or whose client leaves while it waits is dropped from the queue, unworked.
 */
export interface HeavyLaneLimits {
  /** estimated cost (schema/limits/query-shape.ts) from which an operation takes the heavy lane */
  heavyCost: number;
  maxHeavyInFlight: number;
  /**
   * from which estimated cost a heavy query runs on a worker thread (src/graphql-worker): only the
   * costliest, whose blocks of hundreds of milliseconds stall the request thread. Below it a heavy
   * query runs here as before: on a worker the credit platform's feed page of 500 (cost 12,001)
   * took twice the CPU (its answer copied across threads) and half the throughput.
   */
  workerCost: number;
}

export const DEFAULT_HEAVY_LANE: HeavyLaneLimits = {
  heavyCost: 5000,
  maxHeavyInFlight: 2,
  workerCost: 15_000,
};

interface Waiter {
  admit(): void;
}

export class HeavyLane {
  private running = 0;
  private readonly runningAgencies = new Set<string>();
  /** agencies with waiters, in the order they are to be served next */
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(private readonly max: number) {}

  /** Resolves with the function that frees the place, once the operation may run. */
  enter(agency: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.mayRun(agency)) return Promise.resolve(this.start(agency));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const queue = this.waiting.get(agency);
        const at = queue?.indexOf(waiter) ?? -1;
        if (queue && at >= 0) queue.splice(at, 1);
        if (queue?.length === 0) this.waiting.delete(agency);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.start(agency));
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const queue = this.waiting.get(agency);
      if (queue) queue.push(waiter);
      else this.waiting.set(agency, [waiter]);
    });
  }

  stats(): { running: number; waiting: number } {
    let waiting = 0;
    for (const q of this.waiting.values()) waiting += q.length;
    return { running: this.running, waiting };
  }

  private mayRun(agency: string): boolean {
    return this.running < this.max && !this.runningAgencies.has(agency);
  }

  private start(agency: string): () => void {
    this.running += 1;
    this.runningAgencies.add(agency);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running -= 1;
      this.runningAgencies.delete(agency);
      this.dispatch();
    };
  }

  private dispatch(): void {
    for (const [agency, queue] of this.waiting) {
      if (this.running >= this.max) return;
      if (this.runningAgencies.has(agency)) continue;
      const next = queue.shift()!;
      // served: to the back of the turn, behind the agencies still waiting
      this.waiting.delete(agency);
      if (queue.length > 0) this.waiting.set(agency, queue);
      next.admit();
    }
  }
}
