/**
 * docs/operations.md "Backup and restore", as an operator runs it: `pg_dump -Fc` of a running hub's
 * database, `pg_restore` into a new empty database, a hub started on that one, and everything read
 * back through the API — projects, the special account's credits, the bank's push secret, the raw
 * archive, the audit log and its append-only guard.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { CITY_HRSS, must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { PG_ADMIN_URL, databaseUrl, stampedName } from '../support/test-env';

/** pg_dump / pg_restore: PG_BIN_DIR, else the newest /usr/lib/postgresql/N/bin, else PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs = process.env.PG_BIN_DIR ? [process.env.PG_BIN_DIR] : [];
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  return dirs.map((d) => path.join(d, name)).find((p) => existsSync(p)) ?? name;
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

interface ProjectAnswer {
  project: { agreement: { creditedTotal: string } } & Record<string, unknown>;
}
const PROJECT = `query($id: ID!) { project(id: $id) { name districtCode contractPrice
  agreement { bankCode accountNo creditedTotal } } }`;

describe('backup with pg_dump and restore with pg_restore', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'wagewatch-backup-'));
  const restoredName = stampedName('restore');
  let original: TestHub;
  let restored: TestHub | undefined;

  afterAll(async () => {
    await restored?.close().catch(() => undefined);
    await original?.close().catch(() => undefined);
    await admin(`drop database if exists "${restoredName}" with (force)`);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('restores a dump into a fresh database, and a hub started on it serves the same data', async () => {
    original = await startTestHub({ RUN_JOBS: 'false' });
    const seed = await seedBasics(original);
    const projectId = await registerProject(original, seed.admin, seed);
    const accountNo = '6222020705009999001';
    await registerAgreement(original, seed.admin, { projectId, bankCode: seed.bankCode, accountNo });
    const pushed = await original.push(
      seed.bankCode,
      seed.secret,
      JSON.stringify({
        events: [
          {
            bankEventId: 'bk-1',
            accountNo,
            type: 'CREDIT',
            amount: '300000.00',
            bookedAt: '2026-11-20T10:00:00+08:00',
          },
          {
            bankEventId: 'bk-2',
            accountNo,
            type: 'CREDIT',
            amount: '0.01',
            bookedAt: '2026-11-21T10:00:00+08:00',
          },
        ],
      }),
    );
    expect(pushed.status).toBe(200);
    const before = await must(original.gql<ProjectAnswer>(seed.admin, PROJECT, { id: projectId }));
    expect(before.project.agreement.creditedTotal).toBe('300000.01');
    const pg = new Client({ connectionString: original.databaseUrl });
    await pg.connect();
    const counts = async (c: Client) =>
      (
        await c.query(`select (select count(*) from audit_entry)::int as audit,
          (select count(*) from account_event)::int as events,
          (select string_agg(sha256, ',' order by id) from inbound_document) as archive`)
      ).rows[0];
    const countsBefore = await counts(pg);
    await pg.end();
    expect(countsBefore.audit).toBeGreaterThan(0);

    // The backup, taken while the hub runs (pg_dump reads one consistent snapshot).
    const dump = path.join(workDir, 'hub.dump');
    execFileSync(pgTool('pg_dump'), ['-Fc', '--dbname', original.databaseUrl, '--file', dump]);
    expect(statSync(dump).size).toBeGreaterThan(10_000);

    // The restore, into a new empty database (template0: nothing in it before the dump).
    await admin(`create database "${restoredName}" template template0`);
    const restoredUrl = databaseUrl(restoredName);
    execFileSync(pgTool('pg_restore'), ['--no-owner', '--exit-on-error', '--dbname', restoredUrl, dump]);

    restored = await startTestHub({ RUN_JOBS: 'false', DATABASE_URL: restoredUrl });
    expect(restored.hub.migrationsApplied).toEqual([]); // the migration history came with the dump
    const admin2 = restored.token(CITY_HRSS);
    expect(await must(restored.gql<ProjectAnswer>(admin2, PROJECT, { id: projectId }))).toEqual(before);

    const rpg = new Client({ connectionString: restoredUrl });
    await rpg.connect();
    try {
      expect(await counts(rpg)).toEqual(countsBefore);
      // The audit log's append-only trigger is part of the dump: still no rewriting after a restore.
      await expect(rpg.query(`update audit_entry set outcome = 'ok'`)).rejects.toThrow(/append-only/);
    } finally {
      await rpg.end();
    }
    // The bank's secret came back too: its next push is taken, a replay is still a duplicate.
    const replay = await restored.push(
      seed.bankCode,
      seed.secret,
      JSON.stringify({
        events: [
          {
            bankEventId: 'bk-2',
            accountNo,
            type: 'CREDIT',
            amount: '0.01',
            bookedAt: '2026-11-21T10:00:00+08:00',
          },
          {
            bankEventId: 'bk-3',
            accountNo,
            type: 'CREDIT',
            amount: '1.00',
            bookedAt: '2026-11-22T10:00:00+08:00',
          },
        ],
      }),
    );
    expect(replay).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 1 } });
    const after = await must(restored.gql<ProjectAnswer>(admin2, PROJECT, { id: projectId }));
    expect(after.project.agreement.creditedTotal).toBe('300001.01');
  });
});
