import { redisRateLimitStore } from '../../src/http/limits/rate-limit-store';
import { REDIS_URL } from '../support/test-env';

/**
 * The hub's first requests come right after it starts, often before its Redis connection is up:
 * they are counted like any other (they used to go through uncounted, so a limit of 1 let 2 in).
 */
describe('the Redis rate-limit store', () => {
  it('counts a request taken before its first connection is ready', async () => {
    const store = redisRateLimitStore(REDIS_URL, `ratetest-${process.pid}-${Date.now()}`);
    try {
      const budget = { key: `first-${Math.random()}`, limit: 1, units: 1 };
      const first = await store.take([budget], 60_000);
      expect(first).toEqual({ granted: [1], over: null });
      const second = await store.take([budget], 60_000);
      expect(second.granted).toEqual([0]);
      expect(second.over).toMatchObject({ index: 0, count: 2 });
    } finally {
      await store.close();
    }
  });
});
