import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { agreementScenario } from '../support/compliance-fixtures';
import { must } from '../support/fixtures';
import { nowMs as clockNowMs, todayInShanghai } from '../../src/clock';

/**
 * R5 end to end through the API, across the 2026 Spring Festival: cycle 2 is due on 2026-02-15,
 * a Sunday inside the holiday (02-15…02-23), so it falls due on Tuesday 02-24. Three working days
 * after: 02-25, 02-26, 02-27 (bank notice). Three after that: Saturday 02-28 is a make-up working
 * day, then 03-02, 03-03 (contractor report).
 */
describe('compliance sweep (R5)', () => {
  let t: TestHub;
  let pg: Client;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('opens one alert for the missed cycle, with its shortfall and holiday-aware deadlines', async () => {
    const s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    const report = await s.sweep('2026-02-24');
    expect(report).toMatchObject({ alertsOpened: 1, alertsResolved: 0, escalations: 0, problems: [] });
    expect(await s.alerts()).toEqual([
      expect.objectContaining({
        kind: 'MISSED_LABOR_COST_TRANSFER',
        status: 'OPEN',
        dueDate: '2026-02-24',
        shortfall: '300000.00',
        openedOn: '2026-02-24',
        bankNoticeDeadline: '2026-02-27',
        contractorReportDeadline: '2026-03-03',
        escalations: [],
      }),
    ]);
    const notices = await pg.query(
      `select topic, recipient from outbox_notice where payload->>'projectId' = $1`,
      [s.projectId],
    );
    expect(notices.rows).toEqual([{ topic: 'ALERT_OPENED', recipient: `BANK:${s.bankCode}` }]);
  });

  it('finds nothing while the due date has not ended, and nothing when paid on time', async () => {
    const s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-02-23');
    expect(await s.alerts()).toEqual([]);
    await s.credit('300000.00', '2026-02-24T16:00:00+08:00'); // on the (moved) due date itself
    await s.sweep('2026-02-24');
    expect(await s.alerts()).toEqual([]);
  });

  it('is idempotent: a second sweep of the same day changes nothing', async () => {
    const s = await agreementScenario(t);
    const first = await s.sweep('2026-03-05');
    expect(first.alertsOpened).toBe(2); // January and February missed; March is not due yet
    const before = await s.alerts();
    const second = await s.sweep('2026-03-05');
    expect(second).toMatchObject({ alertsOpened: 0, alertsResolved: 0, alertsWithdrawn: 0, escalations: 0 });
    expect(await s.alerts()).toEqual(before);
  });

  it('escalates the day after each missed deadline, and an earlier sweep never undoes it', async () => {
    const s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-03-05');
    const feb = (await s.alerts()).find((a) => a.dueDate === '2026-02-24');
    expect(feb.escalations).toEqual([
      { kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-28' },
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-04' },
    ]);
    const earlier = await s.sweep('2026-02-25');
    expect(earlier).toMatchObject({ alertsWithdrawn: 0, alertsResolved: 0 });
    expect((await s.alerts()).find((a) => a.dueDate === '2026-02-24').escalations).toHaveLength(2);
    const handover = await pg.query(
      `select recipient from outbox_notice where topic = 'WARNING_SYSTEM_HANDOVER' and payload->>'alertId' = $1`,
      [feb.id],
    );
    expect(handover.rowCount).toBe(2); // one per escalation
  });

  it('resolves on the day the cumulative credits catch up: at intake, and in the sweep', async () => {
    const s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-02-24');
    await s.credit('100000.00', '2026-02-25T09:00:00+08:00'); // partial: still short
    expect((await s.alerts())[0].status).toBe('OPEN');
    await s.credit('200000.00', '2026-02-26T09:00:00+08:00'); // catches up: resolved at intake
    expect((await s.alerts())[0]).toMatchObject({
      status: 'RESOLVED',
      resolvedOn: '2026-02-26',
      shortfall: '300000.00',
    });
    expect((await s.sweep('2026-02-28')).alertsResolved).toBe(0); // nothing left for the sweep

    // An event stored without passing intake (e.g. restored from the raw archive): the sweep resolves.
    const other = await agreementScenario(t);
    await other.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await other.sweep('2026-02-24');
    await pg.query(
      `insert into account_event (bank_code, bank_event_id, account_no, type, amount_fen, booked_at, raw)
       values ($1, 'restored-1', $2, 'CREDIT', 30000000, '2026-02-26T09:00:00+08:00', '{}')`,
      [other.bankCode, other.accountNo],
    );
    const report = await other.sweep('2026-02-28');
    expect(report.alertsResolved).toBe(1);
    expect((await other.alerts())[0]).toMatchObject({
      status: 'RESOLVED',
      resolvedOn: '2026-02-26',
      escalations: [],
    });
  });

  it('records a miss already made good by the time it is first found, and notifies nobody of it', async () => {
    const s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.credit('300000.00', '2026-03-03T10:00:00+08:00'); // February's, a week late
    const report = await s.sweep('2026-03-05'); // the first sweep ever for this agreement
    expect(report).toMatchObject({ alertsOpened: 1, alertsResolved: 1 });
    expect(await s.alerts()).toEqual([
      expect.objectContaining({ status: 'RESOLVED', dueDate: '2026-02-24', resolvedOn: '2026-03-03' }),
    ]);
    const notices = await pg.query(`select 1 from outbox_notice where payload->>'projectId' = $1`, [
      s.projectId,
    ]);
    expect(notices.rowCount).toBe(0);
  });

  it('withdraws an alert when a late bank event shows no miss happened', async () => {
    const s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-02-24');
    expect((await s.alerts())[0].status).toBe('OPEN');
    await s.credit('300000.00', '2026-02-20T11:00:00+08:00'); // booked before the due date, sent late
    const report = await s.sweep('2026-02-25');
    expect(report.alertsWithdrawn).toBe(1);
    expect(await s.alerts()).toEqual([
      expect.objectContaining({ status: 'WITHDRAWN', withdrawnOn: '2026-02-25' }),
    ]);
  });

  it('resolves at intake when a credit closes the shortfall, without waiting for a sweep', async () => {
    const s = await agreementScenario(t, { startsOn: '2026-10-01', dueDay: 10 });
    await s.sweep('2026-10-12'); // 2026-10-10 is a make-up working Saturday: due that day
    const [open] = await s.alerts();
    expect(open).toMatchObject({ status: 'OPEN', dueDate: '2026-10-10' });
    await s.credit('300000.00', new Date(clockNowMs() - 60_000).toISOString());
    const [after] = await s.alerts();
    expect(after.status).toBe('RESOLVED');
    expect(after.resolvedOn).toBe(todayInShanghai());
  });

  it('lets only city HRSS sweep, and only a day that has ended', async () => {
    const s = await agreementScenario(t);
    const district = t.token({ org: 'HRSS', district: '210502' });
    const forbidden = await t.gql(district, `mutation { runComplianceSweep(asOf: "2026-02-24") { asOf } }`);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const today = todayInShanghai();
    const res = await t.gql(s.admin, `mutation($d: Date!) { runComplianceSweep(asOf: $d) { asOf } }`, {
      d: today,
    });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'asOf' } });
  });

  // Last in the file: it unloads 2026 for a moment, as a hub would be before a year is published.
  it('a deadline in a year not loaded is provisional, flagged, and recomputed when the year is loaded (calendar-provisional.test.ts)', async () => {
    const s = await agreementScenario(t, { startsOn: '2025-12-01', dueDay: 24 });
    const flagged = async () =>
      (
        await must(
          t.gql<any>(
            s.admin,
            `query($id: ID!) { project(id: $id) { alerts(first: 5) { edges { node {
               dueDate bankNoticeDeadline contractorReportDeadline deadlinesProvisional } } } } }`,
            { id: s.projectId },
          ),
        )
      ).project.alerts.edges.map((e: { node: unknown }) => e.node);
    const saved = await pg.query(
      `select holidays::text[] as h, workdays::text[] as w from calendar_year where year = 2026`,
    );
    await pg.query(`delete from calendar_year where year = 2026`);
    try {
      const report = await s.sweep('2025-12-31'); // due Wed 2025-12-24; the contractor's deadline runs into 2026
      expect(report.problems).toEqual([]);
      // Thu 25, Fri 26, Mon 29; then Tue 30, Wed 31, and Fri 2026-01-02 on the provisional rule.
      expect(await flagged()).toEqual([
        {
          dueDate: '2025-12-24',
          bankNoticeDeadline: '2025-12-29',
          contractorReportDeadline: '2026-01-02',
          deadlinesProvisional: true,
        },
      ]);
    } finally {
      await must(
        t.gql(
          s.admin,
          `mutation($h: [Date!]!, $w: [Date!]!) { setCalendarYear(year: 2026, holidays: $h, workdays: $w) { year } }`,
          {
            h: saved.rows[0].h,
            w: saved.rows[0].w,
          },
        ),
      );
    }
    // The real 2026 (国办发明电〔2025〕7号): Jan 1–3 off, Sunday Jan 4 a make-up working day.
    expect(await flagged()).toEqual([
      {
        dueDate: '2025-12-24',
        bankNoticeDeadline: '2025-12-29',
        contractorReportDeadline: '2026-01-04',
        deadlinesProvisional: false,
      },
    ]);
    expect((await s.sweep('2025-12-31')).problems).toEqual([]);
    expect(await s.alerts()).toEqual([expect.objectContaining({ dueDate: '2025-12-24', status: 'OPEN' })]);
  });
});
