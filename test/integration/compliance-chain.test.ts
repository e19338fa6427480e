import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { ALERT_FIELDS, agreementScenario } from '../support/compliance-fixtures';
import { must, seedBasics } from '../support/fixtures';
import { nowMs as clockNowMs } from '../../src/clock';

const NOTIFIED = `mutation($id: ID!, $at: DateTime!) { recordContractorNotified(alertId: $id, at: $at) { ${ALERT_FIELDS} } }`;
const REPORTED = `mutation($id: ID!, $at: DateTime!) { recordContractorReport(alertId: $id, at: $at) { ${ALERT_FIELDS} } }`;

/**
 * The chain's two recorded steps (R5), on the Spring Festival case: due 2026-02-24, bank notice by
 * 02-27; a notice on Thursday 02-26 moves the contractor's deadline to 3 working days after it:
 * 02-27, Saturday 02-28 (a make-up working day), 03-02.
 */
describe('the notification chain', () => {
  let t: TestHub;
  let pg: Client;
  let s: Awaited<ReturnType<typeof agreementScenario>>;
  let alertId: string;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-02-24');
    alertId = (await s.alerts())[0].id;
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it("lets only the account's bank record the notice, at a time that has happened", async () => {
    const other = await seedBasics(t);
    const strangers = [
      t.token({ org: 'BANK', bank: other.bankCode }),
      s.contractorToken,
      t.token({ org: 'HRSS', district: '210500' }),
    ];
    for (const token of strangers) {
      const res = await t.gql(token, NOTIFIED, { id: alertId, at: '2026-02-26T10:00:00+08:00' });
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(res.errors?.[0].extensions?.code);
    }
    const future = await t.gql(s.bankToken, NOTIFIED, {
      id: alertId,
      at: new Date(clockNowMs() + 3600_000).toISOString(),
    });
    expect(future.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'at' } });
    const early = await t.gql(s.bankToken, NOTIFIED, { id: alertId, at: '2026-02-20T10:00:00+08:00' });
    expect(early.errors?.[0].message).toMatch(/^at: must not be before the alert's due date 2026-02-24/);
    expect((await s.alerts())[0].contractorNotifiedAt).toBeNull();
  });

  it("records the notice and moves the contractor's deadline to 3 working days after it", async () => {
    const res = await must(
      t.gql<{ recordContractorNotified: any }>(s.bankToken, NOTIFIED, {
        id: alertId,
        at: '2026-02-26T10:00:00+08:00',
      }),
    );
    expect(res.recordContractorNotified).toMatchObject({
      contractorNotifiedAt: '2026-02-26T02:00:00.000Z',
      bankNoticeDeadline: '2026-02-27',
      contractorReportDeadline: '2026-03-02',
    });
    const again = await must(
      t.gql<{ recordContractorNotified: any }>(s.bankToken, NOTIFIED, {
        id: alertId,
        at: '2026-02-26T10:00:00+08:00',
      }),
    );
    expect(again.recordContractorNotified.contractorNotifiedAt).toBe('2026-02-26T02:00:00.000Z'); // a retry is harmless
    const changed = await t.gql(s.bankToken, NOTIFIED, { id: alertId, at: '2026-02-26T11:00:00+08:00' });
    expect(changed.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('sweeps with the notice: no bank escalation, and the contractor escalates the day after its own deadline', async () => {
    await s.sweep('2026-03-05');
    const [alert] = await s.alerts();
    expect(alert.escalations).toEqual([{ kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03' }]);
    const recipients = await pg.query(
      `select topic, recipient from outbox_notice where payload->>'alertId' = $1 order by topic, recipient`,
      [alertId],
    );
    expect(recipients.rows).toEqual([
      { topic: 'ALERT_ESCALATED', recipient: 'HOUSING:210502' },
      { topic: 'ALERT_ESCALATED', recipient: 'HRSS:210502' },
      { topic: 'ALERT_OPENED', recipient: `BANK:${s.bankCode}` },
      { topic: 'WARNING_SYSTEM_HANDOVER', recipient: 'LIAONING_WARNING_SYSTEM' },
    ]);
  });

  it("lets only the project's contractor record its report, and hands it to HRSS, the authority and the province", async () => {
    const otherContractor = t.token({ org: 'CONTRACTOR', uscc: (await seedBasics(t)).contractorUscc });
    const refused = await t.gql(otherContractor, REPORTED, { id: alertId, at: '2026-03-04T09:00:00+08:00' });
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refused.errors?.[0].extensions?.code);
    const bank = await t.gql(s.bankToken, REPORTED, { id: alertId, at: '2026-03-04T09:00:00+08:00' });
    expect(bank.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const res = await must(
      t.gql<{ recordContractorReport: any }>(s.contractorToken, REPORTED, {
        id: alertId,
        at: '2026-03-04T09:00:00+08:00',
      }),
    );
    expect(res.recordContractorReport.contractorReportedAt).toBe('2026-03-04T01:00:00.000Z');
    // Reported after its deadline: the escalation stands (only a step in time retracts one).
    expect(res.recordContractorReport.escalations).toEqual([
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03' },
    ]);
    const reported = await pg.query(
      `select recipient from outbox_notice where payload->>'alertId' = $1 and topic in ('CONTRACTOR_REPORTED', 'WARNING_SYSTEM_HANDOVER')
        and dedupe_key like '%reported%' order by recipient`,
      [alertId],
    );
    expect(reported.rows.map((r) => r.recipient)).toEqual([
      'HOUSING:210502',
      'HRSS:210502',
      'LIAONING_WARNING_SYSTEM',
    ]);
  });

  it('shows alerts only where their project is in scope', async () => {
    const query = `{ alerts(filter: { status: OPEN }) { totalCount edges { node { id } } } }`;
    const ids = async (token: string) =>
      (await must(t.gql<{ alerts: { edges: { node: { id: string } }[] } }>(token, query))).alerts.edges.map(
        (e) => e.node.id,
      );
    expect(await ids(t.token({ org: 'HRSS', district: '210502' }))).toContain(alertId);
    expect(await ids(t.token({ org: 'HOUSING', district: '210502' }))).toContain(alertId);
    expect(await ids(s.bankToken)).toEqual([alertId]);
    expect(await ids(s.contractorToken)).toEqual([alertId]);
    expect(await ids(t.token({ org: 'HRSS', district: '210503' }))).not.toContain(alertId);
    expect(await ids(t.token({ org: 'TRANSPORT', district: '210502' }))).not.toContain(alertId);
    expect(await ids(t.token({ org: 'CREDIT_PLATFORM', district: '210500' }))).toEqual([]);
  });
});
