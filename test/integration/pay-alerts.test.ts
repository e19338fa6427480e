import type { Client } from 'pg';
import { useHubWithSql } from '../support/hub-with-sql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TestHub } from '../support/test-hub';
import { must } from '../support/fixtures';
import {
  RECORD_ATTENDANCE,
  RECORD_CONTRACTS,
  REGISTER_WORKERS,
  cardNumber,
  shanghai,
  workforceProject,
} from '../support/workforce-fixtures';
import { insertPayroll, setLineResult } from '../support/payroll-rows';
import { evaluatePayrollAlerts, type PayAlertOptions } from '../../src/services/workforce/pay-alerts';

const ALERTS = `query($p: ID!, $k: AlertKind) { project(id: $p) { alerts(first: 20, filter: { kind: $k }) {
  edges { node { id kind status dueDate openedOn resolvedOn shortfall penalty { code } } } } } }`;
const RULES = `mutation($i: PayAlertRulesInput!) { setPayAlertRules(input: $i) { failedPaymentWorkingDays managerDays setBy } }`;
const MANAGER = `mutation($p: ID!, $n: String!, $id: String!, $ph: String!) {
  setLabourWageManager(projectId: $p, name: $n, idNumber: $id, phone: $ph) { id } }`;

/**
 * What the hub watches about pay (R6; issue #10 item 5), through the public API where it has one
 * and the payroll tables written directly where the payroll mutations are not merged yet
 * (test/support/payroll-rows.ts): every kind opening and resolving, its notices to the general
 * contractor, the district HRSS and the industry authority with nobody's personal data, the
 * settings changed as data, and who sees the alerts. The clock stands at 2026-12-01.
 */
describe('the pay alerts (R6)', () => {
  let t: TestHub;
  let pg: Client;
  const q = async <T = any>(text: string, params: unknown[] = []) =>
    (await pg.query(text, params)).rows as T[];
  const evaluate = (ids: string[], opts: PayAlertOptions = {}) =>
    t.hub.orm.em.fork().transactional((em) => evaluatePayrollAlerts(em as EntityManager, ids, opts));

  useHubWithSql((hub, client) => {
    t = hub;
    pg = client;
  });

  /** A project with `n` registered and contracted workers (pay day `payDay`). */
  async function world(n: number, payDay = 15) {
    const p = await workforceProject(t);
    await p.teams();
    const workers = Array.from({ length: n }, () => p.worker());
    await must(p.gql(REGISTER_WORKERS, { w: workers }));
    await must(p.gql(RECORD_CONTRACTS, { c: workers.map((w) => p.contract(w.idNumber, { payDay })) }));
    const alerts = async (kind: string, token = p.hrss) =>
      (await must(p.gql(ALERTS, { k: kind }, token))).project.alerts.edges.map((e: any) => e.node);
    const notices = async (alertId: string, topic: string) =>
      (
        await q(
          `select recipient from outbox_notice where topic = $1 and payload->>'alertId' = $2 order by recipient`,
          [topic, alertId],
        )
      ).map((r) => r.recipient);
    const payloads = async (alertId: string) =>
      JSON.stringify(await q(`select payload from outbox_notice where payload->>'alertId' = $1`, [alertId]));
    const details = async (alertId: string) =>
      (await q(`select details from alert where id = $1`, [alertId]))[0].details;
    const opened = [`ENTERPRISE:${p.contractorUscc}`, 'HOUSING:210502', 'HRSS:210502'];
    const closed = [`ENTERPRISE:${p.contractorUscc}`, 'HRSS:210502'];
    return { ...p, workers, alerts, notices, payloads, details, opened, closed };
  }
  const noPersonalData = (payloads: string, w: { idNumber: string; bankCardNo: string; name: string }[]) => {
    for (const x of w) {
      expect(payloads).not.toContain(x.idNumber);
      expect(payloads).not.toContain(x.bankCardNo);
    }
    expect(payloads).not.toContain('张三');
  };
  const day = (d: string, id: string) => [
    { workerIdNumber: id, at: shanghai(`${d} 08:30:00`), direction: 'IN', gate: 'G1' },
    { workerIdNumber: id, at: shanghai(`${d} 17:30:00`), direction: 'OUT', gate: 'G1' },
  ];

  it('ATTENDED_NOT_PAID: opens once the pay day (moved earlier off National Day) passed unpaid, and resolves when all are paid', async () => {
    const p = await world(3, 4);
    const [a, b, c] = p.workers;
    // a and b have valid days in September; c only one punch (not a valid day)
    const punches = [
      ...day('2026-09-07', a.idNumber),
      ...day('2026-09-08', b.idNumber),
      { workerIdNumber: c.idNumber, at: shanghai('2026-09-08 08:30:00'), direction: 'IN' },
    ];
    // September is older than the months the sweep looks at (Oct–Dec): the batch evaluates it
    await must(p.gql(RECORD_ATTENDANCE, { a: punches }));
    const [alert] = await p.alerts('ATTENDED_NOT_PAID');
    // wages for September due on 4 October, a National Day holiday: moved earlier to 30 September
    expect(alert).toMatchObject({ status: 'OPEN', dueDate: '2026-09-30', penalty: null });
    expect(await p.details(alert.id)).toEqual({ slot: '2026-09', month: '2026-09', workers: '2' });
    expect(await p.notices(alert.id, 'ALERT_OPENED')).toEqual(p.opened);
    noPersonalData(await p.payloads(alert.id), p.workers);

    // a PENDING or FAILED line is not paid; a PAID one for another month does not count
    const [lineA] = await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-09-A',
      month: '2026-09',
      lines: [{ workerIdNumber: a.idNumber, status: 'PENDING' }],
    });
    await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-10-B',
      month: '2026-10',
      lines: [{ workerIdNumber: b.idNumber }],
    });
    await evaluate([p.projectId]);
    expect((await p.alerts('ATTENDED_NOT_PAID'))[0].status).toBe('OPEN');
    await setLineResult(pg, lineA, { status: 'PAID', on: '2026-11-30' });
    await evaluate([p.projectId]);
    expect(await p.details(alert.id)).toMatchObject({ workers: '1' });
    expect(await p.notices(alert.id, 'ALERT_OPENED')).toHaveLength(3);
    await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-09-B',
      month: '2026-09',
      lines: [{ workerIdNumber: b.idNumber }],
    });
    await evaluate([p.projectId]);
    expect(await p.alerts('ATTENDED_NOT_PAID')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' }),
    ]);
    expect(await p.notices(alert.id, 'ALERT_RESOLVED')).toEqual(p.closed);
  });

  it('ATTENDED_NOT_PAID: nothing before the pay day (the sweep of 11-30 included), open once it has passed', async () => {
    const p = await world(1, 15);
    await must(p.gql(RECORD_ATTENDANCE, { a: day('2026-11-02', p.workers[0].idNumber) }));
    // November's wages are due on 15 December: nothing yet
    await evaluate([p.projectId]);
    expect(await p.alerts('ATTENDED_NOT_PAID')).toEqual([]);
    await evaluate([p.projectId], { today: '2026-12-15' });
    expect(await p.alerts('ATTENDED_NOT_PAID')).toEqual([]);
    const sweep = await must(
      t.gql<any>(p.admin, `mutation($d: Date!) { runComplianceSweep(asOf: $d) { alertsOpened } }`, {
        d: '2026-11-30',
      }),
    );
    expect(sweep.runComplianceSweep.alertsOpened).toBeGreaterThan(0);
    expect(await p.alerts('ATTENDED_NOT_PAID')).toEqual([]);
    await evaluate([p.projectId], { today: '2026-12-16' });
    expect(await p.alerts('ATTENDED_NOT_PAID')).toEqual([
      expect.objectContaining({ status: 'OPEN', dueDate: '2026-12-15' }),
    ]);
  });

  it('PAID_OUTSIDE_PAYROLL: a debit to a card not on the payroll opens it at the push; the batch debit of a payroll does not', async () => {
    const p = await world(2);
    const [a, b] = p.workers;
    const [{ account_no: accountNo }] = await q(
      `select account_no from special_account where project_id = $1`,
      [p.projectId],
    );
    await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-10-01',
      month: '2026-10',
      lines: [
        { workerIdNumber: a.idNumber, netFen: 500_000n },
        { workerIdNumber: b.idNumber, netFen: 400_000n },
      ],
    });
    const stranger = cardNumber();
    let n = 0;
    const debit = (amount: string, more: Record<string, unknown>) =>
      must(
        t.gql<any>(
          p.bank,
          `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted } }`,
          {
            e: [
              {
                bankEventId: `${accountNo}-D${++n}`,
                accountNo,
                type: 'DEBIT',
                amount,
                bookedAt: '2026-11-20T02:00:00Z',
                ...more,
              },
            ],
          },
        ),
      );
    // a's own card, spaced as a bank may write it; the payroll's batch within its total
    await debit('5000.00', { counterpartyAccount: a.bankCardNo.replace(/(\d{4})/g, '$1 ').trim() });
    await debit('4000.00', { memo: '代发工资 GZ-2026-10-01' });
    expect(await p.alerts('PAID_OUTSIDE_PAYROLL')).toEqual([]);
    // to a card nobody registered, and a batch naming no payroll
    await debit('3000.00', { counterpartyAccount: stranger, counterpartyName: '李四' });
    await debit('100.00', { memo: '代发工资 GZ-2026-10-0' });
    const [alert] = await p.alerts('PAID_OUTSIDE_PAYROLL');
    expect(alert).toMatchObject({
      status: 'OPEN',
      dueDate: '2026-11-20',
      shortfall: '3100.00',
      penalty: { code: 'P2' },
    });
    expect(await p.details(alert.id)).toEqual({ slot: 'project', debits: '2', amountFen: '310000' });
    expect(await p.notices(alert.id, 'ALERT_OPENED')).toEqual(p.opened);
    const payloads = await p.payloads(alert.id);
    noPersonalData(payloads, p.workers);
    expect(payloads).not.toContain(stranger);
    expect(payloads).not.toContain('李四');

    // the stranger's card turns out a worker's own, on a payroll; the memo's payroll is submitted
    const c = p.worker({ bankCardNo: stranger });
    await must(p.gql(REGISTER_WORKERS, { w: [c] }));
    expect((await p.alerts('PAID_OUTSIDE_PAYROLL'))[0].status).toBe('OPEN');
    await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-10-0',
      month: '2026-10',
      lines: [{ workerIdNumber: c.idNumber }],
    });
    await evaluate([p.projectId]);
    expect(await p.alerts('PAID_OUTSIDE_PAYROLL')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' }),
    ]);
    expect(await p.notices(alert.id, 'ALERT_RESOLVED')).toEqual(p.closed);
    // a batch above its payroll's net total is outside by the excess
    await debit('6000.00', { memo: 'GZ-2026-10-01' });
    const [again] = (await p.alerts('PAID_OUTSIDE_PAYROLL')).filter((x: any) => x.status === 'OPEN');
    expect(again).toMatchObject({ shortfall: '1000.00' });
  });

  it('PAID_OUTSIDE_PAYROLL: a debit stored before its card hash was (null) is judged as one stored with it', async () => {
    const p = await world(1);
    const [a] = p.workers;
    const [{ account_no: accountNo }] = await q(
      `select account_no from special_account where project_id = $1`,
      [p.projectId],
    );
    await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-10-07',
      month: '2026-10',
      lines: [{ workerIdNumber: a.idNumber, netFen: 500_000n }],
    });
    const [x, y] = [cardNumber(), cardNumber()];
    const debits = [
      { to: a.bankCardNo, amount: '5000.00', on: '2026-11-18' },
      { to: x, amount: '300.00', on: '2026-11-19' },
      { to: y, amount: '200.00', on: '2026-11-17' },
      { to: a.bankCardNo, amount: '10.00', on: '2026-11-16' },
    ];
    await must(
      t.gql<any>(
        p.bank,
        `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted } }`,
        {
          e: debits.map((d, i) => ({
            bankEventId: `${accountNo}-H${i}`,
            accountNo,
            type: 'DEBIT',
            amount: d.amount,
            bookedAt: `${d.on}T02:00:00Z`,
            counterpartyAccount: d.to,
          })),
        },
      ),
    );
    const hashed = await q(
      `select count(*)::int as n from account_event where account_no = $1 and counterparty_card_hash is not null`,
      [accountNo],
    );
    expect(hashed[0].n).toBe(4);
    const judged = async () => {
      await evaluate([p.projectId], { kinds: ['PAID_OUTSIDE_PAYROLL'] });
      const [alert] = await p.alerts('PAID_OUTSIDE_PAYROLL');
      return { dueDate: alert.dueDate, shortfall: alert.shortfall, details: await p.details(alert.id) };
    };
    const withHashes = await judged();
    expect(withHashes).toEqual({
      dueDate: '2026-11-17',
      shortfall: '500.00',
      details: { slot: 'project', debits: '2', amountFen: '50000' },
    });
    // as rows stored before the column was: the same verdict, hashed at the evaluation
    await q(
      `update account_event set counterparty_card_hash = null where account_no = $1 and bank_event_id in ($2, $3)`,
      [accountNo, `${accountNo}-H0`, `${accountNo}-H2`],
    );
    expect(await judged()).toEqual(withHashes);
  });

  it('PAY_BELOW_MINIMUM_WAGE: a full month paid below the district’s minimum, resolved by a back payment', async () => {
    const p = await world(2);
    const [a, b] = p.workers;
    await must(
      t.gql(
        p.admin,
        `mutation { setMinimumWage(districtCode: "210502", effectiveFrom: "2026-01-01", monthly: "2100.00") { monthly } }`,
      ),
    );
    // November 2026 has 21 working days; a: 21 days on the line at ¥2,000; b: 10 days (not full)
    await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-11-01',
      month: '2026-11',
      lines: [
        { workerIdNumber: a.idNumber, days: 21, grossFen: 210_000n, netFen: 200_000n },
        { workerIdNumber: b.idNumber, days: 10, grossFen: 100_000n, netFen: 100_000n },
      ],
    });
    await evaluate([p.projectId]);
    const [alert] = await p.alerts('PAY_BELOW_MINIMUM_WAGE');
    expect(alert).toMatchObject({
      status: 'OPEN',
      dueDate: '2026-11-30',
      shortfall: '100.00',
      penalty: null,
    });
    expect(await p.details(alert.id)).toEqual({
      slot: '2026-11',
      month: '2026-11',
      workers: '1',
      shortFen: '10000',
    });
    expect(await p.notices(alert.id, 'ALERT_OPENED')).toEqual(p.opened);
    noPersonalData(await p.payloads(alert.id), p.workers);
    await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-11-BU',
      month: '2026-11',
      lines: [{ workerIdNumber: a.idNumber, days: 0, grossFen: 10_000n, netFen: 10_000n }],
    });
    await evaluate([p.projectId]);
    expect(await p.alerts('PAY_BELOW_MINIMUM_WAGE')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' }),
    ]);
    expect(await p.notices(alert.id, 'ALERT_RESOLVED')).toEqual(p.closed);
  });

  it('PAYMENT_FAILED_UNRESOLVED: N working days across National Day and a make-up day, N set as data', async () => {
    const p = await world(1);
    const [line] = await insertPayroll(pg, {
      projectId: p.projectId,
      reference: 'GZ-2026-08-01',
      month: '2026-08',
      lines: [{ workerIdNumber: p.workers[0].idNumber, status: 'FAILED', firstFailedOn: '2026-09-28' }],
    });
    // 5 working days after 09-28: 29, 30, (01–07 off), 08, 09 and the make-up Saturday 10-10
    await evaluate([p.projectId], { today: '2026-10-10' });
    expect(await p.alerts('PAYMENT_FAILED_UNRESOLVED')).toEqual([]);
    await evaluate([p.projectId], { today: '2026-10-11' });
    const [alert] = await p.alerts('PAYMENT_FAILED_UNRESOLVED');
    expect(alert).toMatchObject({ status: 'OPEN', dueDate: '2026-10-10', shortfall: '7000.00' });
    expect(await p.notices(alert.id, 'ALERT_OPENED')).toEqual(p.opened);
    noPersonalData(await p.payloads(alert.id), p.workers);

    // only city HRSS sets the rules; a bad value names its field
    const refused = await t.gql(p.hrss, RULES, { i: { failedPaymentWorkingDays: 60 } });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(p.admin, RULES, { i: { failedPaymentWorkingDays: 0 } });
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'failedPaymentWorkingDays',
    });
    try {
      const set = await must(t.gql<any>(p.admin, RULES, { i: { failedPaymentWorkingDays: 60 } }));
      expect(set.setPayAlertRules).toMatchObject({ failedPaymentWorkingDays: 60, managerDays: 10 });
      await evaluate([p.projectId]);
      expect((await p.alerts('PAYMENT_FAILED_UNRESOLVED'))[0].status).toBe('RESOLVED');
    } finally {
      await must(t.gql(p.admin, RULES, { i: { failedPaymentWorkingDays: 5 } }));
    }
    await evaluate([p.projectId]);
    expect((await p.alerts('PAYMENT_FAILED_UNRESOLVED'))[0].status).toBe('OPEN');
    expect(await p.notices(alert.id, 'ALERT_REOPENED')).toEqual(p.closed);
    await setLineResult(pg, line, { status: 'PAID', on: '2026-11-30' });
    await evaluate([p.projectId]);
    expect(await p.alerts('PAYMENT_FAILED_UNRESOLVED')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' }),
    ]);
  });

  it('NO_LABOUR_WAGE_MANAGER: the sweep opens it N days after the permit; appointing one resolves it; scope as other alerts', async () => {
    const p = await world(1);
    await must(
      t.gql(p.admin, `mutation($d: Date!) { runComplianceSweep(asOf: $d) { alertsOpened } }`, {
        d: '2026-11-30',
      }),
    );
    const [alert] = await p.alerts('NO_LABOUR_WAGE_MANAGER');
    // permit 2026-09-10 + 10 days
    expect(alert).toMatchObject({ status: 'OPEN', dueDate: '2026-09-20', penalty: { code: 'P3' } });
    expect(await p.notices(alert.id, 'ALERT_OPENED')).toEqual(p.opened);
    // seen by the contractor, the district HRSS, the industry authority; not by another district
    expect(await p.alerts('NO_LABOUR_WAGE_MANAGER', p.contractor)).toHaveLength(1);
    expect(await p.alerts('NO_LABOUR_WAGE_MANAGER', p.housing)).toHaveLength(1);
    const other = await t.gql<any>(t.token({ org: 'HRSS', district: '210503' }), ALERTS, {
      p: p.projectId,
      k: 'NO_LABOUR_WAGE_MANAGER',
    });
    expect(other.data?.project?.alerts?.edges ?? []).toEqual([]);
    const manager = p.worker({ role: 'MANAGER', workType: '900' });
    await must(p.gql(REGISTER_WORKERS, { w: [manager] }));
    await must(p.gql(MANAGER, { n: '赵六', id: manager.idNumber, ph: '13900001111' }));
    expect(await p.alerts('NO_LABOUR_WAGE_MANAGER')).toEqual([
      expect.objectContaining({ status: 'RESOLVED', resolvedOn: '2026-12-01' }),
    ]);
    const payloads = await p.payloads(alert.id);
    expect(payloads).not.toContain('赵六');
    expect(payloads).not.toContain('13900001111');
  });
});
