import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { agreementScenario } from '../support/compliance-fixtures';
import { must } from '../support/fixtures';
import { setClock } from '../../src/clock';

const FIELDS = `id status contractorNotifiedAt contractorNotifiedRecordedAt contractorReportDeadline
  contractorReportedAt contractorReportedRecordedAt escalations { kind on retractedOn }`;
const NOTIFIED = `mutation($id: ID!, $at: DateTime!) { recordContractorNotified(alertId: $id, at: $at) { ${FIELDS} } }`;
const REPORTED = `mutation($id: ID!, $at: DateTime!) { recordContractorReport(alertId: $id, at: $at) { ${FIELDS} } }`;
const FROM_ALERT = `mutation($a: ID!) { fileCaseFromAlert(alertId: $a) { id } }`;

/**
 * Late facts, the README's worked example. February's labour cost is due on the 15th, a Sunday in
 * the Spring Festival holiday, so on Tuesday 02-24; nothing is paid. The bank's deadline is 02-27.
 * The hub learns everything on Thursday 03-05 (the clock), when the bank records that it notified
 * the contractor on 02-26 and the contractor that it reported on 03-02: both back-dated. From the
 * notice, the contractor's deadline is the 3rd working day after 02-26: 02-27, Saturday 02-28 (a
 * make-up working day), 03-02. So the report was in time, whichever order the facts arrive in.
 */
describe('late-recorded, back-dated chain steps', () => {
  let t: TestHub;
  let pg: Client;
  beforeAll(async () => {
    setClock('2026-03-05T10:00:00+08:00');
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  async function missedFebruary() {
    const s = await agreementScenario(t);
    await s.credit('300000.00', '2026-01-14T10:00:00+08:00');
    await s.sweep('2026-02-24');
    const alertId: string = (await s.alerts())[0].id;
    const notify = async (at: string) =>
      (await must(t.gql<{ recordContractorNotified: any }>(s.bankToken, NOTIFIED, { id: alertId, at })))
        .recordContractorNotified;
    const report = async (at: string) =>
      (await must(t.gql<{ recordContractorReport: any }>(s.contractorToken, REPORTED, { id: alertId, at })))
        .recordContractorReport;
    const notices = async (topic: string) =>
      (
        await pg.query(
          `select recipient, payload->'escalation' as escalation from outbox_notice
            where payload->>'alertId' = $1 and topic = $2 order by recipient`,
          [alertId, topic],
        )
      ).rows;
    return { ...s, alertId, notify, report, notices };
  }

  it('notice first: the hub escalates the contractor, then its back-dated report retracts it', async () => {
    const s = await missedFebruary();
    const notified = await s.notify('2026-02-26T10:00:00+08:00');
    expect(notified).toMatchObject({
      contractorNotifiedAt: '2026-02-26T02:00:00.000Z',
      contractorReportDeadline: '2026-03-02',
      escalations: [{ kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03', retractedOn: null }],
    });
    // the receipt time is the server's, beside the stated one
    expect(Date.parse(notified.contractorNotifiedRecordedAt)).toBeGreaterThanOrEqual(
      Date.parse('2026-03-05T10:00:00+08:00'),
    );
    expect(await s.notices('ALERT_ESCALATED')).toHaveLength(2);

    const reported = await s.report('2026-03-02T16:00:00+08:00');
    expect(reported.escalations).toEqual([
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03', retractedOn: '2026-03-05' },
    ]);
    expect(reported.contractorReportedRecordedAt).not.toBeNull();
    // Everyone the escalation went to hears it is taken back; what was sent stays in the log.
    expect(await s.notices('ESCALATION_RETRACTED')).toEqual(
      ['HOUSING:210502', 'HRSS:210502', 'LIAONING_WARNING_SYSTEM'].map((recipient) => ({
        recipient,
        escalation: { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03' },
      })),
    );
    expect(await s.notices('ALERT_ESCALATED')).toHaveLength(2);
    // Nothing acts on a retracted escalation: no case is filed from it.
    const filed = await t.gql(s.admin, FROM_ALERT, { a: s.alertId });
    expect(filed.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'alertId' } });
    expect(filed.errors?.[0].message).toMatch(/no CONTRACTOR_REPORT_OVERDUE escalation in force/);
    // A sweep afterwards agrees, and writes nothing more.
    const again = await s.sweep('2026-03-04');
    expect(again).toMatchObject({ escalations: 0, alertsOpened: 0 });
    expect((await s.alerts())[0].escalations).toEqual([
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03' },
    ]);
    expect(await s.notices('ESCALATION_RETRACTED')).toHaveLength(3);
  });

  it('report first: the escalations the sweep sent are retracted, kept visible, not erased', async () => {
    const s = await missedFebruary();
    const swept = await s.sweep('2026-03-04'); // no steps yet: the fallback deadline 03-03 has passed
    expect(swept.escalations).toBe(2);
    await s.report('2026-03-02T16:00:00+08:00');
    const after = await s.notify('2026-02-26T10:00:00+08:00');
    expect(after.escalations).toEqual([
      { kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-28', retractedOn: '2026-03-05' },
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-04', retractedOn: '2026-03-05' },
    ]);
    expect((await s.notices('ESCALATION_RETRACTED')).map((n) => n.escalation.kind).sort()).toEqual([
      ...Array(3).fill('BANK_NOTICE_OVERDUE'),
      ...Array(3).fill('CONTRACTOR_REPORT_OVERDUE'),
    ]);
    const filed = await t.gql(s.admin, FROM_ALERT, { a: s.alertId });
    expect(filed.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('an escalation true again after its retraction is a new entry, announced again', async () => {
    const s = await missedFebruary();
    await s.sweep('2026-03-04');
    // In time for the fallback deadline (03-03), so retracted …
    const reported = await s.report('2026-03-03T16:00:00+08:00');
    expect(reported.escalations.filter((e: any) => e.retractedOn === null)).toEqual([
      { kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-28', retractedOn: null },
    ]);
    // … until the bank's back-dated notice shows the contractor's deadline was 03-02.
    const notified = await s.notify('2026-02-26T10:00:00+08:00');
    expect(notified.escalations).toEqual([
      { kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-28', retractedOn: '2026-03-05' },
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-04', retractedOn: '2026-03-05' },
      { kind: 'CONTRACTOR_REPORT_OVERDUE', on: '2026-03-03', retractedOn: null },
    ]);
    const escalated = await s.notices('ALERT_ESCALATED');
    expect(escalated.map((n) => n.escalation.on)).toEqual(
      expect.arrayContaining(['2026-03-03', '2026-03-04']),
    );
    expect(escalated).toHaveLength(6);
    // The current escalation acts: the case is filed.
    await must(t.gql(s.admin, FROM_ALERT, { a: s.alertId }));
  });
});
