/**
 * Issue 8, item 7: a missing calendar year blocks nothing it need not. On a real hub (PostgreSQL,
 * Redis), through the public API and the daily job, with the hub's clock set per step:
 * - from 1 November city HRSS is warned, once a day, until next year is loaded (calendarStatus and
 *   a CALENDAR_YEAR_MISSING notice from the daily job);
 * - with 2027 not loaded, a sweep raises the December miss on its due date with provisional
 *   January deadlines (the November miss exact), an order to pay is taken with a provisional
 *   listing deadline, and a sweep inside unloaded January 2027 still works;
 * - loading 2027 (TEST DATA, test/support/test-calendar-2027.ts) recomputes at once: deadlines move
 *   where the real year differs, every flag clears, and an escalation the real deadline makes due
 *   is added.
 */
import { Client } from 'pg';
import pino from 'pino';
import { setClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { HUB_JOBS, hubSchedules } from '../../jobs';
import { calendarWatchJob } from '../../jobs/calendar-watch.job';
import { agreementScenario, SWEEP } from '../support/compliance-fixtures';
import { listableCase } from '../support/blacklist-fixtures';
import { CITY_HRSS, must } from '../support/fixtures';
import { TEST_2027 } from '../support/test-calendar-2027';
import { startTestHub, type TestHub } from '../support/test-hub';

let t: TestHub;
let pg: Client;
/** A fresh token after each setClock: tokens live an hour on the hub's clock. */
const admin = () => t.token({ ...CITY_HRSS, sub: 'hrss-calendar-admin' });
const at = (instant: string) => setClock(instant);

const STATUS = `{ calendarStatus { today yearsLoaded currentYearLoaded nextYear nextYearLoaded
  nextYearNeededFrom missingYears warningActive } }`;
const SET = `mutation($y: Int!, $h: [Date!]!, $w: [Date!]!) { setCalendarYear(year: $y, holidays: $h, workdays: $w) { year } }`;
const ALERTS = `query($id: ID!) { project(id: $id) { alerts(first: 50) { edges { node {
  dueDate bankNoticeDeadline contractorReportDeadline deadlinesProvisional escalations { kind on } } } } } }`;
const ORDER = `mutation($c: ID!, $i: Date!, $d: Date!) { orderPayment(caseId: $c, issuedOn: $i, deadline: $d) { id } }`;
const CASE = `query($id: ID!) { wageCase(id: $id) { orderDeadline listingDecisionDeadline deadlinesProvisional } }`;

const status = async (token = admin()) => (await must(t.gql<any>(token, STATUS))).calendarStatus;
const runWatch = () =>
  calendarWatchJob.handle(
    {},
    { orm: t.hub.orm, log: pino({ level: 'silent' }), config: loadConfig({}), enqueue: jest.fn() },
  );
const warnings = async () =>
  (
    await pg.query(
      `select recipient, payload from outbox_notice where topic = 'CALENDAR_YEAR_MISSING' order by created_at, id`,
    )
  ).rows;
const sweep = async (asOf: string) =>
  (await must(t.gql<any>(admin(), SWEEP, { d: asOf }))).runComplianceSweep;
const alertsOf = async (projectId: string) =>
  Object.fromEntries(
    (await must(t.gql<any>(admin(), ALERTS, { id: projectId }))).project.alerts.edges.map(
      (e: { node: { dueDate: string } }) => [e.node.dueDate, e.node],
    ),
  );
const caseOf = async (id: string) => (await must(t.gql<any>(admin(), CASE, { id }))).wageCase;

beforeAll(async () => {
  t = await startTestHub();
  pg = new Client({ connectionString: t.databaseUrl });
  await pg.connect();
});

afterAll(async () => {
  await pg?.end();
  await t?.close();
});

describe('the warning to city HRSS', () => {
  test('the daily job is registered on the sweep schedule', () => {
    expect(HUB_JOBS).toContain(calendarWatchJob);
    const schedule = hubSchedules(loadConfig({})).find((s) => s.job === calendarWatchJob);
    expect(schedule?.repeat).toEqual({ pattern: '30 0 * * *', tz: 'Asia/Shanghai' });
  });

  test('on 2026-10-31 nothing is missing yet: no warning, no notice', async () => {
    at('2026-10-31T09:00:00+08:00');
    expect(await status()).toEqual({
      today: '2026-10-31',
      yearsLoaded: [2025, 2026],
      currentYearLoaded: true,
      nextYear: 2027,
      nextYearLoaded: false,
      nextYearNeededFrom: '2026-11-01',
      missingYears: [],
      warningActive: false,
    });
    expect(await runWatch()).toMatchObject({ warningActive: false, noticeSent: false });
    expect(await warnings()).toEqual([]);
  });

  test('from 2026-11-01 (Shanghai) the warning is on: one notice a day to HRSS:210500', async () => {
    at('2026-10-31T16:30:00Z'); // 00:30 on 11-01 in Shanghai, still 10-31 in UTC
    const bank = t.token({ org: 'BANK', bank: 'ANY_BANK' }); // anyone who reads the calendar
    expect(await status(bank)).toMatchObject({
      today: '2026-11-01',
      missingYears: [2027],
      warningActive: true,
    });
    expect((await t.gql(null, STATUS)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await runWatch()).toMatchObject({ warningActive: true, noticeSent: true });
    expect(await runWatch()).toMatchObject({ noticeSent: false }); // the same day again
    expect(await warnings()).toEqual([
      {
        recipient: 'HRSS:210500',
        payload: expect.objectContaining({ asOf: '2026-11-01', missingYears: [2027] }),
      },
    ]);
    at('2026-11-02T00:30:00+08:00');
    expect(await runWatch()).toMatchObject({ noticeSent: true });
    expect((await warnings()).map((w) => w.payload.asOf)).toEqual(['2026-11-01', '2026-11-02']);
  });
});

describe('with 2027 not loaded, then loaded', () => {
  let december: Awaited<ReturnType<typeof agreementScenario>>; // due on the 28th from 2026-11-01
  let january: Awaited<ReturnType<typeof agreementScenario>>; // due on the 28th from 2027-01-01
  let intoSpringFestival: string; // order deadline 2027-01-20
  let yearEnd: string; // order deadline 2026-12-31

  beforeAll(async () => {
    at('2026-12-29T10:00:00+08:00');
    december = await agreementScenario(t, { dueDay: 28, startsOn: '2026-11-01' });
    january = await agreementScenario(t, { dueDay: 28, startsOn: '2027-01-01' });
  });

  test('the sweep of 2026-12-28 raises the December miss with a provisional January deadline; November is exact', async () => {
    at('2026-12-29T10:00:00+08:00');
    const report = await sweep('2026-12-28');
    expect(report).toMatchObject({ problems: [], agreementsEvaluated: 2, alertsOpened: 2 });
    const alerts = await alertsOf(december.projectId);
    expect(alerts['2026-11-30']).toMatchObject({
      bankNoticeDeadline: '2026-12-03',
      contractorReportDeadline: '2026-12-08',
      deadlinesProvisional: false,
    });
    expect(alerts['2026-12-28']).toEqual({
      dueDate: '2026-12-28',
      bankNoticeDeadline: '2026-12-31',
      contractorReportDeadline: '2027-01-06', // Fri 2027-01-01 off (fixed), Mon 4, Tue 5, Wed 6
      deadlinesProvisional: true,
      escalations: [],
    });
  });

  test('orders to pay are taken with a provisional listing deadline, not refused', async () => {
    at('2026-12-29T10:00:00+08:00');
    intoSpringFestival = (await listableCase(t, { issuedOn: '2026-12-20', deadline: '2027-01-20' })).caseId;
    yearEnd = (await listableCase(t, { issuedOn: '2026-12-21', deadline: '2026-12-31' })).caseId;
    // 20 working days after Wed 2027-01-20 on Monday–Friday: Feb 17 (the Spring Festival is not guessed).
    expect(await caseOf(intoSpringFestival)).toEqual({
      orderDeadline: '2027-01-20',
      listingDecisionDeadline: '2027-02-17',
      deadlinesProvisional: true,
    });
    expect(await caseOf(yearEnd)).toEqual({
      orderDeadline: '2026-12-31',
      listingDecisionDeadline: '2027-01-29',
      deadlinesProvisional: true,
    });
    // The order's own last day is judged on the same rule: New Year's Day is a day off in any year.
    const { caseId } = await listableCase(t, { order: false });
    const refused = await t.gql(admin(), ORDER, { c: caseId, i: '2026-12-21', d: '2027-01-01' });
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /2027-01-01 is not a working day \(provisionally: 2027 is not loaded\).*2027-01-04/,
      ),
      extensions: { code: 'BAD_USER_INPUT', field: 'deadline' },
    });
  });

  test('inside an unloaded 2027, the sweep still raises the miss due Thu 2027-01-28, provisionally', async () => {
    at('2027-02-03T10:00:00+08:00');
    expect(await status()).toMatchObject({
      currentYearLoaded: false,
      missingYears: [2027],
      warningActive: true,
    });
    expect(await sweep('2027-02-02')).toMatchObject({ problems: [], agreementsEvaluated: 2 });
    expect((await alertsOf(january.projectId))['2027-01-28']).toEqual({
      dueDate: '2027-01-28',
      bankNoticeDeadline: '2027-02-02', // Fri 29, Mon 1, Tue 2
      contractorReportDeadline: '2027-02-05',
      deadlinesProvisional: true,
      escalations: [],
    });
  });

  test('loading 2027 recomputes every provisional alert and case at once, and clears the flags', async () => {
    at('2027-02-03T10:00:00+08:00');
    await must(t.gql(admin(), SET, { y: 2027, h: TEST_2027.holidays, w: TEST_2027.workdays }));

    // Saturday 2027-01-30 is a make-up working day in the loaded year: Fri 29, Sat 30, Mon 1.
    expect((await alertsOf(january.projectId))['2027-01-28']).toEqual({
      dueDate: '2027-01-28',
      bankNoticeDeadline: '2027-02-01',
      contractorReportDeadline: '2027-02-04',
      deadlinesProvisional: false,
      escalations: [{ kind: 'BANK_NOTICE_OVERDUE', on: '2027-02-02' }], // now due, as of today
    });
    expect((await alertsOf(december.projectId))['2026-12-28']).toMatchObject({
      contractorReportDeadline: '2027-01-06', // the real 2027 agrees here
      deadlinesProvisional: false,
    });
    // Across the real Spring Festival (02-06…02-14) with Saturdays 01-30 and 02-20 working.
    expect(await caseOf(intoSpringFestival)).toMatchObject({
      listingDecisionDeadline: '2027-02-22',
      deadlinesProvisional: false,
    });
    expect(await caseOf(yearEnd)).toMatchObject({
      listingDecisionDeadline: '2027-01-29',
      deadlinesProvisional: false,
    });
    const { rows } = await pg.query(
      `select (select count(*) from alert where deadlines_provisional)::int as alerts,
              (select count(*) from wage_case where deadlines_provisional)::int as cases`,
    );
    expect(rows[0]).toEqual({ alerts: 0, cases: 0 });
    expect(await status()).toMatchObject({ currentYearLoaded: true, missingYears: [], warningActive: false });
  });

  test('once 2027 is loaded, 2026-11-02 has no warning and the job sends nothing', async () => {
    at('2026-11-02T09:00:00+08:00');
    expect(await status()).toMatchObject({ nextYearLoaded: true, missingYears: [], warningActive: false });
    const before = (await warnings()).length;
    expect(await runWatch()).toMatchObject({ noticeSent: false });
    expect(await warnings()).toHaveLength(before);
  });
});
