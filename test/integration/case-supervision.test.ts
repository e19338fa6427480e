import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must, registerProject, seedBasics } from '../support/fixtures';
import type { Caller } from '../../src/auth/caller';

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
    Promise.all(
      ['wage_case_assessment', 'wage_case_referral', 'wage_case_transition'].map(async (table) =>
        Number((await pg.query(`select count(*) from ${table}`)).rows[0].count),
      ),
    );
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
