// Real Redis, real PostgreSQL and the embedded PostgreSQL: the same BullMQ behaviour on each backend
// that src/queue/backend.ts can pick. No mocks.
import pg from 'pg';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { createQueueBackend, type QueueBackend } from '../../src/queue/backend';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { databaseUrl, stampedName } from '../support/test-env';
import { embeddedDataDir } from '../support/embedded-data-dir';

const REDIS_URL = 'redis://127.0.0.1:6379';
const ADMIN_URL = 'postgres://root@127.0.0.1:5432/postgres';
const RUN = `${process.pid}_${Date.now()}`;

/**
 * pg's pool.end() resolves before its sockets have closed; dropping at once would kill those
 * sessions, and their clients would report "terminating connection due to administrator command".
 */
async function dropWhenIdle(admin: pg.Client, dbName: string): Promise<void> {
  const until = Date.now() + 5000;
  const sessions = async () =>
    (
      await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
        dbName,
      ])
    ).rows[0]!.n;
  while (Date.now() < until && (await sessions()) > 0) await new Promise((r) => setTimeout(r, 50));
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}

interface Target {
  backend: QueueBackend;
  teardown(): Promise<void>;
}

const targets: Array<[string, () => Promise<Target>]> = [
  [
    'redis',
    async () => ({
      backend: await createQueueBackend({
        redisUrl: REDIS_URL,
        databaseUrl: ADMIN_URL,
        prefix: `wwtest_${RUN}`,
      }),
      teardown: async () => undefined, // every queue is obliterated below
    }),
  ],
  [
    'postgres',
    async () => {
      const dbName = stampedName('queue');
      const admin = new pg.Client(ADMIN_URL);
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      const url = databaseUrl(dbName);
      try {
        const backend = await createQueueBackend({ redisUrl: null, databaseUrl: url, prefix: 'hub' });
        return {
          backend,
          teardown: async () => {
            await dropWhenIdle(admin, dbName);
            await admin.end();
          },
        };
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
        throw err;
      }
    },
  ],
  [
    'embedded PostgreSQL',
    async () => {
      const dir = embeddedDataDir();
      const db = await startEmbeddedPostgres({ dataDir: dir.path }).catch((err: unknown) => {
        dir.remove();
        throw err;
      });
      const backend = await createQueueBackend({ redisUrl: null, databaseUrl: db.url, prefix: 'hub' });
      return {
        backend,
        teardown: async () => {
          await db.stop();
          dir.remove();
        },
      };
    },
  ],
];

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(targets)('BullMQ on %s', (_label, setup) => {
  let target: Target;
  const queues: Array<{ obliterate(o: { force: boolean }): Promise<void>; close(): Promise<void> }> = [];
  const closers: Array<{ close(): Promise<void> }> = [];
  let n = 0;

  beforeAll(async () => {
    target = await setup();
  });

  afterAll(async () => {
    // Workers and listeners first, so nothing polls a queue while it is obliterated.
    for (const c of closers.reverse()) await c.close();
    for (const q of queues) {
      await q.obliterate({ force: true });
      await q.close();
    }
    await target?.backend.close();
    await target?.teardown();
  });

  function queue() {
    const b = target.backend;
    const q = new Queue(`t${++n}`, b.queueOptions(), b.factory);
    queues.push(q);
    return q;
  }

  /** A worker that records each job it runs and returns data.x * 2. */
  function worker(q: { name: string }, ran: Job[]) {
    const b = target.backend;
    const w = new Worker(
      q.name,
      async (job: Job) => {
        ran.push(job);
        return (job.data as { x: number }).x * 2;
      },
      b.queueOptions(),
      b.factory,
    );
    closers.push(w);
    return w;
  }

  it('answers ping()', async () => {
    await expect(target.backend.ping()).resolves.toBeUndefined();
  });

  it('runs an immediate job and returns its value', async () => {
    const q = queue();
    const events = new QueueEvents(q.name, target.backend.queueOptions(), target.backend.factory);
    closers.push(events);
    await events.waitUntilReady();
    worker(q, []);
    const job = await q.add('double', { x: 21 });
    await expect(job.waitUntilFinished(events, 15000)).resolves.toBe(42);
  });

  it('runs a delayed job after its delay', async () => {
    const q = queue();
    const ran: Job[] = [];
    worker(q, ran);
    const job = await q.add('later', { x: 1 }, { delay: 300 });
    await waitFor(() => ran.length === 1, 10000, 'the delayed job');
    expect(ran[0]!.processedOn! - job.timestamp).toBeGreaterThanOrEqual(300);
  });

  it('fires a job scheduler repeatedly', async () => {
    const q = queue();
    const ran: Job[] = [];
    worker(q, ran);
    await q.upsertJobScheduler('tick', { every: 500 }, { name: 'tick', data: { x: 0 } });
    await waitFor(() => ran.length >= 2, 10000, 'two scheduled runs');
    await q.removeJobScheduler('tick');
    expect(ran.every((j) => j.name === 'tick')).toBe(true);
  });

  it('runs a job added twice with the same jobId once', async () => {
    const q = queue();
    const ran: Job[] = [];
    const a = await q.add('once', { x: 1 }, { jobId: 'same-id' });
    const b = await q.add('once', { x: 1 }, { jobId: 'same-id' });
    expect(b.id).toBe(a.id);
    worker(q, ran);
    await waitFor(() => ran.length >= 1, 10000, 'the job');
    await new Promise((r) => setTimeout(r, 700));
    expect(ran.map((j) => j.id)).toEqual(['same-id']);
  });
});

describe('start-up failures', () => {
  it('rejects an unreachable Redis within 10 s with what to do', async () => {
    const started = Date.now();
    await expect(
      createQueueBackend({ redisUrl: 'redis://127.0.0.1:1', databaseUrl: ADMIN_URL, prefix: 'hub' }),
    ).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1.*did not answer.*start Redis or unset REDIS_URL/);
    expect(Date.now() - started).toBeLessThan(10000);
  });

  it('rejects an unreachable PostgreSQL with what to do', async () => {
    await expect(
      createQueueBackend({
        redisUrl: null,
        databaseUrl: 'postgres://root@127.0.0.1:1/postgres',
        prefix: 'hub',
      }),
    ).rejects.toThrow(/PostgreSQL at .*127\.0\.0\.1:1.*check DATABASE_URL/);
  });
});

describe('embedded PostgreSQL', () => {
  const dirs: { path: string; remove(): void }[] = [];
  const tempDir = () => {
    dirs.push(embeddedDataDir());
    return dirs[dirs.length - 1]!.path;
  };
  afterAll(() => dirs.forEach((d) => d.remove()));

  it('keeps queued jobs across a restart, in their own schema', async () => {
    const dir = tempDir();
    let db = await startEmbeddedPostgres({ dataDir: dir });
    let backend = await createQueueBackend({ redisUrl: null, databaseUrl: db.url, prefix: 'hub' });
    const q1 = new Queue('restart', backend.queueOptions(), backend.factory);
    await q1.add('kept', { x: 4 });
    await q1.close();
    await backend.close();
    await db.stop();

    db = await startEmbeddedPostgres({ dataDir: dir });
    backend = await createQueueBackend({ redisUrl: null, databaseUrl: db.url, prefix: 'hub' });
    const q2 = new Queue('restart', backend.queueOptions(), backend.factory);
    const ran: number[] = [];
    const w = new Worker(
      'restart',
      async (job: Job) => ran.push((job.data as { x: number }).x),
      backend.queueOptions(),
      backend.factory,
    );
    try {
      await waitFor(() => ran.length === 1, 10000, 'the job queued before the restart');
      expect(ran).toEqual([4]);
      const client = new pg.Client(db.url);
      await client.connect();
      const { rows } = await client.query(
        `SELECT table_schema FROM information_schema.tables WHERE table_name = 'job'`,
      );
      await client.end();
      expect(rows).toEqual([{ table_schema: 'bullmq_hub' }]); // not in the hub's public schema
    } finally {
      await w.close();
      await q2.close();
      await backend.close();
      await db.stop();
    }
  });

  it('keeps data across stop/start and serves 5 concurrent connections', async () => {
    const dir = tempDir();
    let db = await startEmbeddedPostgres({ dataDir: dir });
    let client = new pg.Client(db.url);
    await client.connect();
    await client.query('CREATE TABLE kept (v int)');
    await client.query('INSERT INTO kept VALUES (7)');
    await client.end();
    await db.stop();

    db = await startEmbeddedPostgres({ dataDir: dir });
    try {
      client = new pg.Client(db.url);
      await client.connect();
      expect((await client.query('SELECT v FROM kept')).rows).toEqual([{ v: 7 }]);
      await client.end();

      const clients = Array.from({ length: 5 }, () => new pg.Client(db.url));
      await Promise.all(clients.map((c) => c.connect()));
      try {
        // All five open at once, each running parameterised queries interleaved with the others.
        const results = await Promise.all(
          clients.map(async (c, i) => {
            const got: number[] = [];
            for (let k = 0; k < 20; k++) {
              got.push((await c.query<{ v: number }>('SELECT $1::int AS v', [i * 100 + k])).rows[0]!.v);
            }
            return got;
          }),
        );
        results.forEach((got, i) => expect(got).toEqual(Array.from({ length: 20 }, (_, k) => i * 100 + k)));
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    } finally {
      await db.stop();
    }
  });
});
