/**
 * The push route keeps each bank's profile per process (src/services/bank-profiles.ts) and checks
 * it in the push's transaction: a change to the bank, made through this hub or straight in the
 * database (as another hub process would), counts from the next push on. Signed with a secret the
 * bank no longer has: refused, nothing stored; with its new one: taken; options changed since the
 * profile was read (a CSV layout): the push is read with the new ones.
 */
import { Client } from 'pg';
import { seedBasics } from '../support/fixtures';
import { GBK_DIRECTION_LAYOUT, setCsvLayout } from '../support/csv-layouts';
import { newWebhookSecret, startTestHub, type TestHub } from '../support/test-hub';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const GBK_FILE = readFileSync(join(__dirname, '..', 'fixtures', 'csv', 'icbc-detail-direction.gbk.csv'));

describe('bank profiles kept by the push route', () => {
  let t: TestHub;
  let pg: Client;
  let n = 0;
  const push = (bankCode: string, secret: string) =>
    t.push(
      bankCode,
      secret,
      JSON.stringify({
        events: [
          {
            bankEventId: `cache-${++n}`,
            accountNo: '6222020705001111111',
            type: 'CREDIT',
            amount: '10.00',
            bookedAt: '2026-11-30T10:00:00+08:00',
          },
        ],
      }),
    );
  const stored = async (bankCode: string) => {
    const { rows } = await pg.query(
      `select (select count(*)::int from account_event where bank_code = $1) as events,
              (select count(*)::int from inbound_document where bank_code = $1) as documents,
              (select count(*)::int from webhook_delivery where bank_code = $1 and status = 200) as answered`,
      [bankCode],
    );
    return rows[0];
  };

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('refuses the replaced secret and takes the new one once the bank row changes elsewhere', async () => {
    const { bankCode, secret: oldSecret } = await seedBasics(t);
    expect((await push(bankCode, oldSecret)).status).toBe(200); // the profile is kept from here
    expect(await stored(bankCode)).toEqual({ events: 1, documents: 1, answered: 1 });

    // as another hub process's rotation would, without an overlap
    const next = newWebhookSecret();
    await pg.query(
      `update bank set webhook_secret = $1, previous_webhook_secret = null, previous_webhook_secret_until = null
        where code = $2`,
      [next, bankCode],
    );
    const late = await push(bankCode, oldSecret);
    expect(late).toEqual({
      status: 401,
      body: { error: 'webhook-signature does not match', code: 'UNAUTHENTICATED' },
    });
    expect(await stored(bankCode)).toEqual({ events: 1, documents: 1, answered: 1 });

    expect((await push(bankCode, next)).status).toBe(200);
    expect((await push(bankCode, next)).status).toBe(200);
    expect(await stored(bankCode)).toEqual({ events: 3, documents: 3, answered: 3 });
  });

  it('reads a push with the options set since its profile was kept', async () => {
    const { admin, bankCode, secret } = await seedBasics(t);
    const csv = () => t.push(bankCode, secret, GBK_FILE, { contentType: 'text/csv; charset=GBK' });
    const before = await csv(); // no layout yet: refused, and the profile kept
    expect(before.status).toBe(422);
    expect(before.body.code).toBe('CSV_LAYOUT_MISSING');

    await setCsvLayout(t, admin, bankCode, GBK_DIRECTION_LAYOUT);
    const after = await csv();
    expect(after.status).toBe(200);
    expect(after.body.accepted).toBeGreaterThan(0);
    expect((await stored(bankCode)).events).toBe(after.body.accepted);
  });

  it('takes a push again with the current profile when the bank changes between check and store', async () => {
    const { bankCode, secret } = await seedBasics(t);
    expect((await push(bankCode, secret)).status).toBe(200);
    // a change to the row the push does not read (the name) still makes the kept profile outdated
    await pg.query(`update bank set name = name || '（新）' where code = $1`, [bankCode]);
    const res = await push(bankCode, secret);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(await stored(bankCode)).toEqual({ events: 2, documents: 2, answered: 2 });
  });
});
