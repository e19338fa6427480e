/**
 * CSV statements end to end on a real hub: city HRSS registers a bank's column layout through
 * GraphQL (nobody else may; a bad layout is BAD_USER_INPUT naming the field and stores nothing),
 * then the bank pushes a signed GBK statement to `POST /banks/{code}/events` as `text/csv` and its
 * events count on the project's agreement. Without a layout the push is 422 CSV_LAYOUT_MISSING; a
 * bad line is rejected with its line and column while the others are stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { CITY_HRSS, must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { newWebhookSecret, startTestHub, type GqlResult, type TestHub } from '../support/test-hub';
import { ICBC_GBK_ACCOUNT, ICBC_GBK_LAYOUT } from '../fixtures/csv/icbc-detail-direction.layout';

const ACC = ICBC_GBK_ACCOUNT; // the account of the GBK fixture (fixedAccountNo)
const GBK_FILE = readFileSync(join(__dirname, '..', 'fixtures', 'csv', 'icbc-detail-direction.gbk.csv'));
const CSV_GBK = 'text/csv; charset=GBK';

const LAYOUT_FIELDS = `encoding delimiter skipLines hasHeader skipFooterLines fixedAccountNo directionConvention
  creditMarkers debitMarkers dateFormat timeFormat amountUnit thousandsSeparators
  columns { bankEventId { index header } accountNo { index header } bookedAt { index header }
            bookedTime { index header } direction { index header } amount { index header }
            balance { index header } counterpartyName { index header } counterpartyAccount { index header }
            memo { index header } creditAmount { index header } }`;
const SET = `mutation($b: String!, $l: CsvLayoutInput!) { setBankCsvLayout(bankCode: $b, layout: $l) { ${LAYOUT_FIELDS} } }`;
const GET = `query($b: String!) { bankCsvLayout(bankCode: $b) { ${LAYOUT_FIELDS} } }`;

/** The layout the GBK fixture is written in, as GraphQL takes it. */
const GBK_LAYOUT = { ...ICBC_GBK_LAYOUT, amountUnit: 'YUAN' };
const col = (c: { index?: number; header?: string } | undefined) =>
  c ? { index: c.index ?? null, header: c.header ?? null } : null;
/** what the hub answers for GBK_LAYOUT */
const GBK_LAYOUT_OUT = {
  ...GBK_LAYOUT,
  columns: {
    bankEventId: col(GBK_LAYOUT.columns.bankEventId),
    accountNo: null,
    bookedAt: col(GBK_LAYOUT.columns.bookedAt),
    bookedTime: col(GBK_LAYOUT.columns.bookedTime),
    direction: col(GBK_LAYOUT.columns.direction),
    amount: col(GBK_LAYOUT.columns.amount),
    balance: col(GBK_LAYOUT.columns.balance),
    counterpartyName: col(GBK_LAYOUT.columns.counterpartyName),
    counterpartyAccount: col(GBK_LAYOUT.columns.counterpartyAccount),
    memo: col(GBK_LAYOUT.columns.memo),
    creditAmount: null,
  },
};

let t: TestHub;
let pg: Client;
let seed: Awaited<ReturnType<typeof seedBasics>>;
let projectId: string;

const gql = (token: string, query: string, variables?: Record<string, unknown>) =>
  t.gql<any>(token, query, variables);

function expectRefused(res: GqlResult<any>, code: string, field?: string): void {
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect(error.extensions?.code).toBe(code);
  if (field) {
    expect(error.extensions?.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  }
  expect(res.data?.setBankCsvLayout ?? null).toBeNull();
}

async function storedLayout(bankCode: string): Promise<unknown> {
  const { rows } = await pg.query(`select adapter_options from bank where code = $1`, [bankCode]);
  return rows[0].adapter_options.csvLayout ?? null;
}

async function events(bankCode: string) {
  const { rows } = await pg.query(
    `select bank_event_id, type, amount_fen::text as amount_fen, counterparty_name, counterparty_account, memo, raw
       from account_event where bank_code = $1 order by booked_at, bank_event_id`,
    [bankCode],
  );
  return rows;
}

async function creditedTotal(): Promise<string> {
  const res = await must(
    gql(seed.admin, `query($id: ID!) { project(id: $id) { agreement { creditedTotal } } }`, {
      id: projectId,
    }),
  );
  return res.project.agreement.creditedTotal;
}

beforeAll(async () => {
  t = await startTestHub();
  seed = await seedBasics(t);
  projectId = await registerProject(t, seed.admin, seed);
  await registerAgreement(t, seed.admin, { projectId, bankCode: seed.bankCode, accountNo: ACC });
  pg = new Client({ connectionString: t.databaseUrl });
  await pg.connect();
});

afterAll(async () => {
  await pg?.end();
  await t?.close();
});

describe('before a layout is registered', () => {
  test('a text/csv push is 422 CSV_LAYOUT_MISSING and stores nothing', async () => {
    const res = await t.push(seed.bankCode, seed.secret, GBK_FILE, { contentType: CSV_GBK });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CSV_LAYOUT_MISSING');
    expect(res.body.error).toMatch(/no CSV layout registered.*setBankCsvLayout/);
    expect(await events(seed.bankCode)).toEqual([]);
  });

  test('bankCsvLayout is null', async () => {
    expect((await must(gql(seed.admin, GET, { b: seed.bankCode }))).bankCsvLayout).toBeNull();
  });
});

describe('registering a layout', () => {
  test('a district HRSS, an industry authority and the bank itself are refused (FORBIDDEN), nothing stored', async () => {
    for (const caller of [
      { org: 'HRSS', district: '210502' },
      { org: 'HOUSING', district: '210500' },
      { org: 'BANK', district: '210500', bank: seed.bankCode },
    ] as const) {
      const res = await gql(t.token(caller), SET, { b: seed.bankCode, l: GBK_LAYOUT });
      expectRefused(res, 'FORBIDDEN');
      expect(res.errors![0].message).toMatch(/city-level HRSS/);
    }
    expect(await storedLayout(seed.bankCode)).toBeNull();
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a delimiter the hub does not read', { delimiter: ':' }, 'layout.delimiter'],
    ['DIRECTION_COLUMN without credit markers', { creditMarkers: [] }, 'layout.creditMarkers'],
    ['a date format with an unknown token', { dateFormat: 'DD-MON-YYYY' }, 'layout.dateFormat'],
    [
      'a column given by index and by name',
      { columns: { ...GBK_LAYOUT.columns, amount: { index: 4, header: '发生额' } } },
      'layout.columns.amount',
    ],
    [
      'SEPARATE_COLUMNS without a credit column',
      { directionConvention: 'SEPARATE_COLUMNS', creditMarkers: null, debitMarkers: null },
      'layout.columns.creditAmount',
    ],
    ['an account number that could be a formula', { fixedAccountNo: '=1+2' }, 'layout.fixedAccountNo'],
  ])('%s is BAD_USER_INPUT naming the field, nothing stored', async (_name, patch, field) => {
    const res = await gql(seed.admin, SET, { b: seed.bankCode, l: { ...GBK_LAYOUT, ...patch } });
    expectRefused(res, 'BAD_USER_INPUT', field);
    expect(await storedLayout(seed.bankCode)).toBeNull();
  });

  test('an encoding outside the enum is refused by GraphQL itself', async () => {
    const res = await gql(seed.admin, SET, { b: seed.bankCode, l: { ...GBK_LAYOUT, encoding: 'LATIN1' } });
    expect(res.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await storedLayout(seed.bankCode)).toBeNull();
  });

  test('an unknown bank is NOT_FOUND', async () => {
    expectRefused(await gql(seed.admin, SET, { b: 'NO_SUCH_BANK', l: GBK_LAYOUT }), 'NOT_FOUND');
  });

  test('city HRSS registers it; it is stored beside the other options and read back by HRSS and the bank', async () => {
    await must(
      gql(seed.admin, `mutation($b: String!) { setBankAmountUnit(bankCode: $b, unit: FEN) { code } }`, {
        b: seed.bankCode,
      }),
    );
    const set = await must(gql(seed.admin, SET, { b: seed.bankCode, l: GBK_LAYOUT }));
    expect(set.setBankCsvLayout).toEqual(GBK_LAYOUT_OUT);
    const bank = t.token({ org: 'BANK', district: '210500', bank: seed.bankCode });
    for (const token of [seed.admin, bank]) {
      expect((await must(gql(token, GET, { b: seed.bankCode }))).bankCsvLayout).toEqual(GBK_LAYOUT_OUT);
    }
    const { rows } = await pg.query(`select adapter_options from bank where code = $1`, [seed.bankCode]);
    expect(rows[0].adapter_options).toMatchObject({ amountUnit: 'fen', csvLayout: { encoding: 'GBK' } });
  });

  test('another bank, or a district office, may not read it', async () => {
    const other = t.token({ org: 'BANK', district: '210500', bank: 'OTHER_BANK' });
    const district = t.token({ org: 'HRSS', district: '210502' });
    for (const token of [other, district]) {
      const res = await gql(token, GET, { b: seed.bankCode });
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('a bank pushes a CSV statement', () => {
  test('the signed GBK statement lands: events stored, the agreement credited', async () => {
    const before = await creditedTotal();
    expect(before).toBe('0.00');
    const res = await t.push(seed.bankCode, seed.secret, GBK_FILE, { contentType: CSV_GBK });
    expect(res).toEqual({ status: 200, body: { accepted: 5, duplicates: 0, unmatched: 0, rejected: [] } });
    expect(await creditedTotal()).toBe('301000.00'); // 300,000.00 + 1,000.00 credited; the debits do not count
    const stored = await events(seed.bankCode);
    expect(stored.map((e) => [e.type, e.amount_fen])).toEqual([
      ['CREDIT', '30000000'],
      ['DEBIT', '1234567'],
      ['DEBIT', '800000'],
      ['CREDIT', '100000'],
      ['DEBIT', '200000'],
    ]);
    expect(stored[0].bank_event_id).toBe(`csv:${ACC}:ref:HX20260315000017`);
  });

  test('formula-like text is neutralised in the stored event, and raw keeps the line as received', async () => {
    const [row] = (await events(seed.bankCode)).filter((e) => e.amount_fen === '100000');
    expect(row).toMatchObject({
      counterparty_name: `'=HYPERLINK("http://evil.example/","点击查看")`,
      counterparty_account: `'+8613800000000`,
      memo: `'@SUM(A1:A9)`,
    });
    expect(row.raw.line).toBe(8); // line 6 holds a quoted line break, so the fourth line is line 8
    expect(row.raw.cells[5]).toBe('=HYPERLINK("http://evil.example/","点击查看")');
  });

  test('the same statement again: every line a duplicate, nothing counted twice', async () => {
    const res = await t.push(seed.bankCode, seed.secret, GBK_FILE, { contentType: CSV_GBK });
    expect(res.body).toEqual({ accepted: 0, duplicates: 5, unmatched: 0, rejected: [] });
    expect(await creditedTotal()).toBe('301000.00');
  });

  test('a charset that contradicts the layout refuses the file whole, naming both', async () => {
    const utf8 = Buffer.from(new TextDecoder('gbk').decode(GBK_FILE), 'utf8');
    const res = await t.push(seed.bankCode, seed.secret, utf8, { contentType: 'text/csv; charset=utf-8' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('WRONG_ENCODING');
    expect(res.body.error).toMatch(/charset "utf-8" does not match .* GBK/);
  });

  test('a bad line is rejected with its line and column; the other lines are stored', async () => {
    const gbk = Buffer.from(
      // Node has no GBK encoder; swapping ASCII bytes keeps every GBK character intact
      GBK_FILE.toString('latin1')
        .replace('HX20260315000017', 'HX20260401000001')
        .replace('HX20260316000002', 'HX20260401000002')
        .replace('"12,345.67"', '"12,5"'),
      'latin1',
    );
    const bad = await t.push(seed.bankCode, seed.secret, gbk, { contentType: CSV_GBK });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({
      accepted: 1, // the 300,000.00 credit under its new reference
      duplicates: 3, // the three lines without a changed reference
      unmatched: 0,
      rejected: [
        {
          index: 1,
          code: 'BAD_AMOUNT',
          message:
            'line 5, column 4 (amount): "12,5" is not an amount (a comma that does not separate groups of three digits)',
        },
      ],
    });
    expect(await creditedTotal()).toBe('601000.00');
  });

  test('a layout that does not fit the file refuses it whole, naming the header line', async () => {
    await must(
      gql(seed.admin, SET, {
        b: seed.bankCode,
        l: { ...GBK_LAYOUT, columns: { ...GBK_LAYOUT.columns, memo: { header: '用途' } } },
      }),
    );
    const res = await t.push(seed.bankCode, seed.secret, GBK_FILE, { contentType: CSV_GBK });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CSV_HEADER_MISMATCH');
    expect(res.body.error).toMatch(
      /^line 3 \(header\): no column named "用途" \(memo\); the header has: "交易日期"/,
    );
    await must(gql(seed.admin, SET, { b: seed.bankCode, l: GBK_LAYOUT }));
  });

  test('a bad signature on a CSV push is 401, nothing stored', async () => {
    const before = (await events(seed.bankCode)).length;
    const res = await t.push(seed.bankCode, newWebhookSecret(), GBK_FILE, { contentType: CSV_GBK });
    expect(res.status).toBe(401);
    expect((await events(seed.bankCode)).length).toBe(before);
  });

  test('another bank without a layout is still refused: layouts are per bank', async () => {
    const other = await seedBasics(t);
    const res = await t.push(other.bankCode, other.secret, GBK_FILE, { contentType: CSV_GBK });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CSV_LAYOUT_MISSING');
    expect(await events(other.bankCode)).toEqual([]);
    expect((await must(gql(t.token(CITY_HRSS), GET, { b: other.bankCode }))).bankCsvLayout).toBeNull();
  });
});
