import { Redis } from 'ioredis';
import { startTestHub, type TestHub } from '../support/test-hub';
import { agreementScenario } from '../support/compliance-fixtures';
import { REDIS_URL } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * The daily sweep fires every second here; the schedules are re-asserted every half second.
 *
 * A day's sweep runs once: its partition jobs have deterministic ids, so a second tick for the same
 * day adds nothing (that is the design: a tick delivered twice sweeps once). So each agreement a
 * test expects swept must exist before the first tick of the day: registered on a hub that runs no
 * jobs, before the hub with the schedule starts — or, after a flush, before the flush that clears
 * the day's finished jobs. (Registering it while ticks already ran was the race that made this file
 * fail now and then.)
 */
const SWEEP_WAIT_MS = 45_000;
const TEST_MS = 120_000;
const FAST_JOBS = { COMPLIANCE_SWEEP_CRON: '* * * * * *', JOB_SCHEDULE_CHECK_MS: '500', RUN_JOBS: 'true' };

// An agreement from October, due on the 10th, never paid: the sweep of yesterday finds the
// October and November cycles missed.
const expectedMisses = ['2026-11-10', '2026-10-10'];
type Scenario = Awaited<ReturnType<typeof agreementScenario>>;

async function missesFound(s: Scenario): Promise<string[] | undefined> {
  const dues = (await s.alerts()).map((a) => a.dueDate);
  return dues.length >= 2 ? dues : undefined;
}

/** A hub with the fast schedule on the database of `quiet` (which runs no jobs). */
const scheduledHub = (quiet: TestHub, env: Record<string, string>) =>
  startTestHub({ ...FAST_JOBS, ...env, DATABASE_URL: quiet.databaseUrl });

describe.each([
  ['Redis', {}],
  ['BullMQ PostgreSQL backend', { REDIS_URL: '' }],
])('the scheduled compliance sweep on %s', (_name, backendEnv: Record<string, string>) => {
  let quiet: TestHub;
  let t: TestHub | undefined;
  beforeAll(async () => {
    quiet = await startTestHub({ RUN_JOBS: 'false', ...backendEnv });
  });
  afterAll(async () => {
    await t?.close();
    await quiet.close();
  });

  it(
    'fires on its schedule and opens the alerts without anyone asking',
    async () => {
      const s = await agreementScenario(quiet, { startsOn: '2026-10-01', dueDay: 10 });
      expect(await s.alerts()).toEqual([]);
      t = await scheduledHub(quiet, backendEnv);
      expect(t.hub.queue.kind).toBe('REDIS_URL' in backendEnv ? 'postgres' : 'redis');
      expect(await waitFor('the scheduled sweep', () => missesFound(s), SWEEP_WAIT_MS)).toEqual(
        expectedMisses,
      );
    },
    TEST_MS,
  );
});

describe('after Redis loses the queues', () => {
  let quiet: TestHub;
  let t: TestHub | undefined;
  beforeAll(async () => {
    quiet = await startTestHub({ RUN_JOBS: 'false' });
  });
  afterAll(async () => {
    await t?.close();
    await quiet.close();
  });

  /** What a flush or a failover without persistence does to this hub: every key of its prefix gone. */
  async function flushHubKeys(hub: TestHub): Promise<number> {
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${hub.hub.queue.queueOptions().prefix}:*`);
      if (keys.length) await redis.del(...keys);
      return keys.length;
    } finally {
      await redis.quit();
    }
  }

  it(
    'keeps every alert (PostgreSQL holds them) and the next sweep restores the lost work',
    async () => {
      const before = await agreementScenario(quiet, { startsOn: '2026-10-01', dueDay: 10 });
      t = await scheduledHub(quiet, {});
      await waitFor('the first sweep', () => missesFound(before), SWEEP_WAIT_MS);

      // The schedule and the record of the day's finished jobs go with the keys.
      expect(await flushHubKeys(t)).toBeGreaterThan(0);
      expect(await before.alerts()).toHaveLength(2);

      // A new agreement, then the loss once more (ticks ran meanwhile and swept the day without it):
      // the schedule comes back by itself, and its next tick sweeps the day again.
      const after = await agreementScenario(quiet, { startsOn: '2026-10-01', dueDay: 10 });
      await flushHubKeys(t);
      expect(await waitFor('a sweep after the flush', () => missesFound(after), SWEEP_WAIT_MS)).toEqual(
        expectedMisses,
      );
      expect(await before.alerts()).toHaveLength(2);
    },
    TEST_MS,
  );
});
