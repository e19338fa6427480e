import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must, registerProject, seedBasics } from '../support/fixtures';
import type { Caller } from '../../src/auth/caller';
import { relayDueNotices, type OutboundNotice } from '../../src/services/notice-relay';
import { now as clockNow } from '../../src/clock';
import { newWebhookSecret } from '../support/test-hub';
import { tableCounts } from '../support/table-counts';

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const rid = (body17: string): string => {
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body17 + '10X98765432'[sum % 11];
};

const FILE = `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`;
const VERIFY = `mutation($c: ID!, $i: VerificationInput!) { verifyWageClaim(caseId: $c, input: $i) { id } }`;
const ORDER = `mutation($c: ID!, $on: Date!, $d: Date!) { orderPayment(caseId: $c, issuedOn: $on, deadline: $d) { id } }`;
const PAY = `mutation($c: ID!, $on: Date!, $a: Money!) { recordWagePayment(caseId: $c, paidOn: $on, amount: $a) { status } }`;
const FILE_CASE = `mutation($c: ID!, $on: Date!) { fileCase(caseId: $c, filedOn: $on) { status } }`;
const CLOSE = `mutation($c: ID!, $on: Date!) { closeCase(caseId: $c, on: $on, reason: "撤回") { status } }`;
const TRANSFER = `mutation($c: ID!, $on: Date!, $g: PoliceReferralGround) {
  transferToPolice(caseId: $c, on: $on, note: "转移资产", ground: $g) { status transferredOn policeReferralGround } }`;
const ASSESS = `mutation($c: ID!, $i: JointAssessmentInput!) { recordJointAssessment(caseId: $c, input: $i) {
  id assessedOn participants conclusion note recordedBy } }`;
const REFER = `mutation($c: ID!, $i: CaseReferralInput!) { recordCaseReferral(caseId: $c, input: $i) {
  id caseId kind referredOn referredTo outcomeOn outcome } }`;
const OUTCOME = `mutation($r: ID!, $on: Date!, $o: String!) { recordReferralOutcome(referralId: $r, outcomeOn: $on, outcome: $o) {
  id outcomeOn outcome } }`;
const CASE = `query($id: ID!) { wageCase(id: $id) { status assessments { assessedOn participants conclusion }
  referrals { kind referredTo referredOn outcomeOn outcome } } }`;
const ESCALATE = `mutation($c: ID!, $r: String!) { escalateCaseToGovernment(caseId: $c, reason: $r) {
  status escalatedToGovernmentOn governmentEscalationReason
  history { action fromStatus toStatus on by { org district } note } } }`;
const SET_DEADLINES = `mutation($u: Int!, $f: Int!, $from: Date) {
  setCaseDeadlineRules(unorderedWithinWorkingDays: $u, filedWithinWorkingDays: $f, effectiveFrom: $from) {
    effectiveFrom unorderedWithinWorkingDays filedWithinWorkingDays setBy } }`;
const DEADLINE_RULES = `{ caseDeadlineRules { effectiveFrom unorderedWithinWorkingDays filedWithinWorkingDays } }`;
const SET_ENDPOINT = `mutation($r: String!, $u: String!, $s: String!) {
  setNoticeEndpoint(recipient: $r, url: $u, webhookSecret: $s) { recipient } }`;
/** An 18-digit resident ID number anywhere in a text (masked ones carry asterisks). */
const ID_NUMBER = /\d{17}[\dX]/;
const ZERO = `query($asOf: Date, $n: Int) { dynamicZero(asOf: $asOf, casesPerRow: $n) { districtCode authority overdueCount
  cases { deadline deadlineBasis ageDays daysPastDeadline wageCase { id status receivedOn } } } }`;

describe('malicious arrears (M1), legal service (R11) and the dynamic zero (R12)', () => {
  let t: TestHub;
  let pg: Client;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  const projects: Record<string, string> = {};
  const tok = (org: string, district: string) =>
    t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}` });
  const counts = async () =>
    tableCounts(pg, ['wage_case_assessment', 'wage_case_referral', 'wage_case_transition', 'outbox_notice']);
  const refused = async (
    token: string,
    query: string,
    vars: Record<string, unknown>,
    code: string,
    field?: string,
  ) => {
    const before = await counts();
    const res = await t.gql(token, query, vars);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(res.errors?.[0]).toMatchObject({ extensions: { field } });
    expect(await counts()).toEqual(before);
    return res.errors![0];
  };
  const file = async (project: string, receivedOn: string): Promise<string> =>
    (
      await must(
        t.gql<{ fileWageClaim: { id: string } }>(seed.admin, FILE, {
          i: {
            source: 'HOTLINE',
            projectId: project,
            employerUscc: seed.contractorUscc,
            workers: 1,
            amount: '9000.00',
            receivedOn,
          },
        }),
      )
    ).fileWageClaim.id;
  const verify = (c: string, on: string) =>
    must(
      t.gql(seed.admin, VERIFY, {
        c,
        i: {
          debtorUscc: seed.contractorUscc,
          verifiedOn: on,
          lines: [
            {
              workerName: '王五',
              workerIdNumber: rid('21050219850312001'),
              monthsOwed: 2,
              amount: '9000.00',
            },
          ],
        },
      }),
    );
  /** The notices about a case, as stored in the outbox: "TOPIC RECIPIENT" and the payloads. */
  const caseNotices = async (caseId: string, topic: string) =>
    (
      await pg.query(
        `select recipient, payload from outbox_notice where topic = $1 and payload->>'caseId' = $2 order by recipient`,
        [topic, caseId],
      )
    ).rows as { recipient: string; payload: Record<string, unknown> }[];
  const assessment = (over: Record<string, unknown> = {}) => ({
    assessedOn: '2026-11-09',
    participants: ['HRSS:210502', 'HOUSING:210502', 'POLICE:210502', 'PROCURATORATE:210502'],
    conclusion: 'MALICIOUS_ARREARS',
    note: '有能力支付而拒不支付，转移工程款',
    ...over,
  });

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    seed = await seedBasics(t);
    for (const [key, industry, districtCode] of [
      ['PINGSHAN_HOUSING', 'HOUSING', '210502'],
      ['MINGSHAN_HOUSING', 'HOUSING', '210504'],
      ['MINGSHAN_WATER', 'WATER', '210504'],
    ]) {
      projects[key] = await registerProject(t, seed.admin, { ...seed, industry, districtCode });
    }
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('a joint assessment before a transfer on M2/M3 grounds (M1)', () => {
    it('refuses the M2 transfer without one, with a reason code; takes it after MALICIOUS_ARREARS', async () => {
      const hrss = tok('HRSS', '210502');
      const c = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      await verify(c, '2026-11-03');
      await must(t.gql(hrss, ORDER, { c, on: '2026-11-04', d: '2026-11-20' }));
      const none = await refused(
        hrss,
        TRANSFER,
        { c, on: '2026-11-10', g: 'ASSET_TRANSFER_OR_FLIGHT' },
        'CONFLICT',
        'ground',
      );
      expect(none).toMatchObject({ extensions: { reason: 'JOINT_ASSESSMENT_REQUIRED' } });
      expect(none.message).toMatch(/needs a joint assessment .* concluding MALICIOUS_ARREARS/);

      // bad input names the field and stores nothing
      await refused(
        hrss,
        ASSESS,
        { c, i: assessment({ participants: ['HRSS:210502', 'HOUSING:210502'] }) },
        'BAD_USER_INPUT',
        'participants',
      );
      await refused(
        hrss,
        ASSESS,
        { c, i: assessment({ participants: ['HRSS:210502', 'POLICE'] }) },
        'BAD_USER_INPUT',
        'participants[1]',
      );
      await refused(
        hrss,
        ASSESS,
        { c, i: assessment({ participants: ['HRSS:210502', 'BANK:210502', 'POLICE:210502'] }) },
        'BAD_USER_INPUT',
        'participants[1]',
      );
      await refused(
        hrss,
        ASSESS,
        { c, i: assessment({ note: `法人代表${rid('21050219700101001')}逃匿` }) },
        'BAD_USER_INPUT',
        'note',
      );
      await refused(
        hrss,
        ASSESS,
        { c, i: assessment({ assessedOn: '2026-12-02' }) },
        'BAD_USER_INPUT',
        'assessedOn',
      );
      await refused(
        hrss,
        ASSESS,
        { c, i: assessment({ assessedOn: '2026-11-01' }) },
        'BAD_USER_INPUT',
        'assessedOn',
      );
      // who: not another district's agency (it does not see the case), not the police (they assess, HRSS records)
      await refused(tok('HOUSING', '210503'), ASSESS, { c, i: assessment() }, 'NOT_FOUND');
      await refused(tok('POLICE', '210502'), ASSESS, { c, i: assessment() }, 'FORBIDDEN');

      // an assessment that found no malice does not open the way
      await must(t.gql(hrss, ASSESS, { c, i: assessment({ conclusion: 'NOT_MALICIOUS' }) }));
      const notMalicious = await refused(
        hrss,
        TRANSFER,
        { c, on: '2026-11-10', g: 'ASSET_TRANSFER_OR_FLIGHT' },
        'CONFLICT',
      );
      expect(notMalicious.message).toMatch(/concluded NOT_MALICIOUS/);

      const recorded = (
        await must(
          t.gql<{ recordJointAssessment: any }>(hrss, ASSESS, {
            c,
            i: assessment({ assessedOn: '2026-11-11' }),
          }),
        )
      ).recordJointAssessment;
      expect(recorded).toMatchObject({
        assessedOn: '2026-11-11',
        participants: ['HRSS:210502', 'HOUSING:210502', 'POLICE:210502', 'PROCURATORATE:210502'],
        conclusion: 'MALICIOUS_ARREARS',
        recordedBy: 'HRSS:210502',
      });
      // the assessment of 11-11 does not count for a transfer stated for 11-10
      await refused(hrss, TRANSFER, { c, on: '2026-11-10', g: 'ASSET_TRANSFER_OR_FLIGHT' }, 'CONFLICT');
      const moved = (
        await must(
          t.gql<{ transferToPolice: any }>(hrss, TRANSFER, {
            c,
            on: '2026-11-11',
            g: 'ASSET_TRANSFER_OR_FLIGHT',
          }),
        )
      ).transferToPolice;
      expect(moved).toMatchObject({
        status: 'TRANSFERRED',
        transferredOn: '2026-11-11',
        policeReferralGround: 'ASSET_TRANSFER_OR_FLIGHT',
      });
      const shown = (await must(t.gql<{ wageCase: any }>(tok('POLICE', '210502'), CASE, { id: c }))).wageCase;
      expect(shown.assessments.map((a: any) => [a.assessedOn, a.conclusion])).toEqual([
        ['2026-11-09', 'NOT_MALICIOUS'],
        ['2026-11-11', 'MALICIOUS_ARREARS'],
      ]);
    });

    it('M3 (a fabricated claim) needs ILLEGAL_WAGE_DEMAND, not MALICIOUS_ARREARS', async () => {
      const hrss = tok('HRSS', '210502');
      const c = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      await must(t.gql(hrss, ASSESS, { c, i: assessment() }));
      const wrong = await refused(
        hrss,
        TRANSFER,
        { c, on: '2026-11-10', g: 'FABRICATED_CLAIM' },
        'CONFLICT',
        'ground',
      );
      expect(wrong).toMatchObject({ extensions: { reason: 'JOINT_ASSESSMENT_REQUIRED' } });
      await must(
        t.gql(hrss, ASSESS, {
          c,
          i: assessment({
            assessedOn: '2026-11-10',
            conclusion: 'ILLEGAL_WAGE_DEMAND',
            note: '编造虚假事实，组织上访',
          }),
        }),
      );
      expect(
        (
          await must(
            t.gql<{ transferToPolice: any }>(hrss, TRANSFER, { c, on: '2026-11-10', g: 'FABRICATED_CLAIM' }),
          )
        ).transferToPolice.status,
      ).toBe('TRANSFERRED');
    });
  });

  describe('legal aid and union referrals (R11)', () => {
    it('records the date, to whom and the outcome, once; the body referred to may record it', async () => {
      const agency = tok('HOUSING', '210502');
      const c = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      const legalAid = (
        await must(
          t.gql<{ recordCaseReferral: any }>(agency, REFER, {
            c,
            i: {
              kind: 'LEGAL_AID',
              referredOn: '2026-11-05',
              referredTo: 'justice:210502',
              note: '申请法律援助',
            },
          }),
        )
      ).recordCaseReferral;
      expect(legalAid).toMatchObject({
        caseId: c,
        kind: 'LEGAL_AID',
        referredTo: 'JUSTICE:210502',
        outcome: null,
      });
      const union = (
        await must(
          t.gql<{ recordCaseReferral: any }>(agency, REFER, {
            c,
            i: { kind: 'UNION', referredOn: '2026-11-06', referredTo: 'UNION:210502' },
          }),
        )
      ).recordCaseReferral;
      await refused(
        agency,
        REFER,
        { c, i: { kind: 'LEGAL_AID', referredOn: '2026-11-05', referredTo: 'UNION:210502' } },
        'BAD_USER_INPUT',
        'referredTo',
      );
      await refused(
        agency,
        REFER,
        { c, i: { kind: 'UNION', referredOn: '2026-11-01', referredTo: 'UNION:210502' } },
        'BAD_USER_INPUT',
        'referredOn',
      );

      const outcome = (
        await must(
          t.gql<{ recordReferralOutcome: any }>(tok('JUSTICE', '210502'), OUTCOME, {
            r: legalAid.id,
            on: '2026-11-12',
            o: '已指派律师代理仲裁',
          }),
        )
      ).recordReferralOutcome;
      expect(outcome).toMatchObject({ outcomeOn: '2026-11-12', outcome: '已指派律师代理仲裁' });
      await refused(agency, OUTCOME, { r: legalAid.id, on: '2026-11-13', o: '再次' }, 'CONFLICT', 'outcome');
      // the union of another district does not see the case; the referral is not found for it
      await refused(tok('UNION', '210503'), OUTCOME, { r: union.id, on: '2026-11-13', o: 'x' }, 'NOT_FOUND');
      await must(t.gql(agency, OUTCOME, { r: union.id, on: '2026-11-20', o: '工会劳动法律监督员已介入' }));

      const shown = (await must(t.gql<{ wageCase: any }>(agency, CASE, { id: c }))).wageCase;
      expect(shown.referrals).toEqual([
        {
          kind: 'LEGAL_AID',
          referredTo: 'JUSTICE:210502',
          referredOn: '2026-11-05',
          outcomeOn: '2026-11-12',
          outcome: '已指派律师代理仲裁',
        },
        {
          kind: 'UNION',
          referredTo: 'UNION:210502',
          referredOn: '2026-11-06',
          outcomeOn: '2026-11-20',
          outcome: '工会劳动法律监督员已介入',
        },
      ]);
    });
  });

  describe('referral notices (R11): the body referred to, then the case’s agency', () => {
    it('sends CASE_REFERRED to JUSTICE:/UNION: in the referral’s transaction, with no ID numbers; the outcome tells the agency', async () => {
      const agency = tok('HOUSING', '210502');
      const c = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      await verify(c, '2026-11-03');
      const legalAid = (
        await must(
          t.gql<{ recordCaseReferral: any }>(agency, REFER, {
            c,
            i: {
              kind: 'LEGAL_AID',
              referredOn: '2026-11-05',
              referredTo: 'JUSTICE:210502',
              note: '王五申请法律援助',
            },
          }),
        )
      ).recordCaseReferral;
      await must(
        t.gql(tok('HRSS', '210502'), REFER, {
          c,
          i: { kind: 'UNION', referredOn: '2026-11-06', referredTo: 'UNION:210502' },
        }),
      );
      const referred = await caseNotices(c, 'CASE_REFERRED');
      expect(referred.map((n) => n.recipient)).toEqual(['JUSTICE:210502', 'UNION:210502']);
      expect(referred[0].payload).toEqual({
        referralId: legalAid.id,
        caseId: c,
        kind: 'LEGAL_AID',
        referredOn: '2026-11-05',
        districtCode: '210502',
        projectId: projects.PINGSHAN_HOUSING,
        projectName: expect.any(String),
        employerUscc: seed.contractorUscc,
        employerName: expect.any(String),
        workers: 1,
        claimedAmount: '9000.00',
        arrearsOutstanding: '9000.00',
        caseStatus: 'VERIFIED',
        routedTo: 'HOUSING:210502',
      });
      // the verified worker's name and ID number, and the note, stay in the hub
      for (const n of referred) {
        expect(JSON.stringify(n.payload)).not.toMatch(ID_NUMBER);
        expect(JSON.stringify(n.payload)).not.toMatch(/王五|申请/);
      }

      // a refused referral sends nothing (refused() counts the outbox too)
      await refused(
        agency,
        REFER,
        { c, i: { kind: 'UNION', referredOn: '2026-11-06', referredTo: 'UNION:110101' } },
        'BAD_USER_INPUT',
        'referredTo',
      );

      // the legal aid centre's system registers its webhook under JUSTICE:210502 and receives the notice
      const delivered: OutboundNotice[] = [];
      await must(
        t.gql(seed.admin, SET_ENDPOINT, {
          r: 'JUSTICE:210502',
          u: 'https://legal-aid.example.cn/hooks/wagewatch',
          s: newWebhookSecret(),
        }),
      );
      await relayDueNotices(t.hub.orm, new Date(clockNow().getTime() + 60_000), async (target, notice) => {
        if (target.url === 'https://legal-aid.example.cn/hooks/wagewatch') delivered.push(notice);
        return { ok: true, status: 200 };
      });
      expect(delivered.filter((n) => n.payload.caseId === c).map((n) => [n.topic, n.recipient])).toEqual([
        ['CASE_REFERRED', 'JUSTICE:210502'],
      ]);

      // the outcome, recorded by the legal aid centre, tells the case's agency; its text stays in the hub
      await must(
        t.gql(tok('JUSTICE', '210502'), OUTCOME, {
          r: legalAid.id,
          on: '2026-11-12',
          o: '已指派律师代理王五仲裁',
        }),
      );
      const outcome = await caseNotices(c, 'CASE_REFERRAL_OUTCOME');
      expect(outcome).toEqual([
        {
          recipient: 'HOUSING:210502',
          payload: {
            referralId: legalAid.id,
            caseId: c,
            kind: 'LEGAL_AID',
            referredTo: 'JUSTICE:210502',
            referredOn: '2026-11-05',
            outcomeOn: '2026-11-12',
            recordedBy: 'JUSTICE:210502',
          },
        },
      ]);
      // a second outcome is refused and tells no one again
      await refused(agency, OUTCOME, { r: legalAid.id, on: '2026-11-13', o: '再次' }, 'CONFLICT', 'outcome');
      expect(await caseNotices(c, 'CASE_REFERRAL_OUTCOME')).toHaveLength(1);
    });
  });

  describe('一事一议 (R20): an employer that cannot pay, put to the district government', () => {
    it('records it on the case and in its history, and notifies the district government and HRSS at once', async () => {
      const agency = tok('HOUSING', '210502');
      const c = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      await verify(c, '2026-11-03');
      await must(t.gql(agency, ORDER, { c, on: '2026-11-04', d: '2026-11-20' }));

      // bad input names the field; others may not; nothing is stored or sent (refused() counts the outbox)
      await refused(agency, ESCALATE, { c, r: '  ' }, 'BAD_USER_INPUT', 'reason');
      await refused(
        agency,
        ESCALATE,
        { c, r: `法人${rid('21050219700101001')}无力支付` },
        'BAD_USER_INPUT',
        'reason',
      );
      await refused(tok('HOUSING', '210503'), ESCALATE, { c, r: '无力支付' }, 'NOT_FOUND');
      await refused(tok('POLICE', '210502'), ESCALATE, { c, r: '无力支付' }, 'FORBIDDEN');
      await refused(tok('GOVERNMENT', '210502'), ESCALATE, { c, r: '无力支付' }, 'FORBIDDEN');

      const escalated = (
        await must(
          t.gql<{ escalateCaseToGovernment: any }>(agency, ESCALATE, {
            c,
            r: '企业资金链断裂，无力支付，提请区政府一事一议',
          }),
        )
      ).escalateCaseToGovernment;
      expect(escalated).toMatchObject({
        status: 'ORDERED', // the case goes on as it was: the escalation is recorded beside the state
        escalatedToGovernmentOn: '2026-12-01',
        governmentEscalationReason: '企业资金链断裂，无力支付，提请区政府一事一议',
      });
      expect(escalated.history.at(-1)).toEqual({
        action: 'ESCALATE_TO_GOVERNMENT',
        fromStatus: 'ORDERED',
        toStatus: 'ORDERED',
        on: '2026-12-01',
        by: { org: 'HOUSING', district: '210502' },
        note: '企业资金链断裂，无力支付，提请区政府一事一议',
      });

      const sent = await caseNotices(c, 'CASE_ESCALATED_TO_GOVERNMENT');
      expect(sent.map((n) => n.recipient)).toEqual(['GOVERNMENT:210502', 'HRSS:210502']);
      expect(sent[0].payload).toMatchObject({
        caseId: c,
        escalatedOn: '2026-12-01',
        escalatedBy: 'HOUSING:210502',
        districtCode: '210502',
        projectId: projects.PINGSHAN_HOUSING,
        employerUscc: seed.contractorUscc,
        workers: 1,
        claimedAmount: '9000.00',
        arrearsOutstanding: '9000.00',
        caseStatus: 'ORDERED',
        routedTo: 'HOUSING:210502',
      });
      for (const n of sent) {
        expect(JSON.stringify(n.payload)).not.toMatch(ID_NUMBER);
        expect(JSON.stringify(n.payload)).not.toMatch(/王五|资金链/); // names and the reason stay in the hub
      }
      // both notices were written by the escalation's own transaction: same instant
      const at = await pg.query(
        `select distinct created_at from outbox_notice where topic = 'CASE_ESCALATED_TO_GOVERNMENT' and payload->>'caseId' = $1`,
        [c],
      );
      expect(at.rows).toHaveLength(1);

      // once: the district HRSS trying again is told it was done
      const again = await refused(
        tok('HRSS', '210502'),
        ESCALATE,
        { c, r: '再次提请' },
        'CONFLICT',
        'escalatedToGovernmentOn',
      );
      expect(again).toMatchObject({ extensions: { reason: 'ALREADY_ESCALATED' } });
      expect(again.message).toMatch(/already escalated to the district government on 2026-12-01/);
    });

    it('is for the district HRSS too, and refuses a closed or paid case with CASE_CLOSED', async () => {
      const hrss = tok('HRSS', '210502');
      const open = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      expect(
        (await must(t.gql<{ escalateCaseToGovernment: any }>(hrss, ESCALATE, { c: open, r: '无力支付' })))
          .escalateCaseToGovernment.status,
      ).toBe('RECEIVED');
      expect((await caseNotices(open, 'CASE_ESCALATED_TO_GOVERNMENT')).map((n) => n.recipient)).toEqual([
        'GOVERNMENT:210502',
        'HRSS:210502',
      ]);

      const closed = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      await must(t.gql(seed.admin, CLOSE, { c: closed, on: '2026-11-10' }));
      const paid = await file(projects.PINGSHAN_HOUSING, '2026-11-02');
      await verify(paid, '2026-11-03');
      await must(t.gql(seed.admin, PAY, { c: paid, on: '2026-11-10', a: '9000.00' }));
      for (const [c, status] of [
        [closed, 'CLOSED'],
        [paid, 'PAID'],
      ]) {
        const res = await refused(hrss, ESCALATE, { c, r: '无力支付' }, 'CONFLICT', 'status');
        expect(res).toMatchObject({ extensions: { reason: 'CASE_CLOSED' } });
        expect(res.message).toContain(`the case is ${status}`);
      }
    });
  });

  describe('the dynamic zero (R12): open cases past their deadline, per district and authority', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const mingshan = projects.MINGSHAN_HOUSING;
      ids.A = await file(mingshan, '2026-09-28'); // nothing done: due 10 working days on, 10-16
      ids.B = await file(mingshan, '2026-10-08'); // ordered on 10-09 to pay by 10-23
      await verify(ids.B, '2026-10-09');
      await must(t.gql(seed.admin, ORDER, { c: ids.B, on: '2026-10-09', d: '2026-10-23' }));
      ids.C = await file(mingshan, '2026-09-28'); // paid in full on 10-15
      await verify(ids.C, '2026-09-29');
      await must(t.gql(seed.admin, PAY, { c: ids.C, on: '2026-10-15', a: '9000.00' }));
      ids.D = await file(mingshan, '2026-09-28'); // closed on 10-20
      await must(t.gql(seed.admin, CLOSE, { c: ids.D, on: '2026-10-20' }));
      ids.E = await file(mingshan, '2026-09-28'); // filed on 09-30: 60 working days, to 12-29
      await must(t.gql(seed.admin, FILE_CASE, { c: ids.E, on: '2026-09-30' }));
    });
    const zero = async (token: string, asOf: string, n?: number) =>
      (await must(t.gql<{ dynamicZero: any[] }>(token, ZERO, { asOf, n }))).dynamicZero;
    const row = (rows: any[], district: string, authority: string) =>
      rows.find((r) => r.districtCode === district && r.authority === authority);
    const nameOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id);

    it('counts a case past its deadline the day after it, not on it (National Day and its make-up day counted)', async () => {
      expect(row(await zero(seed.admin, '2026-10-16'), '210504', 'HOUSING').overdueCount).toBe(0);
      const on19 = row(await zero(seed.admin, '2026-10-19'), '210504', 'HOUSING');
      // A and D (closed only on 10-20); B's order runs to 10-23; C paid; E filed
      expect(on19.overdueCount).toBe(2);
      expect(on19.cases.map((c: any) => nameOf(c.wageCase.id)).sort()).toEqual(['A', 'D']);
      expect(on19.cases.find((c: any) => c.wageCase.id === ids.A)).toMatchObject({
        deadline: '2026-10-16',
        deadlineBasis: 'RECEIVED',
        ageDays: 21,
        daysPastDeadline: 3,
      });
      const on21 = row(await zero(seed.admin, '2026-10-21'), '210504', 'HOUSING');
      expect(on21.cases.map((c: any) => nameOf(c.wageCase.id))).toEqual(['A']);
      expect(row(await zero(seed.admin, '2026-10-23'), '210504', 'HOUSING').overdueCount).toBe(1);
      const on26 = row(await zero(seed.admin, '2026-10-26'), '210504', 'HOUSING');
      expect(
        on26.cases.map((c: any) => [nameOf(c.wageCase.id), c.deadlineBasis, c.daysPastDeadline]),
      ).toEqual([
        ['A', 'RECEIVED', 10],
        ['B', 'ORDER', 3],
      ]);
      // the filed case's 60 working days end on 12-29: not past on the tests' today
      const today = row(await zero(seed.admin, '2026-12-01'), '210504', 'HOUSING');
      expect(today.cases.map((c: any) => nameOf(c.wageCase.id))).toEqual(['A', 'B']);
    });

    it('counts by the deadlines city HRSS sets: a shorter one brings a case in, a longer one takes it out', async () => {
      const housing = async (asOf: string) => row(await zero(seed.admin, asOf), '210504', 'HOUSING');
      // city HRSS only; bad figures name the field and store nothing
      const rules = async () =>
        (await must(t.gql<{ caseDeadlineRules: any[] }>(seed.admin, DEADLINE_RULES))).caseDeadlineRules;
      expect(await rules()).toEqual([]);
      const denied = await t.gql(tok('HRSS', '210504'), SET_DEADLINES, { u: 5, f: 30, from: '2026-09-01' });
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      for (const [vars, field] of [
        [{ u: 0, f: 60 }, 'unorderedWithinWorkingDays'],
        [{ u: 10, f: 91 }, 'filedWithinWorkingDays'],
      ] as const) {
        const res = await t.gql(seed.admin, SET_DEADLINES, vars);
        expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
      }
      expect(await rules()).toEqual([]);

      // defaults: on 10-14 A (received 09-28) is within its 10 working days (to 10-16); E (filed 09-30) within 60
      expect((await housing('2026-10-14')).overdueCount).toBe(0);
      // from 09-01: 5 working days from receipt, 20 from filing
      const set = (
        await must(
          t.gql<{ setCaseDeadlineRules: any }>(seed.admin, SET_DEADLINES, {
            u: 5,
            f: 20,
            from: '2026-09-01',
          }),
        )
      ).setCaseDeadlineRules;
      expect(set).toEqual({
        effectiveFrom: '2026-09-01',
        unorderedWithinWorkingDays: 5,
        filedWithinWorkingDays: 20,
        setBy: 'HRSS:210500:test-user',
      });
      // A from 09-28: 09-29, 09-30, then National Day off, 10-08, 10-09, make-up Saturday 10-10 (5th)
      const shorter = await housing('2026-10-14');
      expect(
        shorter.cases.map((c: any) => [nameOf(c.wageCase.id), c.deadline, c.deadlineBasis]).sort(),
      ).toEqual([
        ['A', '2026-10-10', 'RECEIVED'],
        ['C', '2026-10-10', 'RECEIVED'], // verified, not ordered; paid only on 10-15
        ['D', '2026-10-10', 'RECEIVED'],
      ]);
      expect((await housing('2026-10-10')).overdueCount).toBe(0); // the deadline's own day is in time
      expect((await housing('2026-10-12')).overdueCount).toBe(3);
      // E, filed 09-30: October 8, 9, Saturday 10 (make-up), 12–16, 19–23, 26–30 (18); 11-02, 11-03 (20)
      const filed = (await housing('2026-12-01')).cases.find((c: any) => c.wageCase.id === ids.E);
      expect(filed).toMatchObject({ deadlineBasis: 'FILED', deadline: '2026-11-03' });

      // a version from 10-01 does not move counts that started before it (A received, E filed in September)
      await must(t.gql(seed.admin, SET_DEADLINES, { u: 30, f: 90, from: '2026-10-01' }));
      expect((await housing('2026-10-14')).overdueCount).toBe(3);
      // the same day's version replaced: longer periods take A, C and D out again on 10-14, and E out on 12-01
      await must(t.gql(seed.admin, SET_DEADLINES, { u: 15, f: 60, from: '2026-09-01' }));
      expect((await housing('2026-10-14')).overdueCount).toBe(0);
      // A's 15 working days end on 10-23, the day B's order ran to: a tie, so compared as a set
      const later = (await housing('2026-12-01')).cases;
      expect(later.map((c: any) => [nameOf(c.wageCase.id), c.deadline]).sort()).toEqual([
        ['A', '2026-10-23'],
        ['B', '2026-10-23'],
      ]);
      expect(await rules()).toEqual([
        { effectiveFrom: '2026-09-01', unorderedWithinWorkingDays: 15, filedWithinWorkingDays: 60 },
        { effectiveFrom: '2026-10-01', unorderedWithinWorkingDays: 30, filedWithinWorkingDays: 90 },
      ]);
      // back to the defaults for the tests that follow
      await pg.query(`delete from case_deadline_rules`);
    });

    it('has a row for every district and authority in scope, zeros included; bounded per row', async () => {
      const city = await zero(seed.admin, '2026-10-26');
      expect(city).toHaveLength(6 * 5);
      expect(row(city, '210504', 'WATER')).toEqual({
        districtCode: '210504',
        authority: 'WATER',
        overdueCount: 0,
        cases: [],
      });
      const housing = await zero(tok('HOUSING', '210504'), '2026-10-26', 1);
      expect(housing.map((r) => [r.districtCode, r.authority, r.overdueCount, r.cases.length])).toEqual([
        ['210504', 'HOUSING', 2, 1],
      ]);
      const water = await zero(tok('WATER', '210504'), '2026-10-26');
      expect(water).toEqual([{ districtCode: '210504', authority: 'WATER', overdueCount: 0, cases: [] }]);
      const districtHrss = await zero(tok('HRSS', '210504'), '2026-10-26');
      expect(districtHrss.map((r) => r.authority)).toEqual([
        'HOUSING',
        'TRANSPORT',
        'WATER',
        'BENGANG',
        'HRSS',
      ]);
      expect(await zero(t.token({ org: 'BANK', bank: seed.bankCode }), '2026-10-26')).toEqual([]);
      for (const [vars, field] of [
        [{ asOf: '2026-12-02' }, 'asOf'],
        [{ asOf: '2026-10-26', n: 101 }, 'casesPerRow'],
      ] as const) {
        const res = await t.gql(seed.admin, ZERO, vars);
        expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
      }
    });
  });
});
