/**
 * docs/operations.md "The raw archive": with RAW_ARCHIVE_RETENTION_DAYS set, the daily job deletes
 * pushed documents older than that; their events stay, unlinked. Unset, nothing is deleted.
 */
import pino from 'pino';
import { Client } from 'pg';
import { HUB_JOBS, hubSchedules } from '../../jobs';
import { rawArchiveRetentionJob } from '../../jobs/raw-archive-retention.job';
import { loadConfig } from '../../src/config';
import { advanceClock, setClock } from '../../src/clock';
import { purgeRawArchive } from '../../src/services/raw-archive-retention';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CITY_HRSS, seedBasics } from '../support/fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { TEST_NOW } from '../support/test-clock';

const DAY = 86_400_000;

describe('raw archive retention', () => {
  let t: TestHub;
  let pg: Client;
  let bank: Awaited<ReturnType<typeof seedBasics>>;
  let n = 0;
  const pushOne = async () => {
    n += 1;
    const res = await t.push(
      bank.bankCode,
      bank.secret,
      JSON.stringify({
        events: [
          {
            bankEventId: `arch-${n}`,
            accountNo: '6222020705002222222',
            type: 'CREDIT',
            amount: '5.00',
            bookedAt: '2026-11-01T10:00:00+08:00',
          },
        ],
      }),
    );
    expect(res.status).toBe(200);
    return `arch-${n}`;
  };
  const run = (retentionDays: number | null) =>
    rawArchiveRetentionJob.handle(
      {},
      {
        orm: t.hub.orm,
        log: pino({ level: 'silent' }),
        config: { ...loadConfig({}), rawArchiveRetentionDays: retentionDays },
        enqueue: async () => undefined,
      },
    );
  const documentOf = async (bankEventId: string) =>
    (
      await pg.query(`select document_id from account_event where bank_code = $1 and bank_event_id = $2`, [
        bank.bankCode,
        bankEventId,
      ])
    ).rows[0];

  beforeAll(async () => {
    setClock(TEST_NOW);
    t = await startTestHub({ RUN_JOBS: 'false' });
    bank = await seedBasics(t);
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('is scheduled daily, and reads its setting', () => {
    expect(HUB_JOBS).toContain(rawArchiveRetentionJob);
    expect(hubSchedules(loadConfig({})).find((s) => s.job === rawArchiveRetentionJob)?.repeat).toEqual({
      pattern: '30 0 * * *',
      tz: 'Asia/Shanghai',
    });
    expect(loadConfig({}).rawArchiveRetentionDays).toBeNull();
    expect(loadConfig({ RAW_ARCHIVE_RETENTION_DAYS: '3650' }).rawArchiveRetentionDays).toBe(3650);
    expect(() => loadConfig({ RAW_ARCHIVE_RETENTION_DAYS: 'ten years' })).toThrow(
      /RAW_ARCHIVE_RETENTION_DAYS must be a whole number/,
    );
  });

  it('deletes documents past retention, keeps their events unlinked, and keeps younger ones', async () => {
    const old = await pushOne(); // received 2026-12-01
    advanceClock(20 * DAY);
    const young = await pushOne(); // received 2026-12-21
    const oldDoc = (await documentOf(old)).document_id;
    expect(oldDoc).not.toBeNull();

    // Unset: kept, however old.
    advanceClock(20 * DAY);
    expect(await run(null)).toEqual({ purged: 0, retentionDays: null });
    expect((await documentOf(old)).document_id).toBe(oldDoc);

    // 30 days on 2027-01-10: the first document (40 days old) goes, the second (20 days) stays.
    expect(await run(30)).toEqual({ purged: 1, retentionDays: 30 });
    expect((await pg.query(`select 1 from inbound_document where id = $1`, [oldDoc])).rowCount).toBe(0);
    expect(await documentOf(old)).toEqual({ document_id: null });
    expect((await documentOf(young)).document_id).not.toBeNull();
    expect(await run(30)).toEqual({ purged: 0, retentionDays: 30 }); // a second run the same day

    // What a user sees: the event is still counted, its document is no longer listed.
    const docs = await t.gql<{ inboundDocuments: { edges: { node: { id: string } }[] } }>(
      t.token(CITY_HRSS),
      `{ inboundDocuments(first: 50) { edges { node { id } } } }`,
    );
    expect(docs.errors).toBeUndefined();
    const listed = docs.data!.inboundDocuments.edges.map((e) => e.node.id);
    expect(listed).not.toContain(oldDoc);
    expect(listed).toContain((await documentOf(young)).document_id);
  });

  it('deletes in batches until nothing past retention is left, within a run', async () => {
    for (let i = 0; i < 5; i++) await pushOne();
    const em = t.hub.orm.em.fork() as EntityManager;
    const left = async () => Number((await pg.query(`select count(*) from inbound_document`)).rows[0].count);
    expect(await left()).toBeGreaterThanOrEqual(5);
    // two per batch, at most two batches: four this run, the rest the next
    const before = await left();
    expect(
      await purgeRawArchive(em, new Date(Date.parse(TEST_NOW) + 500 * DAY), 30, {
        batchSize: 2,
        maxBatches: 2,
      }),
    ).toBe(4);
    expect(await left()).toBe(before - 4);
    expect(await purgeRawArchive(em, new Date(Date.parse(TEST_NOW) + 500 * DAY), 30)).toBe(before - 4);
    expect(await left()).toBe(0);
  });
});
