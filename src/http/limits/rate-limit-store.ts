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
  /** Counts one hit on `key` in the current window of `windowMs` and answers the count so far. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /**
   * Counts one hit on each budget in turn, stopping at the first whose count is then over its
   * limit (the later ones are not counted): that one's index and count, or null when none is over.
   */
  hitUntilOver(budgets: { key: string; limit: number }[], windowMs: number): Promise<OverBudget | null>;
  close(): Promise<void>;
}

export interface OverBudget extends WindowCount {
  /** which budget, as an index into those given */
  index: number;
}

/** hitUntilOver from hit, one key after the other (a store without a way to do it in one go). */
async function oneByOne(
  store: Pick<RateLimitStore, 'hit'>,
  budgets: { key: string; limit: number }[],
  windowMs: number,
): Promise<OverBudget | null> {
  for (const [index, budget] of budgets.entries()) {
    const counted = await store.hit(budget.key, windowMs);
    if (counted.count > budget.limit) return { index, ...counted };
  }
  return null;
}

const windowOf = (windowMs: number) => {
  const now = nowMs();
  const index = Math.floor(now / windowMs);
  return { index, resetInMs: (index + 1) * windowMs - now };
};

// INCR and PEXPIRE in one script: a crash between them can never leave a key that never expires.
const HIT_SCRIPT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return c`;

// The same for several keys in one round trip, in order, stopping at the first over its limit:
// ARGV[1] the expiry, ARGV[1 + i] the limit of KEYS[i]. Answers {i, count}, or {0, 0} for none.
const HIT_UNTIL_OVER_SCRIPT = `for i, key in ipairs(KEYS) do
  local c = redis.call('INCR', key)
  if c == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  if c > tonumber(ARGV[i + 1]) then return {i, c} end
end
return {0, 0}`;

export function redisRateLimitStore(url: string, prefix: string): RateLimitStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', () => undefined); // a lost Redis is answered per request (fail open), not a crash
  return {
    async hit(key, windowMs) {
      const w = windowOf(windowMs);
      const count = Number(
        await redis.eval(HIT_SCRIPT, 1, `${prefix}:ratelimit:${key}:${w.index}`, windowMs * 2),
      );
      return { count, resetInMs: w.resetInMs };
    },
    // One round trip for all of a request's budgets (they were one each, in turn, on every request).
    async hitUntilOver(budgets, windowMs) {
      const w = windowOf(windowMs);
      const keys = budgets.map((b) => `${prefix}:ratelimit:${b.key}:${w.index}`);
      const [at, count] = (await redis.eval(
        HIT_UNTIL_OVER_SCRIPT,
        keys.length,
        ...keys,
        windowMs * 2,
        ...budgets.map((b) => b.limit),
      )) as [number, number];
      return at === 0 ? null : { index: at - 1, count: Number(count), resetInMs: w.resetInMs };
    },
    async close() {
      redis.disconnect();
    },
  };
}

export function postgresRateLimitStore(orm: MikroORM): RateLimitStore {
  let hits = 0;
  const store: RateLimitStore = {
    async hit(key, windowMs) {
      const w = windowOf(windowMs);
      const em = orm.em.fork();
      const rows: { count: number }[] = await sql(
        em,
        `insert into rate_limit_hit (key, expires_at, count) values (?, ?, 1)
         on conflict (key) do update set count = rate_limit_hit.count + 1
         returning count`,
        [`${key}:${windowMs}:${w.index}`, nowMs() + w.resetInMs],
      );
      // Ended windows are cleared now and then, by whoever is counting: no job to forget.
      if (++hits % 1000 === 0) await sql(em, `delete from rate_limit_hit where expires_at < ?`, [nowMs()]);
      return { count: Number(rows[0].count), resetInMs: w.resetInMs };
    },
    hitUntilOver: (budgets, windowMs) => oneByOne(store, budgets, windowMs),
    async close() {},
  };
  return store;
}
