import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startHub, type RunningHub } from '../../src/hub';
import { PG_ADMIN_URL, REDIS_URL, databaseUrl, stampedName } from '../support/test-env';

const HUBS = 4;
const MIGRATIONS = readdirSync(path.join(__dirname, '..', '..', 'src', 'migrations')).filter((f) =>
  /^Migration\d+_.*\.ts$/.test(f),
).length;

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * Hubs deployed together (several API nodes, a rolling start) come up at the same moment on one
 * database that has never been migrated. Each must wait for the one that migrates, not die in a
 * half-created table.
 */
/**
 * With jobs in PostgreSQL a hub that runs them holds ~28 connections (each queue's pools and
 * LISTEN session), so two of the four are API nodes (RUN_JOBS=false, 3 connections): four job
 * runners would need more than the 100 connections of a stock PostgreSQL shared with other tests.
 */
describe.each([
  ['jobs in PostgreSQL (no REDIS_URL)', {}, (i: number) => (i < 2 ? 'true' : 'false')],
  ['jobs in Redis', { REDIS_URL }, () => 'true'],
])(`${HUBS} hubs starting at once on a fresh database, %s`, (_label, extraEnv, runJobs) => {
  const name = stampedName('fresh');
  const url = databaseUrl(name);
  const hubs: RunningHub[] = [];

  beforeAll(() => admin((c) => c.query(`create database "${name}"`)));
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.close()));
    await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
  });

  it('all come up, and every migration is applied exactly once', async () => {
    const prefix = `conc_${Math.random().toString(16).slice(2, 10)}`;
    const starts = Array.from({ length: HUBS }, (_, i) => {
      const config = loadConfig({
        DATABASE_URL: url,
        QUEUE_PREFIX: prefix,
        JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
        LOG_LEVEL: 'silent',
        RUN_JOBS: runJobs(i),
        ...extraEnv,
      });
      config.port = 0;
      return startHub(config, pino({ level: 'silent' }));
    });
    const settled = await Promise.allSettled(starts);
    for (const s of settled) if (s.status === 'fulfilled') hubs.push(s.value);
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failures).toEqual([]);

    for (const hub of hubs) {
      const res = await fetch(`${hub.url}/healthz`);
      expect(res.status).toBe(200);
    }
    // One hub applied them all; the others found nothing left to do.
    const appliedCounts = hubs.map((h) => h.migrationsApplied.length).sort((a, b) => b - a);
    expect(appliedCounts).toEqual([MIGRATIONS, ...Array(HUBS - 1).fill(0)]);
    const rows = await admin(async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(`select name, count(*)::int as n from mikro_orm_migrations group by name`))
          .rows;
      } finally {
        await c.end();
      }
    });
    expect(rows).toHaveLength(MIGRATIONS);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  }, 120_000);
});
