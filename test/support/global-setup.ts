import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { PG_ADMIN_URL, REDIS_URL, databaseUrl, isStale, stampedName } from './test-env';
import { requireServices } from './services';

/**
 * Builds one migrated template database per run; each test file clones it (CREATE DATABASE …
 * TEMPLATE), which takes a fraction of a second and keeps files isolated from each other.
 */
export default async function globalSetup(): Promise<void> {
  await requireServices(PG_ADMIN_URL, REDIS_URL);
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const server = await admin.query(`select floor(extract(epoch from now()))::bigint as s`);
  // inherited by the test workers (stampedName, isStale)
  process.env.WAGEWATCH_TEST_DB_CLOCK_OFFSET = String(
    Number(server.rows[0].s) - Math.floor(Date.now() / 1000),
  );
  const TEMPLATE_DB = stampedName('tpl');
  process.env.WAGEWATCH_TEST_TEMPLATE = TEMPLATE_DB; // inherited by the test workers
  try {
    // Leftovers of runs that died hours ago; a younger database may belong to a live run.
    const all = await admin.query(
      `select datname from pg_database where datname like 'wagewatch\\_test\\_%'`,
    );
    for (const row of all.rows.filter((r) => isStale(r.datname))) {
      await admin.query(`drop database if exists "${row.datname}" with (force)`).catch(() => undefined);
    }
    await admin.query(`create database "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  // In a child process: MikroORM keeps its metadata on globalThis, and jest's global setup runs
  // in another realm than the tests, so an in-process init here breaks every later init there.
  const root = path.join(__dirname, '..', '..');
  execFileSync(process.execPath, ['-r', './src/register.js', 'scripts/migrate.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(TEMPLATE_DB) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
