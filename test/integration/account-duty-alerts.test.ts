import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { useDutyHub } from '../support/duty-hub';
import { must, registerAgreement } from '../support/fixtures';
import { dutyProject, DUTY_ALERT_FIELDS, FILE_FROM_ALERT } from '../support/duty-fixtures';
import { setClock } from '../../src/clock';
import { TEST_NOW } from '../support/test-clock';

const FILING = `mutation($i: SpecialAccountFilingInput!) { recordSpecialAccountFiling(input: $i) {
  id projectId filedOn filedWith reference } }`;
const FUNDING = `mutation($i: FundingArrangementInput!) { recordFundingArrangement(input: $i) {
  id projectId verifiedOn source amount reference } }`;
const OBJECTION = `mutation($i: FreezeObjectionInput!) { recordFreezeObjection(input: $i) {
  id alertId objectedOn reference } }`;
const FREEZE_FIELDS = `freeze { court orderNo amount objectionDeadline objectionWorkingDays objectedOn objectionReference }`;

/**
 * The special account's own duty alerts (R5, R10, R13) through their lives on the 2026 calendar:
 * each opens (at the sweep of its last day, or at once for a bank's event), is sent to whom it
 * concerns, escalates past its correction deadline, becomes a case, names its penalty (or none),
 * and resolves when the facts catch up.
 */
describe('special account duty alerts', () => {
  let t: TestHub;
  let pg: Client;
  const { notices } = useDutyHub((hub, client) => {
    t = hub;
    pg = client;
  });
  /**
   * Runs `act` on `day` (the hub's clock set to 10:00 that day, back to the test's instant after):
   * a fact is recorded on the day it happened, with tokens issued that day.
   */
  const on = async <T>(day: string, act: (tokens: Tokens) => Promise<T>): Promise<T> => {
    setClock(`${day}T10:00:00+08:00`);
    try {
      return await act({
        admin: t.token({ org: 'HRSS', district: '210500' }),
        hrss: t.token({ org: 'HRSS', district: '210502' }),
        housing: t.token({ org: 'HOUSING', district: '210502' }),
        police: t.token({ org: 'POLICE', district: '210502' }),
      });
    } finally {
      setClock(TEST_NOW);
    }
  };
  type Tokens = { admin: string; hrss: string; housing: string; police: string };

  afterEach(() => setClock(TEST_NOW));

  type P = Awaited<ReturnType<typeof dutyProject>>;
  const accountNo = () => `6222${randomBytes(6).toString('hex').replace(/[a-f]/g, '7')}`;
  const openAccount = async (p: P, day: string, no = accountNo()) => {
    await on(day, (k) =>
      registerAgreement(t, k.admin, {
        projectId: p.projectId,
        bankCode: p.bankCode,
        accountNo: no,
        startsOn: day,
      }),
    );
    return no;
  };
  /** the bank's push through POST /banks/{code}/events, on the day of its events */
  const push = (p: P, events: Record<string, unknown>[]) =>
    on(String(events[0].bookedAt).slice(0, 10), () =>
      t.push(p.bankCode, p.secret, JSON.stringify({ events })),
    );
  const event = (no: string, type: string, bookedAt: string, more: Record<string, unknown> = {}) => ({
    bankEventId: `${type}-${randomBytes(4).toString('hex')}`,
    accountNo: no,
    type,
    bookedAt,
    ...more,
  });

  it('SPECIAL_ACCOUNT_NOT_OPENED: signed 2026-09-01, due 10-08 after National Day; resolved on the agreement', async () => {
    const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
    await p.sweep('2026-10-07');
    expect(await p.alerts('SPECIAL_ACCOUNT_NOT_OPENED')).toEqual([]);

    await p.sweep('2026-10-08');
    const [opened] = await p.alerts('SPECIAL_ACCOUNT_NOT_OPENED');
    expect(opened).toMatchObject({
      status: 'OPEN',
      dueDate: '2026-10-08',
      correctionDeadline: '2026-10-21', // 10-09, Saturday 10-10 worked, 10-12…16, 10-19…21
      escalations: [],
      penalty: { code: 'P2', article: 'art. 55', partyUscc: p.contractorUscc },
    });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.contractorUscc,
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);

    await p.sweep('2026-10-22');
    const [escalated] = await p.alerts('SPECIAL_ACCOUNT_NOT_OPENED');
    expect(escalated.escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-10-22', retractedOn: null },
    ]);
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining([
        'ALERT_ESCALATED ENTERPRISE:' + p.contractorUscc,
        'ALERT_ESCALATED HRSS:210502',
        'WARNING_SYSTEM_HANDOVER LIAONING_WARNING_SYSTEM',
      ]),
    );
    const filed = await must(
      t.gql<{ fileCaseFromAlert: any }>(p.admin, FILE_FROM_ALERT, { a: opened.id, on: '2026-10-22' }),
    );
    expect(filed.fileCaseFromAlert).toMatchObject({ source: 'ALERT', employer: { uscc: p.contractorUscc } });

    // the agreement's registration is the evidence of opening: resolved at once, that day
    await openAccount(p, '2026-10-23');
    const [resolved] = await p.alerts('SPECIAL_ACCOUNT_NOT_OPENED');
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedOn: '2026-10-23' });
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining(['ALERT_RESOLVED ENTERPRISE:' + p.contractorUscc, 'ALERT_RESOLVED HRSS:210502']),
    );
  });

  it('SPECIAL_ACCOUNT_NOT_FILED: opened 2026-09-05 (bank event), due 10-08; the filing resolves it', async () => {
    const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
    const no = await openAccount(p, '2026-09-05');
    // the bank's ACCOUNT_OPENED says the same day; the earliest evidence counts
    expect((await push(p, [event(no, 'ACCOUNT_OPENED', '2026-09-05T09:00:00+08:00')])).body.accepted).toBe(1);
    await p.sweep('2026-10-07');
    expect(await p.alerts('SPECIAL_ACCOUNT_NOT_FILED')).toEqual([]);
    await p.sweep('2026-10-08');
    const [opened] = await p.alerts('SPECIAL_ACCOUNT_NOT_FILED');
    expect(opened).toMatchObject({ status: 'OPEN', dueDate: '2026-10-08', penalty: null });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.contractorUscc,
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);
    await p.sweep('2026-10-22');
    expect((await p.alerts('SPECIAL_ACCOUNT_NOT_FILED'))[0].escalations).toHaveLength(1);
    const filed = await must(
      t.gql<{ fileCaseFromAlert: any }>(p.admin, FILE_FROM_ALERT, { a: opened.id, on: '2026-10-22' }),
    );
    expect(filed.fileCaseFromAlert.employer.uscc).toBe(p.contractorUscc);

    const answers = await on('2026-10-23', async (k) => ({
      // refused, naming the field, nothing stored: before the opening; not a supervising department
      early: await t.gql(k.housing, FILING, {
        i: { projectId: p.projectId, filedOn: '2026-09-01', reference: '平住建备〔2026〕9号' },
      }),
      police: await t.gql(k.police, FILING, {
        i: { projectId: p.projectId, filedOn: '2026-10-23', reference: 'x' },
      }),
      ok: await must(
        t.gql<{ recordSpecialAccountFiling: any }>(k.housing, FILING, {
          i: { projectId: p.projectId, filedOn: '2026-10-23', reference: '平住建备〔2026〕9号' },
        }),
      ),
      again: await t.gql(k.hrss, FILING, {
        i: { projectId: p.projectId, filedOn: '2026-10-23', reference: 'again' },
      }),
    }));
    expect(answers.early.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'filedOn' },
    });
    expect(answers.police.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(answers.ok.recordSpecialAccountFiling).toMatchObject({
      filedOn: '2026-10-23',
      filedWith: 'HOUSING:210502',
    });
    expect(answers.again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    const [resolved] = await p.alerts('SPECIAL_ACCOUNT_NOT_FILED');
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedOn: '2026-10-23' });
    expect(await notices(opened.id)).toEqual(expect.arrayContaining(['ALERT_RESOLVED HRSS:210502']));
  });

  it('SPECIAL_ACCOUNT_CLOSED_EARLY: a closing before completion opens at the push, to HRSS; reopening resolves it', async () => {
    const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
    const no = await openAccount(p, '2026-09-03');
    await on('2026-09-04', (k) =>
      must(
        t.gql(k.housing, FILING, { i: { projectId: p.projectId, filedOn: '2026-09-04', reference: 'B-1' } }),
      ),
    );
    const res = await push(p, [event(no, 'ACCOUNT_CLOSED', '2026-11-02T09:30:00+08:00')]);
    expect(res.body.accepted).toBe(1);
    // no sweep: opened by the push itself
    const [opened] = await p.alerts('SPECIAL_ACCOUNT_CLOSED_EARLY');
    expect(opened).toMatchObject({
      status: 'OPEN',
      dueDate: '2026-11-02',
      duty: { reasons: 'works not complete; no 30 days of publicity' },
      penalty: { code: 'P2', partyUscc: p.contractorUscc },
    });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.contractorUscc,
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);
    await p.sweep('2026-11-17'); // correction deadline 11-16: 10 working days after 11-02
    expect((await p.alerts('SPECIAL_ACCOUNT_CLOSED_EARLY'))[0].escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-11-17', retractedOn: null },
    ]);
    await push(p, [event(no, 'ACCOUNT_OPENED', '2026-11-18T09:30:00+08:00')]);
    const [resolved] = await p.alerts('SPECIAL_ACCOUNT_CLOSED_EARLY');
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedOn: '2026-11-18' });
    expect(await notices(opened.id)).toEqual(expect.arrayContaining(['ALERT_RESOLVED HRSS:210502']));
  });

  it('FUNDING_NOT_ARRANGED: a government investment starting 2026-09-10 unverified the day before; to the government', async () => {
    const p = await dutyProject(t, { contractSignedOn: '2026-09-01', governmentInvestment: true });
    await openAccount(p, '2026-09-02');
    const project = await must(
      t.gql<{ project: { governmentInvestment: boolean } }>(
        p.admin,
        `query($id: ID!) { project(id: $id) { governmentInvestment } }`,
        { id: p.projectId },
      ),
    );
    expect(project.project.governmentInvestment).toBe(true);
    await p.sweep('2026-09-08');
    expect(await p.alerts('FUNDING_NOT_ARRANGED')).toEqual([]);
    await p.sweep('2026-09-09');
    const [opened] = await p.alerts('FUNDING_NOT_ARRANGED');
    expect(opened).toMatchObject({ status: 'OPEN', dueDate: '2026-09-09', penalty: null });
    expect(await notices(opened.id)).toEqual([
      'ALERT_OPENED ENTERPRISE:' + p.ownerUscc,
      'ALERT_OPENED GOVERNMENT:210502',
      'ALERT_OPENED HOUSING:210502',
      'ALERT_OPENED HRSS:210502',
    ]);
    // 10 working days after 09-09: 09-10, 09-11, 09-14…18, Sunday 09-20 worked, 09-21, 09-22
    await p.sweep('2026-09-23');
    expect((await p.alerts('FUNDING_NOT_ARRANGED'))[0].escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-09-23', retractedOn: null },
    ]);
    expect(await notices(opened.id)).toEqual(expect.arrayContaining(['ALERT_ESCALATED GOVERNMENT:210502']));
    const filed = await must(
      t.gql<{ fileCaseFromAlert: any }>(p.admin, FILE_FROM_ALERT, { a: opened.id, on: '2026-09-23' }),
    );
    expect(filed.fileCaseFromAlert.employer.uscc).toBe(p.ownerUscc);

    const plain = await dutyProject(t, { contractSignedOn: '2026-09-01' });
    const answers = await on('2026-09-24', async (k) => ({
      bad: await t.gql(k.hrss, FUNDING, {
        i: { projectId: p.projectId, verifiedOn: '2026-09-24', source: ' ', reference: 'F-1' },
      }),
      ok: await must(
        t.gql<{ recordFundingArrangement: any }>(k.hrss, FUNDING, {
          i: {
            projectId: p.projectId,
            verifiedOn: '2026-09-24',
            source: '区级财政预算',
            amount: '12000000.00',
            reference: 'F-1',
          },
        }),
      ),
      notGovernment: await t.gql(k.hrss, FUNDING, {
        i: { projectId: plain.projectId, verifiedOn: '2026-09-24', source: '区级财政预算', reference: 'F-2' },
      }),
    }));
    expect(answers.bad.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'source' },
    });
    expect(answers.ok.recordFundingArrangement).toMatchObject({
      verifiedOn: '2026-09-24',
      amount: '12000000.00',
    });
    expect(answers.notGovernment.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT', field: 'projectId' },
    });
    expect((await p.alerts('FUNDING_NOT_ARRANGED'))[0]).toMatchObject({
      status: 'RESOLVED',
      resolvedOn: '2026-09-24',
    });
    expect(await notices(opened.id)).toEqual(
      expect.arrayContaining(['ALERT_RESOLVED ENTERPRISE:' + p.ownerUscc]),
    );
  });

  describe('SPECIAL_ACCOUNT_FREEZE', () => {
    const freezeAlerts = async (p: P) =>
      (
        await must(
          t.gql<{ project: { alerts: { edges: { node: any }[] } } }>(
            p.admin,
            `query($id: ID!) { project(id: $id) { alerts(first: 10, filter: { kind: SPECIAL_ACCOUNT_FREEZE }) {
               edges { node { ${DUTY_ALERT_FIELDS} ${FREEZE_FIELDS} } } } } }`,
            { id: p.projectId },
          ),
        )
      ).project.alerts.edges.map((e) => e.node);

    it('a push opens it at once with the court order, to HRSS, the authority and the court; an objection resolves it', async () => {
      const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
      const no = await openAccount(p, '2026-09-03');
      const res = await push(p, [
        event(no, 'FREEZE_ATTEMPT', '2026-09-30T09:15:00+08:00', {
          amount: '50000.00',
          court: '本溪市平山区人民法院',
          orderNo: '(2026)辽0502执123号',
        }),
      ]);
      expect(res.body).toMatchObject({ accepted: 1, rejected: [] });
      const [opened] = await freezeAlerts(p);
      expect(opened).toMatchObject({
        status: 'OPEN',
        dueDate: '2026-09-30',
        correctionDeadline: '2026-10-13', // 10-08, 10-09, Saturday 10-10 worked, 10-12, 10-13
        penalty: null,
        freeze: {
          court: '本溪市平山区人民法院',
          orderNo: '(2026)辽0502执123号',
          amount: '50000.00',
          objectionDeadline: '2026-10-13',
          objectionWorkingDays: 5,
          objectedOn: null,
        },
      });
      expect(await notices(opened.id)).toEqual([
        'ALERT_OPENED COURT:210502',
        'ALERT_OPENED HOUSING:210502',
        'ALERT_OPENED HRSS:210502',
      ]);
      const payload = (
        await pg.query(
          `select payload from outbox_notice where payload->>'alertId' = $1 and recipient like 'COURT:%'`,
          [opened.id],
        )
      ).rows[0].payload;
      expect(payload.details).toMatchObject({
        court: '本溪市平山区人民法院',
        orderNo: '(2026)辽0502执123号',
      });

      await p.sweep('2026-10-12');
      expect((await freezeAlerts(p))[0].escalations).toEqual([]);
      const answers = await on('2026-10-12', async (k) => ({
        police: await t.gql(k.police, OBJECTION, {
          i: { alertId: opened.id, objectedOn: '2026-10-12', reference: 'x' },
        }),
        ok: await must(
          t.gql(k.hrss, OBJECTION, {
            i: { alertId: opened.id, objectedOn: '2026-10-12', reference: '平人社异〔2026〕3号' },
          }),
        ),
      }));
      expect(answers.police.errors?.[0]).toBeDefined();
      const [resolved] = await freezeAlerts(p);
      expect(resolved).toMatchObject({
        status: 'RESOLVED',
        resolvedOn: '2026-10-12',
        freeze: { objectedOn: '2026-10-12', objectionReference: '平人社异〔2026〕3号' },
      });
      expect(await notices(opened.id)).toEqual(
        expect.arrayContaining(['ALERT_RESOLVED COURT:210502', 'ALERT_RESOLVED HRSS:210502']),
      );
    });

    it('not objected to within the period: escalates, to the court too, and becomes a case', async () => {
      const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
      const no = await openAccount(p, '2026-09-03');
      expect((await push(p, [event(no, 'FREEZE_ATTEMPT', '2026-09-24T09:15:00+08:00')])).body.accepted).toBe(
        1,
      );
      const [opened] = await freezeAlerts(p);
      expect(opened.freeze).toMatchObject({
        court: null,
        orderNo: null,
        amount: null,
        objectionDeadline: '2026-10-09', // 09-28, 09-29, 09-30, 10-08, 10-09
      });
      await p.sweep('2026-10-10');
      expect((await freezeAlerts(p))[0].escalations).toEqual([
        { kind: 'CORRECTION_OVERDUE', on: '2026-10-10', retractedOn: null },
      ]);
      expect(await notices(opened.id)).toEqual(
        expect.arrayContaining(['ALERT_ESCALATED COURT:210502', 'ALERT_ESCALATED HRSS:210502']),
      );
      const filed = await must(
        t.gql<{ fileCaseFromAlert: any }>(p.admin, FILE_FROM_ALERT, { a: opened.id, on: '2026-10-10' }),
      );
      expect(filed.fileCaseFromAlert).toMatchObject({
        alertId: opened.id,
        employer: { uscc: p.contractorUscc },
      });
    });

    it('through GraphQL too (ingestAccountEvents): the court and order stored with the event, the alert opened', async () => {
      const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
      const no = await openAccount(p, '2026-09-03');
      const res = await on('2026-10-15', () =>
        must(
          t.gql<{ ingestAccountEvents: any }>(
            t.token({ org: 'BANK', bank: p.bankCode }),
            `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted rejected { code message } } }`,
            {
              e: [
                event(no, 'FREEZE_ATTEMPT', '2026-10-15T09:00:00+08:00', {
                  amount: '8000.00',
                  court: '本溪市中级人民法院',
                  orderNo: '(2026)辽05执9号',
                }),
              ],
            },
          ),
        ),
      );
      expect(res.ingestAccountEvents).toEqual({ accepted: 1, rejected: [] });
      const stored = await pg.query(
        `select court, order_no, amount_fen::text as amount from account_event where account_no = $1 and type = 'FREEZE_ATTEMPT'`,
        [no],
      );
      expect(stored.rows).toEqual([
        { court: '本溪市中级人民法院', order_no: '(2026)辽05执9号', amount: '800000' },
      ]);
      const [opened] = await freezeAlerts(p);
      expect(opened.freeze).toMatchObject({
        court: '本溪市中级人民法院',
        amount: '8000.00',
        objectionDeadline: '2026-10-22',
      });
    });

    it('court and orderNo only on a FREEZE_ATTEMPT, refused by name', async () => {
      const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
      const no = await openAccount(p, '2026-09-03');
      const res = await push(p, [
        event(no, 'CREDIT', '2026-09-03T11:00:00+08:00', { amount: '1.00', court: '本溪市中级人民法院' }),
      ]);
      expect(res.body.rejected).toEqual([
        expect.objectContaining({ code: 'INVALID_FIELD', message: 'court: only for a FREEZE_ATTEMPT' }),
      ]);
    });

    it('opened in the push’s own transaction: a push that fails after the events leaves neither alert nor notice', async () => {
      const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
      const no = await openAccount(p, '2026-09-03');
      // a fault after the events and the alert were written: the archive's count update fails
      await pg.query(`create or replace function fail_archive_update() returns trigger language plpgsql as $$
        begin if new.bank_code = '${p.bankCode}' then raise exception 'injected fault'; end if; return new; end $$`);
      await pg.query(`create trigger fail_archive_update before update on inbound_document
        for each row execute function fail_archive_update()`);
      const freeze = event(no, 'FREEZE_ATTEMPT', '2026-09-30T09:15:00+08:00', {
        court: '本溪市明山区人民法院',
      });
      try {
        const failed = await push(p, [freeze]);
        expect(failed.status).toBeGreaterThanOrEqual(500);
      } finally {
        await pg.query(`drop trigger fail_archive_update on inbound_document`);
      }
      expect(await freezeAlerts(p)).toEqual([]);
      const left = await pg.query(
        `select (select count(*)::int from outbox_notice
                  where payload->>'projectId' = $1 and payload->>'kind' = 'SPECIAL_ACCOUNT_FREEZE') as notices,
                (select count(*)::int from account_event where bank_event_id = $2) as events`,
        [p.projectId, freeze.bankEventId],
      );
      expect(left.rows[0]).toEqual({ notices: 0, events: 0 });

      // the bank's retry goes through: alert and court notice together
      expect((await push(p, [freeze])).body.accepted).toBe(1);
      const [opened] = await freezeAlerts(p);
      expect(await notices(opened.id)).toContain('ALERT_OPENED COURT:210502');
    });
  });
});

describe('a freeze before city HRSS has set watchedFrom', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
  });
  afterAll(async () => {
    setClock(TEST_NOW);
    await t.close();
  });

  it('is flagged all the same (R10: at once), and escalates at the sweep; nothing else is raised', async () => {
    const p = await dutyProject(t, { contractSignedOn: '2026-09-01' });
    const no = `6222${randomBytes(6).toString('hex').replace(/[a-f]/g, '3')}`;
    await registerAgreement(t, p.admin, { projectId: p.projectId, bankCode: p.bankCode, accountNo: no });
    setClock('2026-11-02T10:00:00+08:00');
    const res = await t.push(
      p.bankCode,
      p.secret,
      JSON.stringify({
        events: [
          {
            bankEventId: 'frz-1',
            accountNo: no,
            type: 'FREEZE_ATTEMPT',
            bookedAt: '2026-11-02T09:00:00+08:00',
          },
        ],
      }),
    );
    setClock(TEST_NOW);
    expect(res.body.accepted).toBe(1);
    const [opened] = await p.alerts('SPECIAL_ACCOUNT_FREEZE');
    expect(opened).toMatchObject({ status: 'OPEN', dueDate: '2026-11-02', correctionDeadline: '2026-11-09' });
    await p.sweep('2026-11-10');
    expect((await p.alerts('SPECIAL_ACCOUNT_FREEZE'))[0].escalations).toEqual([
      { kind: 'CORRECTION_OVERDUE', on: '2026-11-10', retractedOn: null },
    ]);
    // the account was never filed and no deposit made: not watched yet, so not raised
    expect(await p.alerts('SPECIAL_ACCOUNT_NOT_FILED')).toEqual([]);
    expect(await p.alerts('DEPOSIT_MISSING')).toEqual([]);
  });
});
