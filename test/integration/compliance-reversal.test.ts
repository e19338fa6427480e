import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { agreementScenario } from '../support/compliance-fixtures';

/**
 * Net funding: the deadline engine counts a CREDIT_REVERSAL (a bank taking an owner's transfer
 * back: camt RvslInd, CSV red ink, 冲正) as a negative credit from the day it is booked. Reversals
 * go in through the bank's intake, which evaluates the account's alerts at once.
 */
describe('credits counted net of reversals', () => {
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

  async function scenario() {
    const s = await agreementScenario(t); // ¥300,000.00 due on the 15th from 2026-01-01
    let n = 0;
    // Through the bank's own intake, as a bank sends it: stored, then evaluated in the same call.
    const reverse = async (amount: string, bookedAt: string, reverses: string) => {
      n += 1;
      const res = await t.gql<{ ingestAccountEvents: { accepted: number; rejected: unknown[] } }>(
        s.bankToken,
        `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted rejected { code message } } }`,
        {
          e: [
            {
              bankEventId: `${s.accountNo}-R${n}`,
              accountNo: s.accountNo,
              type: 'CREDIT_REVERSAL',
              amount,
              bookedAt,
              reverses,
            },
          ],
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.ingestAccountEvents).toEqual({ accepted: 1, rejected: [] });
    };
    const notices = async (topic: string) =>
      (
        await pg.query(
          `select recipient from outbox_notice where payload->>'projectId' = $1 and topic = $2`,
          [s.projectId, topic],
        )
      ).rows.map((r) => r.recipient as string);
    return { ...s, reverse, notices };
  }

  it('a transfer reversed before its due date leaves the cycle missed', async () => {
    const s = await scenario();
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00'); // bankEventId …-1
    await s.reverse('120000.00', '2026-01-15T09:00:00+08:00', `${s.accountNo}-1`);
    const report = await s.sweep('2026-01-15');
    expect(report.alertsOpened).toBe(1);
    expect(await s.alerts()).toMatchObject([
      { dueDate: '2026-01-15', status: 'OPEN', shortfall: '120000.00' },
    ]);
  });

  it('a reversal reopens an alert its credit had resolved, and the chain runs on the net total', async () => {
    const s = await scenario();
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-02-24'); // February (due 02-24, Spring Festival) missed
    await s.credit('300000.00', '2026-02-25T10:00:00+08:00'); // …-2: resolved at intake
    expect(await s.alerts()).toMatchObject([
      { status: 'RESOLVED', resolvedOn: '2026-02-25', escalations: [] },
    ]);

    await s.reverse('300000.00', '2026-02-26T15:00:00+08:00', `${s.accountNo}-2`);
    expect(await s.alerts()).toMatchObject([{ status: 'OPEN', resolvedOn: null, shortfall: '300000.00' }]);
    expect((await s.notices('ALERT_REOPENED')).sort()).toEqual([`BANK:${s.bankCode}`, 'HRSS:210502']);

    // Open at the end of the bank's deadline (02-27) on the net total: the chain escalates.
    const swept = await s.sweep('2026-03-05');
    expect(swept.escalations).toBe(2);
    await s.credit('300000.00', '2026-03-06T10:00:00+08:00');
    const [alert] = await s.alerts();
    expect(alert).toMatchObject({ status: 'RESOLVED', resolvedOn: '2026-03-06' });
    expect(alert.escalations.map((e: any) => e.kind)).toEqual([
      'BANK_NOTICE_OVERDUE',
      'CONTRACTOR_REPORT_OVERDUE',
    ]);
    // resolved twice, announced twice: once per resolution
    expect(await s.notices('ALERT_RESOLVED')).toHaveLength(4);
  });

  it('a sweep for an earlier day does not undo a resolution intake found later', async () => {
    const s = await scenario();
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-02-24');
    await s.credit('300000.00', '2026-02-25T10:00:00+08:00'); // resolved at intake, as of today
    const again = await s.sweep('2026-02-24'); // an operator catching up on a day before it
    expect(again).toMatchObject({ alertsOpened: 0, alertsResolved: 0 });
    expect(await s.alerts()).toMatchObject([{ status: 'RESOLVED', resolvedOn: '2026-02-25' }]);
    expect(await s.notices('ALERT_REOPENED')).toEqual([]);
  });
});
