import { LeasedCounts, leaseOf } from '../../src/http/limits/rate-limit-leases';
import { grantedOf, windowOf, type Lease, type RateLimitStore } from '../../src/http/limits/rate-limit-store';
import { setClock } from '../../src/clock';

const MINUTE = 60_000;

/** The shared store's counting (as the Redis script does it), in memory, with its round trips counted. */
function memoryStore() {
  const counts = new Map<string, number>();
  const store: RateLimitStore & { trips: number } = {
    trips: 0,
    async take(budgets: Lease[], windowMs: number) {
      store.trips += 1;
      const w = windowOf(windowMs);
      const granted = budgets.map(() => 0);
      for (const [index, b] of budgets.entries()) {
        const key = `${b.key}:${w.index}`;
        const count = (counts.get(key) ?? 0) + b.units;
        counts.set(key, count);
        granted[index] = grantedOf(count, b.units, b.limit);
        if (granted[index] < 1)
          return { granted, over: { index, count: count - b.units + 1, resetInMs: w.resetInMs } };
      }
      return { granted, over: null };
    },
    async close() {},
  };
  return store;
}

const subject = (limit: number) => ({ key: 'sub:HRSS:officer', limit });
const agency = (limit: number) => ({ key: 'agency:HRSS:210500', limit });

async function hits(counts: LeasedCounts, n: number, budgets: { key: string; limit: number }[]) {
  const refusedAt: number[] = [];
  for (let i = 1; i <= n; i++) {
    const over = await counts.hitUntilOver(budgets, MINUTE);
    if (over) refusedAt.push(i);
  }
  return refusedAt;
}

describe('rate-limit leases: hits taken a few at a time from the shared count', () => {
  beforeEach(() => setClock('2026-12-01T10:00:05+08:00'));

  it('takes a hundredth of the limit at a time, 1 to 20', () => {
    expect([5, 199, 200, 600, 3000, 100_000_000].map(leaseOf)).toEqual([1, 1, 2, 6, 20, 20]);
  });

  it('refuses exactly the request past the limit in one process, with a round trip per lease', async () => {
    const store = memoryStore();
    const counts = new LeasedCounts(store);
    const refused = await hits(counts, 605, [subject(600), agency(3000)]);
    expect(refused).toEqual([601, 602, 603, 604, 605]);
    // 600 hits in leases of 6 for the subject (100 trips) and 20 for the agency (30, of which 10 fall
    // on a subject's trip), and one for each refusal: 125 round trips, not 605
    expect(store.trips).toBe(100 + 30 - 10 + 5);
  });

  it('counts small limits one by one, so two processes share them exactly', async () => {
    const store = memoryStore();
    const [a, b] = [new LeasedCounts(store), new LeasedCounts(store)];
    const answers: boolean[] = [];
    for (let i = 0; i < 7; i++)
      answers.push((await (i % 2 ? b : a).hitUntilOver([subject(5)], MINUTE)) === null);
    expect(answers).toEqual([true, true, true, true, true, false, false]);
  });

  it('lets two processes grant no more than the limit between them, refusing at most a lease early each', async () => {
    const store = memoryStore();
    const [a, b] = [new LeasedCounts(store), new LeasedCounts(store)];
    let granted = 0;
    for (let i = 0; i < 700; i++)
      if ((await (i % 2 ? b : a).hitUntilOver([subject(600)], MINUTE)) === null) granted++;
    expect(granted).toBeLessThanOrEqual(600);
    expect(granted).toBeGreaterThanOrEqual(600 - leaseOf(600));
  });

  it('does not count a request its subject refused against its agency', async () => {
    const store = memoryStore();
    const counts = new LeasedCounts(store);
    expect(await hits(counts, 7, [subject(5), agency(8)])).toEqual([6, 7]);
    const colleague = { key: 'sub:HRSS:colleague', limit: 5 };
    // the agency spent 5 of its 8 on the first subject's granted requests, not 7
    expect(await hits(counts, 4, [colleague, agency(8)])).toEqual([4]);
  });

  it('starts afresh in the next minute, and names the budget that is over', async () => {
    const store = memoryStore();
    const counts = new LeasedCounts(store);
    await hits(counts, 5, [subject(5), agency(3000)]);
    const over = await counts.hitUntilOver([subject(5), agency(3000)], MINUTE);
    expect(over).toMatchObject({ index: 0, count: 6 });
    // the clock runs on from 10:00:05: the window ends at 10:01:00, 55 s later less what the test took
    expect(over!.resetInMs).toBeLessThanOrEqual(55_000);
    expect(over!.resetInMs).toBeGreaterThan(54_000);
    setClock('2026-12-01T10:01:00+08:00');
    expect(await counts.hitUntilOver([subject(5), agency(3000)], MINUTE)).toBeNull();
  });
});
