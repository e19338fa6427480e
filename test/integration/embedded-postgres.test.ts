// The embedded PostgreSQL server under DATA_DIR (src/db/embedded-postgres.ts), started in this
// process. The real entry point on it is test/e2e/embedded-defaults.test.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { embeddedDataDir } from '../support/embedded-data-dir';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit'] as const;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL under DATA_DIR', () => {
  const dir = embeddedDataDir();
  let db: EmbeddedPostgres | undefined;
  afterAll(async () => {
    await db?.stop();
    dir.remove();
  });

  it('is a real PostgreSQL 17 server that asks for a password, and leaves the process signals alone', async () => {
    const before = SIGNALS.map((s) => process.listenerCount(s));
    db = await startEmbeddedPostgres({ dataDir: dir.path });
    // The package installs exit handlers on load that would stop the server on SIGTERM before
    // the hub has closed, and exit the process: they are removed.
    expect(SIGNALS.map((s) => process.listenerCount(s))).toEqual(before);
    const [row] = await query<{ v: string; n: number }>(
      db.url,
      `select current_setting('server_version_num') as v, current_setting('max_connections')::int as n`,
    );
    expect(Number(row!.v)).toBeGreaterThanOrEqual(170000);
    expect(row!.n).toBe(200);
    const noPassword = new URL(db.url);
    noPassword.password = '';
    await expect(query(noPassword.toString(), 'select 1')).rejects.toThrow(/password/i);
    expect(readFileSync(join(dir.path, 'postgres.password'), 'utf8').trim()).toBe(new URL(db.url).password);
  }, 90_000);

  it('refuses a second start on the same DATA_DIR and says which process has it', async () => {
    await expect(startEmbeddedPostgres({ dataDir: dir.path })).rejects.toThrow(
      new RegExp(`DATA_DIR ${dir.path} is in use by another hub \\(pid ${process.pid}\\)`),
    );
    // the first one is untouched
    expect(await query(db!.url, 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('frees DATA_DIR when it stops, and starts again on the same data', async () => {
    await query(db!.url, 'create table kept (v int); insert into kept values (7)');
    await db!.stop();
    expect(existsSync(join(dir.path, 'hub.lock'))).toBe(false);
    db = await startEmbeddedPostgres({ dataDir: dir.path });
    expect(await query(db.url, 'select v from kept')).toEqual([{ v: 7 }]);
  }, 90_000);

  it('takes over a lock whose hub is gone', async () => {
    await db!.stop();
    db = undefined;
    // pid 2^22 - 1 is above Linux's default pid_max: no process has it
    writeFileSync(join(dir.path, 'hub.lock'), JSON.stringify({ pid: 4194303, host: hostname(), token: 'x' }));
    db = await startEmbeddedPostgres({ dataDir: dir.path });
    expect(JSON.parse(readFileSync(join(dir.path, 'hub.lock'), 'utf8')).pid).toBe(process.pid);
    expect(await query(db.url, 'select v from kept')).toEqual([{ v: 7 }]);
  }, 90_000);
});

describe('a DATA_DIR it cannot use', () => {
  const dir = embeddedDataDir();
  afterAll(() => dir.remove());

  it('refuses the folder of the former embedded PGlite, saying what to do', async () => {
    const old = join(dir.path, 'pglite');
    mkdirSync(old);
    writeFileSync(join(old, 'PG_VERSION'), '17\n');
    await expect(startEmbeddedPostgres({ dataDir: old })).rejects.toThrow(
      /holds a database of the former embedded PGlite.*move that folder away/,
    );
  });
});
