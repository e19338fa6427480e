/**
 * A few hits kept in hand per budget. Counting every request in the shared store was a round trip
 * to Redis on each one (with its write and its turn of the thread: a tenth of a trivial query's
 * CPU in issue #9's profile). A process now takes hits a few at a time (a hundredth of the limit,
 * 1 to 20) and spends them locally; when one budget has none in hand, one round trip takes more
 * for every budget that needs them. The cost: hits another process holds unspent are lost to the
 * caller for the rest of the minute, so with several processes a caller may be refused up to
 * (processes − 1) × that lease before its limit. Limits under 200 a minute are counted one by one,
 * exactly as before.
 */
import { windowOf, type Lease, type OverBudget, type RateLimitStore } from './rate-limit-store';

export const leaseOf = (limit: number): number => Math.max(1, Math.min(20, Math.floor(limit / 100)));

export interface CountingBudget {
  key: string;
  limit: number;
}

export class LeasedCounts {
  private window = -1;
  /** hits in hand, per budget key, in the current window */
  private readonly inHand = new Map<string, number>();

  constructor(private readonly store: RateLimitStore) {}

  /**
   * Counts one hit on each budget in turn, stopping at the first whose count is then over its
   * limit (the later ones are not counted): that one's index and count, or null when none is over.
   */
  async hitUntilOver(budgets: CountingBudget[], windowMs: number): Promise<OverBudget | null> {
    const w = windowOf(windowMs);
    if (w.index !== this.window) {
      this.window = w.index;
      this.inHand.clear();
    }
    const missing = budgets.flatMap((b, index) => ((this.inHand.get(b.key) ?? 0) < 1 ? [index] : []));
    if (missing.length === 0) {
      for (const b of budgets) this.inHand.set(b.key, this.inHand.get(b.key)! - 1);
      return null;
    }
    const leases: Lease[] = missing.map((i) => ({ ...budgets[i], units: leaseOf(budgets[i].limit) }));
    const taken = await this.store.take(leases, windowMs);
    // another request may have started a new window while this one waited: count in the one asked
    if (this.window !== w.index) return taken.over && { ...taken.over, index: missing[taken.over.index] };
    missing.forEach((i, k) => {
      const key = budgets[i].key;
      this.inHand.set(key, (this.inHand.get(key) ?? 0) + taken.granted[k]);
    });
    const overAt = taken.over ? missing[taken.over.index] : budgets.length;
    // the budgets before the one over are counted, those after it are not
    for (const b of budgets.slice(0, overAt)) this.inHand.set(b.key, this.inHand.get(b.key)! - 1);
    return taken.over && { ...taken.over, index: overAt };
  }
}
