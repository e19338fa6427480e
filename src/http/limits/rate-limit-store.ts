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
  close(): Promise<void>;
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
    async close() {
      redis.disconnect();
    },
  };
}

export function postgresRateLimitStore(orm: MikroORM): RateLimitStore {
  let hits = 0;
  return {
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
    async close() {},
  };
}
