import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { useHubWithSql } from '../support/hub-with-sql';
import { must } from '../support/fixtures';
import {
  RECORD_CONTRACTS,
  REGISTER_WORKERS,
  cardNumber,
  workforceProject,
} from '../support/workforce-fixtures';
import { takePendingPayAlerts } from '../../src/services/workforce/pay-alerts/pending';

/**
 * A bank push's pay alerts come after its commit (issue #9 item 8): the push leaves a mark in
 * pay_alert_pending with its events, and the hub's follow-up evaluates it a moment later. The
 * alerts are those the push used to open itself; a mark a stopped or crashed hub left is taken
 * at the next start; two hub processes on one database never open an alert twice.
 */
describe('pay alerts after a bank push', () => {
  let t: TestHub;
  let pg: Client;
  const q = async <T = any>(text: string, params: unknown[] = []) =>
    (await pg.query(text, params)).rows as T[];

  useHubWithSql((hub, client) => {
    t = hub;
    pg = client;
  });

  /** A project with two contracted workers, and a push of debits to a card nobody registered. */
  async function world() {
    const p = await workforceProject(t);
    await p.teams();
    const workers = [p.worker(), p.worker()];
    await must(p.gql(REGISTER_WORKERS, { w: workers }));
    await must(p.gql(RECORD_CONTRACTS, { c: workers.map((w) => p.contract(w.idNumber)) }));
    const [{ account_no: accountNo }] = await q(
      `select account_no from special_account where project_id = $1`,
      [p.projectId],
    );
    const stranger = cardNumber();
    const debit = (amount: string) => ({
      bankEventId: `D-${randomBytes(4).toString('hex')}`,
      accountNo,
      type: 'DEBIT',
      amount,
      bookedAt: '2026-11-20T10:00:00+08:00',
      counterpartyName: '李四',
      counterpartyAccount: stranger,
    });
    const pushDebits = (hub: TestHub, ...amounts: string[]) =>
      hub.push(p.bankCode, p.secret, JSON.stringify({ events: amounts.map(debit) }));
    const alerts = () =>
      q(
        `select status, due_date::text, shortfall_fen::text from alert
          where project_id = $1 and kind = 'PAID_OUTSIDE_PAYROLL' order by due_date`,
        [p.projectId],
      );
    const marks = async () =>
      Number(
        (
          await q(`select count(*) as n from pay_alert_pending where $1::uuid = any(project_ids)`, [
            p.projectId,
          ])
        )[0].n,
      );
    const openedNotices = async () =>
      Number(
        (
          await q(
            `select count(*) as n from outbox_notice n join alert a on a.id::text = n.payload->>'alertId'
              where a.project_id = $1 and a.kind = 'PAID_OUTSIDE_PAYROLL' and n.topic = 'ALERT_OPENED'`,
            [p.projectId],
          )
        )[0].n,
      );
    return { p, pushDebits, alerts, marks, openedNotices };
  }

  it('opens the alert the push used to open, just after the push, and leaves no mark', async () => {
    const w = await world();
    const push = await w.pushDebits(t, '3000.00', '100.00');
    expect(push).toMatchObject({ status: 200, body: { accepted: 2, rejected: [] } });
    await t.hub.payAlertFollowUp.settled();
    expect(await w.alerts()).toEqual([{ status: 'OPEN', due_date: '2026-11-20', shortfall_fen: '310000' }]);
    expect(await w.marks()).toBe(0);
    expect(await w.openedNotices()).toBeGreaterThan(0);
  });

  it('takes a mark a stopped hub left at the next start', async () => {
    const w = await world();
    const second = await startTestHub({ RUN_JOBS: 'false' }, { databaseUrl: t.databaseUrl });
    // stopped before its follow-up ran: the push's mark stays, as after a crash
    await second.hub.payAlertFollowUp.close();
    expect((await w.pushDebits(second, '2000.00')).status).toBe(200);
    await second.close();
    expect(await w.marks()).toBe(1);
    expect(await w.alerts()).toEqual([]);
    const third = await startTestHub({ RUN_JOBS: 'false' }, { databaseUrl: t.databaseUrl });
    try {
      await third.hub.payAlertFollowUp.settled();
      expect(await w.marks()).toBe(0);
      expect(await w.alerts()).toEqual([{ status: 'OPEN', due_date: '2026-11-20', shortfall_fen: '200000' }]);
    } finally {
      await third.close();
    }
  });

  it('two hub processes taking the same project’s marks at once open its alert once', async () => {
    const w = await world();
    const second = await startTestHub({ RUN_JOBS: 'false' }, { databaseUrl: t.databaseUrl });
    try {
      // both hubs' follow-ups held back, so the marks pile up
      await t.hub.payAlertFollowUp.settled();
      await Promise.all([
        w.pushDebits(t, '500.00'),
        w.pushDebits(second, '700.00'),
        w.pushDebits(t, '900.00'),
        w.pushDebits(second, '1100.00'),
      ]);
      await q(
        `insert into pay_alert_pending (project_ids, kinds)
         select array[$1::uuid], array['PAID_OUTSIDE_PAYROLL'] from generate_series(1, 6)`,
        [w.p.projectId],
      );
      // both processes at once, a mark each turn, as several follow-ups and relay ticks would
      const drain = async (hub: TestHub) => {
        while ((await takePendingPayAlerts(hub.hub.orm, 1)).taken > 0);
      };
      await Promise.all([drain(t), drain(second), drain(t), drain(second)]);
      await Promise.all([t.hub.payAlertFollowUp.settled(), second.hub.payAlertFollowUp.settled()]);
      expect(await w.marks()).toBe(0);
      expect(await w.alerts()).toEqual([{ status: 'OPEN', due_date: '2026-11-20', shortfall_fen: '320000' }]);
      const notices = await w.openedNotices();
      // the opened notices of one alert: one a recipient, never a second set
      const recipients = await q(
        `select count(distinct n.recipient) as n from outbox_notice n join alert a on a.id::text = n.payload->>'alertId'
          where a.project_id = $1 and a.kind = 'PAID_OUTSIDE_PAYROLL' and n.topic = 'ALERT_OPENED'`,
        [w.p.projectId],
      );
      expect(notices).toBe(Number(recipients[0].n));
    } finally {
      await second.close();
    }
  });

  it('a mark may hold several projects; a turn takes marks while their projects fit, the first always', async () => {
    const [a, b] = [await world(), await world()];
    await t.hub.payAlertFollowUp.close();
    expect((await a.pushDebits(t, '800.00')).status).toBe(200);
    expect((await b.pushDebits(t, '800.00')).status).toBe(200);
    // the two pushes' marks, one each, in place of them: a mark of both, then one of each
    const pushed = await q(`delete from pay_alert_pending returning cardinality(project_ids) as n`);
    expect(pushed).toEqual([{ n: 1 }, { n: 1 }]);
    await q(
      `insert into pay_alert_pending (project_ids, kinds)
       values (array[$1::uuid, $2::uuid], array['PAID_OUTSIDE_PAYROLL']),
              (array[$1::uuid], array['PAID_OUTSIDE_PAYROLL']), (array[$2::uuid], array['PAID_OUTSIDE_PAYROLL'])`,
      [a.p.projectId, b.p.projectId],
    );
    // a budget of one project: the two-project mark still goes first and alone, then one a turn
    const turns = [];
    for (let i = 0; i < 4; i++) turns.push(await takePendingPayAlerts(t.hub.orm, 1));
    expect(turns).toEqual([
      { taken: 1, more: true },
      { taken: 1, more: true },
      { taken: 1, more: false },
      { taken: 0, more: false },
    ]);
    expect(await a.alerts()).toEqual([{ status: 'OPEN', due_date: '2026-11-20', shortfall_fen: '80000' }]);
    expect(await b.alerts()).toEqual([{ status: 'OPEN', due_date: '2026-11-20', shortfall_fen: '80000' }]);
  });
});
