import { Redis } from 'ioredis';
import { startTestHub, type TestHub } from '../support/test-hub';
import { agreementScenario } from '../support/compliance-fixtures';
import { REDIS_URL } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/** The daily sweep fires every second here; the schedules are re-asserted every half second. */
// Under a loaded machine (two cores, the whole suite in parallel) a tick can wait several seconds
// for a worker: generous waits, so only a sweep that never comes fails the test.
const SWEEP_WAIT_MS = 45_000;
const TEST_MS = 120_000;
const FAST_JOBS = { COMPLIANCE_SWEEP_CRON: '* * * * * *', JOB_SCHEDULE_CHECK_MS: '500', RUN_JOBS: 'true' };

// An agreement from October, due on the 10th, never paid: the sweep of yesterday finds the
// October and November cycles missed.
const expectedMisses = ['2026-11-10', '2026-10-10'];

async function missesFound(s: Awaited<ReturnType<typeof agreementScenario>>): Promise<string[] | undefined> {
  const dues = (await s.alerts()).map((a) => a.dueDate);
  return dues.length >= 2 ? dues : undefined;
}

describe.each([
  ['Redis', {}],
  ['BullMQ PostgreSQL backend', { REDIS_URL: '' }],
])('the scheduled compliance sweep on %s', (_name, backendEnv) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ ...FAST_JOBS, ...backendEnv });
  });
  afterAll(() => t.close());

  it(
    'fires on its schedule and opens the alerts without anyone asking',
    async () => {
      expect(t.hub.queue.kind).toBe('REDIS_URL' in backendEnv ? 'postgres' : 'redis');
      const s = await agreementScenario(t, { startsOn: '2026-10-01', dueDay: 10 });
      expect(await waitFor('the scheduled sweep', () => missesFound(s), SWEEP_WAIT_MS)).toEqual(
        expectedMisses,
      );
    },
    TEST_MS,
  );
});

describe('after Redis loses the queues', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(FAST_JOBS);
  });
  afterAll(() => t.close());

  it(
    'keeps every alert (PostgreSQL holds them) and the next sweep restores the lost work',
    async () => {
      const before = await agreementScenario(t, { startsOn: '2026-10-01', dueDay: 10 });
      await waitFor('the first sweep', () => missesFound(before), SWEEP_WAIT_MS);

      // What a flush or a failover without persistence does to this hub: every key of its prefix gone,
      // the schedule and the record of finished jobs with them.
      const redis = new Redis(REDIS_URL);
      const prefix = t.hub.queue.queueOptions().prefix;
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      await redis.quit();

      expect(await before.alerts()).toHaveLength(2);
      const after = await agreementScenario(t, { startsOn: '2026-10-01', dueDay: 10 });
      expect(await waitFor('a sweep after the flush', () => missesFound(after), SWEEP_WAIT_MS)).toEqual(
        expectedMisses,
      );
      expect(await before.alerts()).toHaveLength(2);
    },
    TEST_MS,
  );
});
