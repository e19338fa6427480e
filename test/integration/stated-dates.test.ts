/**
 * Item 6 of issue 8: no business date after today (Asia/Shanghai) on any case move, payment, order,
 * decision, penalty, listing, removal or credit commitment. One table, every such input: the day
 * after today is BAD_USER_INPUT naming the field, and nothing is stored; today is accepted. The
 * whole table runs twice: on the suite's day (2026-12-01), and with the hub's clock at
 * 2026-12-31T17:00Z, which is 01:00 on New Year's Day 2027 in Shanghai (a holiday) while UTC still
 * says 2026-12-31: there 2027-01-01 is today and accepted, 2027-01-02 refused. Years 0000 and 0026
 * (a two-digit year typed short) are refused naming the field too. Through the public
 * GraphQL API of a real hub on PostgreSQL.
 */
import { Client } from 'pg';
import { startTestHub, type GqlResult, type TestHub } from '../support/test-hub';
import { agreementScenario } from '../support/compliance-fixtures';
import { CITY_HRSS, must, registerProject, seedBasics } from '../support/fixtures';
import { DECIDE, listableCase, REMOVE } from '../support/blacklist-fixtures';
import { addDays } from '../../src/domain/dates';
import { setClock, todayInShanghai } from '../../src/clock';
import { TEST_NOW } from '../support/test-clock';
import type { Caller } from '../../src/auth/caller';
import { perTable } from '../support/table-counts';

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const rid = (body17: string): string => {
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body17 + '10X98765432'[sum % 11];
};

const CASE = `id status history { action on recordedAt } payments { paidOn recordedAt }`;
const FILE = `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { ${CASE} } }`;
const FROM_ALERT = `mutation($a: ID!, $on: Date) { fileCaseFromAlert(alertId: $a, on: $on) { ${CASE} } }`;
const VERIFY = `mutation($c: ID!, $i: VerificationInput!) { verifyWageClaim(caseId: $c, input: $i) { ${CASE} } }`;
const ORDER = `mutation($c: ID!, $on: Date!, $d: Date!) { orderPayment(caseId: $c, issuedOn: $on, deadline: $d) { ${CASE} } }`;
const PAY = `mutation($c: ID!, $on: Date!, $a: Money!) { recordWagePayment(caseId: $c, paidOn: $on, amount: $a) { ${CASE} } }`;
const FILE_CASE = `mutation($c: ID!, $on: Date!) { fileCase(caseId: $c, filedOn: $on) { ${CASE} } }`;
const TRANSFER = `mutation($c: ID!, $on: Date!) {
  transferToPolice(caseId: $c, on: $on, note: "虚构讨薪", ground: FABRICATED_CLAIM) { ${CASE} } }`;
const POLICE_RESULT = `mutation($c: ID!, $on: Date!) { recordPoliceResult(caseId: $c, on: $on, result: "已立案") { ${CASE} } }`;
const COURT = `mutation($c: ID!, $on: Date!) { guideToCourt(caseId: $c, on: $on, reason: "争议") { ${CASE} } }`;
const CLOSE = `mutation($c: ID!, $on: Date!) { closeCase(caseId: $c, on: $on, reason: "撤回") { ${CASE} } }`;
const COMMIT = `mutation($e: ID!, $d: Date!) { recordCreditCommitment(entryId: $e, receivedOn: $d) { id } }`;
const MAINTAIN = `mutation($d: Date!) { runBlacklistMaintenance(asOf: $d) { asOf } }`;
const ASSESS = `mutation($c: ID!, $on: Date!) { recordJointAssessment(caseId: $c, input: {
  assessedOn: $on, participants: ["HRSS:210502", "POLICE:210502"], conclusion: ILLEGAL_WAGE_DEMAND, note: "虚构讨薪" }) { id } }`;
const REFER = `mutation($c: ID!, $on: Date!) { recordCaseReferral(caseId: $c, input: {
  kind: LEGAL_AID, referredOn: $on, referredTo: "JUSTICE:210502" }) { id } }`;
const IMPOSE = `mutation($i: PenaltyInput!) { imposePenalty(input: $i) { id decidedOn recordedAt } }`;

/** Every table a refused step might have written to. */
const TABLES = [
  'wage_case',
  'wage_case_transition',
  'wage_case_payment',
  'wage_case_line',
  'penalty',
  'blacklist_entry',
  'blacklist_change',
  'outbox_notice',
  'wage_case_assessment',
  'wage_case_referral',
];

let t: TestHub;
let pg: Client;
let seed: Awaited<ReturnType<typeof seedBasics>>;
let housingProject: string;
let subcontractorUscc: string;

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
  subcontractorUscc = seed.contractorUscc;
  // an order issued on New Year's Day 2027 counts its listing deadline in 2027 (TEST DATA: the
  // holidays' shape, not the State Council's notice)
  await must(
    t.gql(
      seed.admin,
      `mutation($h: [Date!]!) { setCalendarYear(year: 2027, holidays: $h, workdays: []) { year } }`,
      {
        h: ['2027-01-01', '2027-01-02', '2027-01-03'],
      },
    ),
  );
});
afterAll(async () => {
  setClock(TEST_NOW);
  await pg.end();
  await t.close();
});

/** A digest of every row of every table a step writes: equal digests, nothing stored. */
async function digest(): Promise<string[]> {
  return perTable(pg, TABLES, `md5(coalesce(string_agg(x::text, '|' order by x::text), ''))`);
}

/** The Shanghai calendar day of an instant the API answered. */
const shanghaiDay = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const token = (org: string, district: string) =>
  t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}` });

/** A claim about the HOUSING project of 210502, received 2026-09-01, as city HRSS. */
async function receivedCase(): Promise<string> {
  const res = await must(
    t.gql<{ fileWageClaim: { id: string } }>(t.token(CITY_HRSS), FILE, {
      i: {
        source: 'HOTLINE',
        projectId: housingProject,
        employerUscc: seed.contractorUscc,
        workers: 1,
        amount: '9000.00',
        receivedOn: '2026-09-01',
      },
    }),
  );
  return res.fileWageClaim.id;
}

/** A received case with the joint assessment (M1) a FABRICATED_CLAIM transfer needs, dated its receipt. */
async function assessedCase(): Promise<string> {
  const id = await receivedCase();
  await must(t.gql(t.token(CITY_HRSS), ASSESS, { c: id, on: '2026-09-01' }));
  return id;
}

const verification = (verifiedOn: string) => ({
  debtorUscc: seed.contractorUscc,
  verifiedOn,
  lines: [{ workerName: '张三', workerIdNumber: rid('21050219850312001'), monthsOwed: 3, amount: '9000.00' }],
});

async function verifiedCase(): Promise<string> {
  const id = await receivedCase();
  await must(t.gql(t.token(CITY_HRSS), VERIFY, { c: id, i: verification('2026-09-03') }));
  return id;
}

async function listedEntry(): Promise<string> {
  const c = await listableCase(t);
  const res = await must(
    t.gql<{ decideListing: { id: string } }>(t.token(CITY_HRSS), DECIDE, {
      c: c.caseId,
      d: '2026-04-01',
      g: 'AMOUNT_THRESHOLD',
    }),
  );
  return res.decideListing.id;
}

const penalty = (over: Record<string, string>) => ({
  code: 'P1',
  partyUscc: subcontractorUscc,
  projectId: housingProject,
  fine: '20000.00',
  consequence: 'NONE',
  ...over,
});

interface Row {
  /** the mutation and the input field that carries the date */
  name: string;
  field: string;
  /** the object the step acts on, made with past dates */
  prepare: () => Promise<string>;
  /** the step on `date` */
  attempt: (target: string, date: string) => Promise<GqlResult<any>>;
  /** the latest date a valid step may state when it is not today (a penalty's order and deadline precede its decision) */
  latest?: (today: string) => string;
}

const city = () => t.token(CITY_HRSS);
const ROWS: Row[] = [
  {
    name: 'fileWageClaim',
    field: 'receivedOn',
    prepare: async () => '',
    attempt: (_x, d) =>
      t.gql(city(), FILE, {
        i: {
          source: 'HOTLINE',
          projectId: housingProject,
          employerUscc: seed.contractorUscc,
          workers: 1,
          amount: '1.00',
          receivedOn: d,
        },
      }),
  },
  {
    name: 'fileCaseFromAlert',
    field: 'on',
    prepare: async () => {
      const s = await agreementScenario(t);
      await s.credit('300000.00', '2026-01-14T10:00:00+08:00'); // February missed (due 02-24)
      await s.sweep('2026-03-05'); // escalated CONTRACTOR_REPORT_OVERDUE by then
      return (await s.alerts())[0].id;
    },
    attempt: (alertId, d) => t.gql(city(), FROM_ALERT, { a: alertId, on: d }),
  },
  {
    name: 'verifyWageClaim',
    field: 'verifiedOn',
    prepare: receivedCase,
    attempt: (c, d) => t.gql(city(), VERIFY, { c, i: verification(d) }),
  },
  {
    name: 'orderPayment',
    field: 'issuedOn',
    prepare: verifiedCase,
    // the order's own deadline lies ahead by nature: two weeks on, a working day in both runs
    attempt: (c, d) => t.gql(city(), ORDER, { c, on: d, d: addDays(todayInShanghai(), 14) }),
  },
  {
    name: 'recordWagePayment',
    field: 'paidOn',
    prepare: verifiedCase,
    attempt: (c, d) => t.gql(city(), PAY, { c, on: d, a: '100.00' }),
  },
  {
    name: 'fileCase',
    field: 'filedOn',
    prepare: receivedCase,
    attempt: (c, d) => t.gql(city(), FILE_CASE, { c, on: d }),
  },
  {
    name: 'transferToPolice',
    field: 'on',
    prepare: assessedCase,
    attempt: (c, d) => t.gql(city(), TRANSFER, { c, on: d }),
  },
  {
    name: 'recordPoliceResult',
    field: 'on',
    prepare: async () => {
      const c = await assessedCase();
      await must(t.gql(city(), TRANSFER, { c, on: '2026-09-02' }));
      return c;
    },
    attempt: (c, d) => t.gql(token('POLICE', '210502'), POLICE_RESULT, { c, on: d }),
  },
  {
    name: 'recordJointAssessment',
    field: 'assessedOn',
    prepare: receivedCase,
    attempt: (c, d) => t.gql(city(), ASSESS, { c, on: d }),
  },
  {
    name: 'recordCaseReferral',
    field: 'referredOn',
    prepare: receivedCase,
    attempt: (c, d) => t.gql(city(), REFER, { c, on: d }),
  },
  {
    name: 'guideToCourt',
    field: 'on',
    prepare: receivedCase,
    attempt: (c, d) => t.gql(city(), COURT, { c, on: d }),
  },
  {
    name: 'closeCase',
    field: 'on',
    prepare: receivedCase,
    attempt: (c, d) => t.gql(city(), CLOSE, { c, on: d }),
  },
  {
    name: 'decideListing',
    field: 'decidedOn',
    prepare: async () => (await listableCase(t)).caseId,
    attempt: (c, d) => t.gql(city(), DECIDE, { c, d, g: 'AMOUNT_THRESHOLD' }),
  },
  {
    name: 'removeFromBlacklist',
    field: 'on',
    prepare: listedEntry,
    attempt: (e, d) => t.gql(city(), REMOVE, { e, on: d, r: 'CORRECTION', n: '误列' }),
  },
  {
    name: 'recordCreditCommitment',
    field: 'receivedOn',
    prepare: listedEntry,
    attempt: (e, d) => t.gql(token('HRSS', '210502'), COMMIT, { e, d }),
  },
  {
    name: 'runBlacklistMaintenance',
    field: 'asOf',
    prepare: async () => '',
    attempt: (_x, d) => t.gql(city(), MAINTAIN, { d }),
  },
  {
    name: 'imposePenalty',
    field: 'decidedOn',
    prepare: async () => '',
    attempt: (_x, d) =>
      t.gql(city(), IMPOSE, {
        i: penalty({ correctionOrderedOn: '2026-06-01', correctionDeadline: '2026-06-15', decidedOn: d }),
      }),
  },
  {
    name: 'imposePenalty',
    field: 'correctionOrderedOn',
    prepare: async () => '',
    attempt: (_x, d) =>
      t.gql(city(), IMPOSE, {
        i: penalty({
          correctionOrderedOn: d,
          correctionDeadline: addDays(d, 1),
          decidedOn: todayInShanghai(),
        }),
      }),
    latest: (today) => addDays(today, -2),
  },
  {
    name: 'imposePenalty',
    field: 'correctionDeadline',
    prepare: async () => '',
    attempt: (_x, d) =>
      t.gql(city(), IMPOSE, {
        i: penalty({
          correctionOrderedOn: '2026-06-01',
          correctionDeadline: d,
          decidedOn: todayInShanghai(),
        }),
      }),
    latest: (today) => addDays(today, -1),
  },
];

describe.each([
  { clock: TEST_NOW, today: '2026-12-01', when: 'on the suite’s day' },
  // 01:00 in Shanghai on New Year's Day (a holiday); UTC still says 2026-12-31
  {
    clock: '2026-12-31T17:00:00Z',
    today: '2027-01-01',
    when: 'on New Year’s Day in Shanghai, New Year’s Eve in UTC',
  },
])('no stated date after today, $when (today $today)', ({ clock, today }) => {
  beforeAll(() => setClock(clock));

  it('the clock says today is the Shanghai date', () => {
    expect(todayInShanghai()).toBe(today);
  });

  it.each(ROWS.map((r) => [`${r.name}.${r.field}`, r] as const))('%s', async (_label, row) => {
    const target = await row.prepare();
    const before = await digest();
    const tomorrow = addDays(today, 1);
    const refused = await row.attempt(target, tomorrow);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: row.field },
    });
    expect(refused.errors![0].message).toContain(today); // the Shanghai date it was compared with
    expect(await digest()).toEqual(before);

    // year 0000 is no date PostgreSQL stores (once a 500), and 0026 is a two-digit year typed short
    for (const impossible of ['0000-01-01', '0026-12-01']) {
      const typo = await row.attempt(target, impossible);
      expect(typo.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: row.field } });
    }
    expect(await digest()).toEqual(before);

    const accepted = await row.attempt(target, row.latest?.(today) ?? today);
    expect(accepted.errors).toBeUndefined();
  });

  it('a step stated for today keeps the day stated and the server’s receipt time beside it', async () => {
    const c = await verifiedCase();
    const paid = (await must(t.gql<{ recordWagePayment: any }>(city(), PAY, { c, on: today, a: '100.00' })))
      .recordWagePayment;
    expect(paid.payments).toEqual([{ paidOn: today, recordedAt: expect.any(String) }]);
    // recorded by the hub's clock: the Shanghai date of the receipt time is today
    expect(shanghaiDay(paid.payments[0].recordedAt)).toBe(today);
    expect(paid.history.at(-1)).toMatchObject({
      action: 'RECORD_PAYMENT',
      on: today,
      recordedAt: expect.any(String),
    });

    // a listing decision and its removal: the stated days, and when the hub recorded each
    const listable = await listableCase(t);
    const decided = (
      await must(
        t.gql<{ decideListing: any }>(
          city(),
          `mutation($c: ID!, $d: Date!) { decideListing(caseId: $c, decidedOn: $d, ground: AMOUNT_THRESHOLD) {
             id decidedOn recordedAt removalRecordedAt } }`,
          { c: listable.caseId, d: today },
        ),
      )
    ).decideListing;
    expect(decided).toMatchObject({
      decidedOn: today,
      recordedAt: expect.any(String),
      removalRecordedAt: null,
    });
    const removed = (
      await must(
        t.gql<{ removeFromBlacklist: any }>(
          city(),
          `mutation($e: ID!, $d: Date!) { removeFromBlacklist(entryId: $e, on: $d, reason: CORRECTION, note: "误列") {
             removedOn recordedAt removalRecordedAt } }`,
          { e: decided.id, d: today },
        ),
      )
    ).removeFromBlacklist;
    expect(removed).toMatchObject({ removedOn: today, recordedAt: decided.recordedAt });
    expect(shanghaiDay(removed.removalRecordedAt)).toBe(today);
  });
});
