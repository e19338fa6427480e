/**
 * Where rate-limit counts live: shared by every hub process on one Redis (or, on the embedded
 * default without Redis, in the hub's PostgreSQL), so three processes behind a balancer give a
 * caller one budget, not three. Fixed windows: a count per key and window, gone after the window.
 */
import { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import { nowMs } from '../../clock';

export interface WindowCount {
  count: number;
  /** ms until this window ends and the count starts again */
  resetInMs: number;
}

export interface RateLimitStore {
  /**
   * Takes up to `units` hits from each budget in turn, stopping at the first that has none left
   * (it is counted one hit over, the later ones not at all): how many each budget before it
   * granted, and that one's index and count, or null when none is over.
   */
  take(budgets: Lease[], windowMs: number): Promise<Taken>;
  close(): Promise<void>;
}

export interface Lease {
  key: string;
  limit: number;
  /** hits asked for: 1, or more for a process keeping a few in hand (rate-limit-leases.ts) */
  units: number;
}

export interface Taken {
  /** per budget given, in order: hits granted (0 from the one over onwards) */
  granted: number[];
  over: OverBudget | null;
}

export interface OverBudget extends WindowCount {
  /** which budget, as an index into those given */
  index: number;
}

export const windowOf = (windowMs: number) => {
  const now = nowMs();
  const index = Math.floor(now / windowMs);
  return { index, resetInMs: (index + 1) * windowMs - now };
};

/** What a budget grants of `units` once its count, with them, is `count`. */
export const grantedOf = (count: number, units: number, limit: number): number =>
  Math.max(0, Math.min(units, limit - (count - units)));

// Several keys in one round trip, in order, stopping at the first with nothing left: ARGV[1] the
// expiry, then units and limit per key. INCRBY and PEXPIRE together, so a crash between them can
// never leave a key that never expires. Answers {over index or 0, its count, granted...}.
const TAKE_SCRIPT = `local out = {0, 0}
for i, key in ipairs(KEYS) do
  local units = tonumber(ARGV[2 * i])
  local limit = tonumber(ARGV[2 * i + 1])
  local c = redis.call('INCRBY', key, units)
  if c == units then redis.call('PEXPIRE', key, ARGV[1]) end
  local granted = math.max(0, math.min(units, limit - (c - units)))
  if granted < 1 then
    out[1] = i
    out[2] = c - units + 1
    return out
  end
  out[i + 2] = granted
end
return out`;

/** How long the first requests wait for the store's first connection before they go through. */
const FIRST_CONNECT_WAIT_MS = 3000;

export function redisRateLimitStore(url: string, prefix: string): RateLimitStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', () => undefined); // a lost Redis is answered per request (fail open), not a crash
  // Without an offline queue a command sent before the first connection fails at once, and the
  // hub's first requests would go through uncounted: until then (at most a few seconds) they wait.
  let connecting: Promise<void> | null = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connecting = null;
      resolve();
    };
    const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
    timer.unref();
    redis.once('ready', done);
  });
  return {
    // One round trip for all of a request's budgets (they were one each, in turn, on every request).
    async take(budgets, windowMs) {
      if (connecting) await connecting;
      const w = windowOf(windowMs);
      const keys = budgets.map((b) => `${prefix}:ratelimit:${b.key}:${w.index}`);
      const out = (await redis.eval(
        TAKE_SCRIPT,
        keys.length,
        ...keys,
        windowMs * 2,
        ...budgets.flatMap((b) => [b.units, b.limit]),
      )) as number[];
      const granted = budgets.map((_, i) => Number(out[i + 2] ?? 0));
      const at = Number(out[0]);
      return {
        granted,
        over: at === 0 ? null : { index: at - 1, count: Number(out[1]), resetInMs: w.resetInMs },
      };
    },
    async close() {
      redis.disconnect();
    },
  };
}

export function postgresRateLimitStore(orm: MikroORM): RateLimitStore {
  let hits = 0;
  return {
    async take(budgets, windowMs) {
      const w = windowOf(windowMs);
      const em = orm.em.fork();
      // Ended windows are cleared now and then, by whoever is counting: no job to forget.
      if (++hits % 1000 === 0) await sql(em, `delete from rate_limit_hit where expires_at < ?`, [nowMs()]);
      const granted = budgets.map(() => 0);
      for (const [index, b] of budgets.entries()) {
        const rows: { count: number }[] = await sql(
          em,
          `insert into rate_limit_hit (key, expires_at, count) values (?, ?, ?)
           on conflict (key) do update set count = rate_limit_hit.count + excluded.count
           returning count`,
          [`${b.key}:${windowMs}:${w.index}`, nowMs() + w.resetInMs, b.units],
        );
        const count = Number(rows[0].count);
        granted[index] = grantedOf(count, b.units, b.limit);
        if (granted[index] < 1) {
          return { granted, over: { index, count: count - b.units + 1, resetInMs: w.resetInMs } };
        }
      }
      return { granted, over: null };
    },
    async close() {},
  };
}
