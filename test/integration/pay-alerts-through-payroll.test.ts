import type { Client } from 'pg';
import { useHubWithSql } from '../support/hub-with-sql';
import type { TestHub } from '../support/test-hub';
import { must } from '../support/fixtures';
import {
  RECORD_ATTENDANCE,
  RECORD_CONTRACTS,
  REGISTER_WORKERS,
  shanghai,
  workforceProject,
} from '../support/workforce-fixtures';

const ALERTS = `query($p: ID!, $k: AlertKind) { project(id: $p) { alerts(first: 20, filter: { kind: $k }) {
  edges { node { id status dueDate resolvedOn shortfall } } } } }`;
const SUBMIT = `mutation($i: PayrollInput!) { submitPayroll(input: $i) { id status } }`;
const RESULTS = `mutation($id: ID!, $r: [PayrollResultInput!]!) { recordPayrollResults(payrollId: $id, results: $r) {
  status paidCount failedCount } }`;
const PUSH = `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted rejected { code message } } }`;

/**
 * The pay alerts moved by the payroll itself, with no direct writes: the contractor's payroll, the
 * bank's results by mutation, and the bank's push paying the last line. The clock stands at
 * 2026-12-01; September's wages were due on 4 October, a National Day holiday, so on 30 September.
 */
describe('pay alerts through submitPayroll, recordPayrollResults and the bank’s push', () => {
  let t: TestHub;
  let pg: Client;
  useHubWithSql((hub, client) => {
    t = hub;
    pg = client;
  });

  it('a failed payment opens PAYMENT_FAILED_UNRESOLVED beside ATTENDED_NOT_PAID; the push that pays it closes both', async () => {
    const p = await workforceProject(t);
    await p.teams();
    const [a, b] = [p.worker(), p.worker({ name: '李四' })];
    await must(p.gql(REGISTER_WORKERS, { w: [a, b] }));
    await must(p.gql(RECORD_CONTRACTS, { c: [a, b].map((w) => p.contract(w.idNumber, { payDay: 4 })) }));
    const punches = [a, b].flatMap((w) => [
      { workerIdNumber: w.idNumber, at: shanghai('2026-09-07 08:30:00'), direction: 'IN', gate: 'G1' },
      { workerIdNumber: w.idNumber, at: shanghai('2026-09-07 17:30:00'), direction: 'OUT', gate: 'G1' },
    ]);
    await must(p.gql(RECORD_ATTENDANCE, { a: punches }));
    const alerts = async (kind: string) =>
      (await must(p.gql(ALERTS, { k: kind }, p.hrss))).project.alerts.edges.map((e: any) => e.node);
    expect(await alerts('ATTENDED_NOT_PAID')).toEqual([
      expect.objectContaining({ status: 'OPEN', dueDate: '2026-09-30' }),
    ]);

    const line = (w: typeof a) => ({
      workerIdNumber: w.idNumber,
      days: 1,
      grossPay: '400.00',
      netPay: '380.00',
      bankCardNo: w.bankCardNo,
    });
    const payroll = (
      await must(
        p.gql(SUBMIT, {
          i: {
            projectId: p.projectId,
            teamId: p.teamIds.sub,
            month: '2026-09',
            reference: 'GZ-2026-09-S',
            lines: [line(a), line(b)],
          },
        }),
      )
    ).submitPayroll;
    // submitted is not paid
    expect((await alerts('ATTENDED_NOT_PAID'))[0].status).toBe('OPEN');

    const recorded = await must(
      p.gql(
        RESULTS,
        {
          id: payroll.id,
          r: [
            { workerIdNumber: a.idNumber, status: 'PAID', at: '2026-11-20T02:00:00Z', bankEventId: 'PAY-A' },
            {
              workerIdNumber: b.idNumber,
              status: 'FAILED',
              at: '2026-11-20T02:00:00Z',
              failureReason: '账户已销户',
            },
          ],
        },
        p.bank,
      ),
    );
    expect(recorded.recordPayrollResults).toMatchObject({
      status: 'HAS_FAILURES',
      paidCount: 1,
      failedCount: 1,
    });
    // failed on Friday 11-20: five working days end on 11-27; by 12-01 it is unresolved
    expect(await alerts('PAYMENT_FAILED_UNRESOLVED')).toEqual([
      expect.objectContaining({ status: 'OPEN', dueDate: '2026-11-27', shortfall: '380.00' }),
    ]);
    expect((await alerts('ATTENDED_NOT_PAID'))[0].status).toBe('OPEN');

    // the bank pays b again, to the same own card, through its usual push
    const [{ account_no: accountNo }] = (
      await pg.query(`select account_no from special_account where project_id = $1`, [p.projectId])
    ).rows;
    const pushed = await must(
      p.gql(
        PUSH,
        {
          e: [
            {
              bankEventId: `${accountNo}-RETRY-B`,
              accountNo,
              type: 'DEBIT',
              amount: '380.00',
              bookedAt: '2026-11-30T02:00:00Z',
              counterpartyAccount: b.bankCardNo,
              memo: '代发工资 GZ-2026-09-S 重发',
            },
          ],
        },
        p.bank,
      ),
    );
    expect(pushed.ingestAccountEvents).toMatchObject({ accepted: 1, rejected: [] });
    expect(await alerts('ATTENDED_NOT_PAID')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' }),
    ]);
    expect(await alerts('PAYMENT_FAILED_UNRESOLVED')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' }),
    ]);
    // and the money went to a payroll card: nothing paid outside the payroll
    expect(await alerts('PAID_OUTSIDE_PAYROLL')).toEqual([]);
  });
});
