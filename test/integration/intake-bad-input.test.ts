import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { freshUscc, seedBasics } from '../support/fixtures';
import { SIGNED_UTF8_LAYOUT, setCsvLayout } from '../support/csv-layouts';

/**
 * Bad input is one row's problem, never a 500 (issue 8, item 5). Before, a NUL byte or a lone
 * surrogate in one event failed the whole push with a 500 (PostgreSQL refuses them in text and
 * jsonb), and impossible dates were moved (2026-02-30 → 03-02) or failed the batch (year 0000).
 */
const fixture = (rel: string) => readFileSync(join(__dirname, '..', 'fixtures', rel));

describe('bad input at intake', () => {
  let t: TestHub;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let pg: Client;
  const accountNo = '6222020705001237777';
  const ev = (bankEventId: string, extra: Record<string, unknown> = {}) => ({
    bankEventId,
    accountNo,
    type: 'CREDIT',
    amount: '10.00',
    bookedAt: '2026-11-10T09:00:00+08:00',
    ...extra,
  });
  const stored = async (like: string) =>
    (
      await pg.query(`select bank_event_id from account_event where bank_event_id like $1 order by 1`, [like])
    ).rows.map((r) => r.bank_event_id);
  const deep = (n: number): unknown => (n === 0 ? 'x' : { d: deep(n - 1) });

  beforeAll(async () => {
    t = await startTestHub();
    seed = await seedBasics(t);
    await setCsvLayout(t, seed.admin, seed.bankCode, SIGNED_UTF8_LAYOUT);
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('JSON: rejects each bad event with a code naming the field, and stores the rest', async () => {
    const events = [
      ev('bi-ok'),
      ev('bi-nul', { memo: 'a\u0000b' }),
      ev('bi-sur', { counterpartyName: 'x\ud800y' }),
      ev('bi-deep', { extra: deep(40) }),
      ev('bi-huge', { extra: 'A'.repeat(100_000) }),
      ev('bi-key', { ['k\u0000']: 1 }),
      ev('bi-feb30', { bookedAt: '2026-02-30T10:00:00+08:00' }),
      ev('bi-24h', { bookedAt: '2026-11-10T24:00:00+08:00' }),
      ev('bi-y0', { bookedAt: '0000-01-01T00:00:00Z' }),
      ev('bi-leap', { bookedAt: '2016-12-31T23:59:60Z' }),
      ev('bi-nozone', { bookedAt: '2026-11-10T09:00:00' }),
      ev('bi-ok2'),
    ];
    const res = await t.push(seed.bankCode, seed.secret, JSON.stringify({ events }));
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(
      res.body.rejected.map((r: { index: number; code: string; message: string }) => [
        r.index,
        r.code,
        r.message.split(':')[0],
      ]),
    ).toEqual([
      [1, 'INVALID_TEXT', 'memo'],
      [2, 'INVALID_TEXT', 'counterpartyName'],
      [3, 'FIELD_TOO_DEEP', `event.extra${'.d'.repeat(32)}`],
      [4, 'FIELD_TOO_LARGE', 'event.extra'],
      [5, 'INVALID_TEXT', 'event'],
      [6, 'INVALID_BOOKED_AT', 'bookedAt'],
      [7, 'INVALID_BOOKED_AT', 'bookedAt'],
      [8, 'INVALID_BOOKED_AT', 'bookedAt'],
      [9, 'INVALID_BOOKED_AT', 'bookedAt'],
      [10, 'INVALID_BOOKED_AT', 'bookedAt'],
    ]);
    expect(res.body.rejected[1].message).toBe(
      'counterpartyName: contains a lone UTF-16 surrogate (not a character)',
    );
    expect(res.body.rejected[5].message).toMatch(/day 30 does not exist in 2026-02/);
    expect(await stored('bi-%')).toEqual(['bi-ok', 'bi-ok2']);
  });

  it('camt XML: a NUL byte in one entry rejects that entry only', async () => {
    const xml = fixture('iso20022/derived-camt053-cny.xml')
      .toString('utf8')
      .replace('账户管理费', '账户管理费\u0000');
    const res = await t.push(seed.bankCode, seed.secret, xml, { contentType: 'application/xml' });
    expect(res.status).toBe(200);
    const bad = res.body.rejected.filter((r: { code: string }) => r.code === 'INVALID_TEXT');
    expect(bad).toHaveLength(1);
    expect(bad[0].message).toMatch(/^memo: contains a NUL byte/);
    expect(res.body.accepted).toBeGreaterThan(3);
  });

  it('camt XML: an impossible booking date is INVALID_BOOKED_AT for that entry', async () => {
    const xml = fixture('iso20022/derived-camt053-cny.xml').toString('utf8');
    const res = await t.push(
      seed.bankCode,
      seed.secret,
      xml.replace('<BookgDt><Dt>2024-03-01</Dt>', '<BookgDt><Dt>2024-02-30</Dt>'),
      { contentType: 'application/xml' },
    );
    expect(res.status).toBe(200);
    expect(res.body.rejected.map((r: { code: string }) => r.code)).toContain('INVALID_BOOKED_AT');
  });

  it('CSV: a NUL in a cell and an impossible date are that line’s problem', async () => {
    const csv = [
      '记账日期,账号,金额,币种,对方户名,对方账号,用途,交易参考号',
      `2026-11-05,${accountNo},500.00,CNY,本溪市城建投资有限公司,2105001234567890,人工费,BI-C1`,
      `2026-11-05,${accountNo},600.00,CNY,本溪市城建投资有限公司,2105001234567890,人工\u0000费,BI-C2`,
      `2026-02-30,${accountNo},700.00,CNY,本溪市城建投资有限公司,2105001234567890,人工费,BI-C3`,
      `0000-01-01,${accountNo},800.00,CNY,本溪市城建投资有限公司,2105001234567890,人工费,BI-C4`,
    ].join('\n');
    const res = await t.push(seed.bankCode, seed.secret, csv, { contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'INVALID_TEXT'],
      [2, 'INVALID_BOOKED_AT'],
      [3, 'INVALID_BOOKED_AT'],
    ]);
    expect(await stored(`csv:${accountNo}:ref:BI-C%`)).toEqual([`csv:${accountNo}:ref:BI-C1`]);
  });

  it('GraphQL: NUL and lone surrogates are BAD_USER_INPUT naming the field; impossible DateTimes too', async () => {
    const bank = t.token({ org: 'BANK', bank: seed.bankCode });
    const m = `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted } }`;
    const nul = await t.gql(bank, m, { e: [ev('bi-g1'), ev('bi-g2', { memo: 'x\u0000' })] });
    expect(nul.errors?.[0]).toMatchObject({
      message: 'events[1].memo: contains a NUL byte (U+0000)',
      extensions: { code: 'BAD_USER_INPUT', field: 'events[1].memo' },
    });
    const sur = await t.gql(bank, m, { e: [ev('bi-g3', { counterpartyAccount: '\udc00' })] });
    expect(sur.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'events[0].counterpartyAccount',
    });
    const feb30 = await t.gql(bank, m, { e: [ev('bi-g4', { bookedAt: '2026-02-30T10:00:00+08:00' })] });
    expect(feb30.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(feb30.errors?.[0].message).toMatch(/bookedAt.*day 30 does not exist/s);
    expect(await stored('bi-g%')).toEqual([]);
  });

  it('GraphQL: any mutation refuses NUL as BAD_USER_INPUT naming the field, not an internal error', async () => {
    const res = await t.gql(
      seed.admin,
      `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`,
      { i: { uscc: freshUscc(), name: '本溪\u0000建工' } },
    );
    expect(res.errors?.[0]).toMatchObject({
      message: 'input.name: contains a NUL byte (U+0000)',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.name' },
    });
  });
});
