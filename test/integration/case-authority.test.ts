/**
 * Item 8 of issue 8, through the public API of a real hub on PostgreSQL: the district HRSS works
 * every case of its district whichever agency it was routed to (属地管理), an order records who
 * issued it and only an HRSS order starts the listing clock and allows a listing (Order 45), a case
 * or entry out of sight is NOT_FOUND saying nothing of it, and scope is read before any row is
 * locked (a caller without scope is answered at once while another transaction holds the row).
 */
import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must, registerProject, seedBasics } from '../support/fixtures';
import { DECIDE, listableCase, REMOVE } from '../support/blacklist-fixtures';
import { runMaintenance } from '../../src/services/blacklist/maintenance';
import type { Caller } from '../../src/auth/caller';

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const rid = (body17: string): string => {
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body17 + '10X98765432'[sum % 11];
};

const CASE = `id status routedTo orderIssuedBy { org district } orderDeadline listingDecisionDeadline
  history { action by { org district } }`;
const FILE = `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { ${CASE} } }`;
const VERIFY = `mutation($c: ID!, $i: VerificationInput!) { verifyWageClaim(caseId: $c, input: $i) { ${CASE} } }`;
const ORDER = `mutation($c: ID!, $on: Date!, $d: Date!) { orderPayment(caseId: $c, issuedOn: $on, deadline: $d) { ${CASE} } }`;
const FILE_CASE = `mutation($c: ID!, $on: Date!) { fileCase(caseId: $c, filedOn: $on) { ${CASE} } }`;
const PAY = `mutation($c: ID!, $on: Date!, $a: Money!) { recordWagePayment(caseId: $c, paidOn: $on, amount: $a) { ${CASE} } }`;
const ONE = `query($id: ID!) { wageCase(id: $id) { id } }`;
const COMMIT = `mutation($e: ID!, $d: Date!) { recordCreditCommitment(entryId: $e, receivedOn: $d) { id } }`;

let t: TestHub;
let pg: Client;
let seed: Awaited<ReturnType<typeof seedBasics>>;
let housingProject: string;
const tok = (org: string, district: string, extra: Record<string, string> = {}) =>
  t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}`, ...extra });

beforeAll(async () => {
  t = await startTestHub({ RUN_JOBS: 'false' });
  pg = new Client({ connectionString: t.databaseUrl });
  await pg.connect();
  seed = await seedBasics(t);
  housingProject = await registerProject(t, seed.admin, {
    ...seed,
    industry: 'HOUSING',
    districtCode: '210502',
  });
});
afterAll(async () => {
  await pg.end();
  await t.close();
});

/** A claim about the HOUSING project of 210502 (routed to HOUSING:210502), verified. */
async function housingCase(): Promise<string> {
  const filed = await must(
    t.gql<{ fileWageClaim: { id: string; routedTo: string } }>(seed.admin, FILE, {
      i: {
        source: 'HOTLINE',
        projectId: housingProject,
        employerUscc: seed.contractorUscc,
        workers: 1,
        amount: '30000.00',
        receivedOn: '2026-02-02',
      },
    }),
  );
  expect(filed.fileWageClaim.routedTo).toBe('HOUSING:210502');
  return filed.fileWageClaim.id;
}
const verification = {
  debtorUscc: '',
  verifiedOn: '2026-02-10',
  lines: [
    { workerName: '张三', workerIdNumber: rid('21050219850312001'), monthsOwed: 6, amount: '30000.00' },
  ],
};

describe('the district HRSS on a case of its district routed to HOUSING (属地管理)', () => {
  it('verifies, orders payment and files; its order starts the listing clock; it lists', async () => {
    const c = await housingCase();
    const hrss = tok('HRSS', '210502');
    await must(t.gql(hrss, VERIFY, { c, i: { ...verification, debtorUscc: seed.contractorUscc } }));
    const ordered = (
      await must(t.gql<{ orderPayment: any }>(hrss, ORDER, { c, on: '2026-03-02', d: '2026-03-16' }))
    ).orderPayment;
    expect(ordered).toMatchObject({
      status: 'ORDERED',
      routedTo: 'HOUSING:210502',
      orderIssuedBy: { org: 'HRSS', district: '210502' },
      orderDeadline: '2026-03-16',
      listingDecisionDeadline: '2026-04-14', // 20 working days from 03-17 (Qingming 04-04..06 off)
    });
    const filed = (await must(t.gql<{ fileCase: any }>(hrss, FILE_CASE, { c, on: '2026-03-20' }))).fileCase;
    expect(filed.status).toBe('FILED');
    const listed = await must(
      t.gql<{ decideListing: any }>(hrss, DECIDE, { c, d: '2026-03-25', g: 'AMOUNT_THRESHOLD' }),
    );
    expect(listed.decideListing).toMatchObject({ status: 'LISTED', districtCode: '210502' });
  });

  it('the HRSS of another district may not: the case is out of its sight', async () => {
    const c = await housingCase();
    const res = await t.gql(tok('HRSS', '210503'), VERIFY, {
      c,
      i: { ...verification, debtorUscc: seed.contractorUscc },
    });
    expect(res.errors?.[0]).toMatchObject({
      message: `caseId: case ${c} not found`,
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe("HOUSING's own order", () => {
  it('is an order, recorded as HOUSING’s, with no listing clock: no escalation, and a listing on it is refused', async () => {
    const c = await housingCase();
    const housing = tok('HOUSING', '210502');
    await must(t.gql(housing, VERIFY, { c, i: { ...verification, debtorUscc: seed.contractorUscc } }));
    const ordered = (
      await must(t.gql<{ orderPayment: any }>(housing, ORDER, { c, on: '2026-03-02', d: '2026-03-16' }))
    ).orderPayment;
    expect(ordered).toMatchObject({
      status: 'ORDERED',
      orderIssuedBy: { org: 'HOUSING', district: '210502' },
      orderDeadline: '2026-03-16',
      listingDecisionDeadline: null,
    });
    // the daily upkeep never counts a clock that did not start
    await runMaintenance(t.hub.orm.em, '2026-11-30');
    expect((await pg.query(`select 1 from listing_escalation where case_id = $1`, [c])).rowCount).toBe(0);
    for (const token of [tok('HRSS', '210502'), t.token(CITY_HRSS)]) {
      const refused = await t.gql(token, DECIDE, { c, d: '2026-04-01', g: 'AMOUNT_THRESHOLD' });
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toMatch(/issued by HOUSING and is not an HRSS order/);
    }
    expect((await pg.query(`select 1 from blacklist_entry where case_id = $1`, [c])).rowCount).toBe(0);
    // HOUSING keeps the file: the payments are its to record
    const paid = (
      await must(t.gql<{ recordWagePayment: any }>(housing, PAY, { c, on: '2026-03-10', a: '100.00' }))
    ).recordWagePayment;
    expect(paid.history.at(-1)).toMatchObject({ action: 'RECORD_PAYMENT', by: { org: 'HOUSING' } });
    // HOUSING may not order twice; the district HRSS may issue its own order, which starts the clock
    const twice = await t.gql(housing, ORDER, { c, on: '2026-03-17', d: '2026-03-31' });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const hrss = tok('HRSS', '210502');
    const own = (
      await must(t.gql<{ orderPayment: any }>(hrss, ORDER, { c, on: '2026-03-17', d: '2026-03-31' }))
    ).orderPayment;
    expect(own).toMatchObject({
      status: 'ORDERED',
      orderIssuedBy: { org: 'HRSS', district: '210502' },
      orderDeadline: '2026-03-31',
      listingDecisionDeadline: '2026-04-29', // 20 working days from 04-01, Qingming 04-04..06 off
    });
    expect(
      (await must(t.gql<{ decideListing: any }>(hrss, DECIDE, { c, d: '2026-04-01', g: 'AMOUNT_THRESHOLD' })))
        .decideListing.status,
    ).toBe('LISTED');
  });
});

describe('a case or an entry out of sight', () => {
  const outsiders = () => [
    tok('BANK', '210500', { bank: seed.bankCode }),
    tok('CONTRACTOR', '210500', { uscc: seed.contractorUscc }),
  ];

  it('is NOT_FOUND for a bank and a contractor, with nothing about it (no district) in the message', async () => {
    const c = await housingCase();
    const absent = '00000000-0000-4000-8000-000000000000';
    for (const token of outsiders()) {
      expect((await must(t.gql<{ wageCase: unknown }>(token, ONE, { id: c }))).wageCase).toBeNull();
      for (const [query, vars, message] of [
        [
          VERIFY,
          { c, i: { ...verification, debtorUscc: seed.contractorUscc } },
          `caseId: case ${c} not found`,
        ],
        [ORDER, { c, on: '2026-03-02', d: '2026-03-16' }, `caseId: case ${c} not found`],
        [DECIDE, { c, d: '2026-04-01', g: 'AMOUNT_THRESHOLD' }, `case ${c} not found`],
        [DECIDE, { c: absent, d: '2026-04-01', g: 'AMOUNT_THRESHOLD' }, `case ${absent} not found`],
      ] as const) {
        const res = await t.gql(token, query, vars);
        expect(res.errors?.[0]).toMatchObject({ message, extensions: { code: 'NOT_FOUND' } });
        expect(res.errors?.[0]?.message).not.toMatch(/2105\d\d/);
      }
    }
    const listed = await listableCase(t);
    const entry = (
      await must(
        t.gql<{ decideListing: { id: string } }>(seed.admin, DECIDE, {
          c: listed.caseId,
          d: '2026-04-01',
          g: 'AMOUNT_THRESHOLD',
        }),
      )
    ).decideListing.id;
    for (const token of [...outsiders(), tok('HRSS', '210503')]) {
      for (const [query, vars] of [
        [REMOVE, { e: entry, on: '2026-11-01', r: 'EARLY_REMOVAL' }],
        [COMMIT, { e: entry, d: '2026-11-01' }],
      ] as const) {
        const res = await t.gql(token, query, vars);
        expect(res.errors?.[0]).toMatchObject({
          message: `blacklist entry ${entry} not found`,
          extensions: { code: 'NOT_FOUND' },
        });
      }
    }
  });

  it('is answered before any lock: a locked case or entry does not make an outsider wait', async () => {
    const c = await housingCase();
    const listed = await listableCase(t);
    const entry = (
      await must(
        t.gql<{ decideListing: { id: string } }>(seed.admin, DECIDE, {
          c: listed.caseId,
          d: '2026-04-01',
          g: 'AMOUNT_THRESHOLD',
        }),
      )
    ).decideListing.id;
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from wage_case where id = any($1) for update`, [[c, listed.caseId]]);
      await holder.query(`select 1 from blacklist_entry where id = $1 for update`, [entry]);
      const bank = outsiders()[0];
      const within = <T>(p: Promise<T>) =>
        Promise.race([p, new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 3_000))]);
      for (const [query, vars] of [
        [ORDER, { c, on: '2026-03-02', d: '2026-03-16' }],
        [DECIDE, { c: listed.caseId, d: '2026-04-01', g: 'AMOUNT_THRESHOLD' }],
        [COMMIT, { e: entry, d: '2026-11-01' }],
      ] as const) {
        const answer = await within(t.gql(bank, query, vars));
        expect(answer).not.toBe('waited');
        expect(answer !== 'waited' && answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
  });
});
