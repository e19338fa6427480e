import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must, registerProject, seedBasics } from '../support/fixtures';
import type { Caller } from '../../src/auth/caller';

const SCORECARD = `query($p: ScorecardPeriodInput!, $d: String, $dep: String, $n: Int) {
  scorecard(period: $p, districtCode: $d, department: $dep, evidence: $n) {
    from asOf districtCode department
    k1 { projects passingJudged shareJudgedPassing met failing { totalCount ids }
         duties { duty requirement judged alertKinds failing { totalCount ids } } }
    k2 { registered withConstructionEvidence withoutEvidence { totalCount ids } unregisteredCases { totalCount ids }
         unregisteredClues { totalCount ids } share met }
    k3 { onTime late pending share met categories { category onTime late pending lateItems { totalCount ids } } }
    k4 { count met kinds { kind incidents { totalCount ids } } } } }`;

type Card = {
  from: string;
  asOf: string;
  districtCode: string | null;
  department: string | null;
  k1: {
    projects: number;
    passingJudged: number;
    shareJudgedPassing: number | null;
    met: boolean | null;
    failing: { totalCount: number; ids: string[] };
    duties: { duty: string; judged: boolean; failing: { totalCount: number; ids: string[] } | null }[];
  };
  k2: {
    registered: number;
    withConstructionEvidence: number;
    withoutEvidence: { totalCount: number; ids: string[] };
    unregisteredCases: { totalCount: number; ids: string[] };
    unregisteredClues: { totalCount: number; ids: string[] };
    share: number | null;
    met: boolean;
  };
  k3: {
    onTime: number;
    late: number;
    pending: number;
    met: boolean;
    categories: {
      category: string;
      onTime: number;
      late: number;
      pending: number;
      lateItems: { ids: string[] };
    }[];
  };
  k4: {
    count: number;
    met: boolean;
    kinds: { kind: string; incidents: { totalCount: number; ids: string[] } }[];
  };
};

/**
 * A small city, built through the API (projects, cases, clues, incidents) with the alerts the
 * sweeps would have opened written straight into the table (their derivation has its own tests).
 */
describe('the scorecard (R22, K1–K4) over a small constructed world', () => {
  let t: TestHub;
  let pg: Client;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  const p: Record<string, string> = {};
  const c: Record<string, string> = {};
  const i: Record<string, string> = {};
  const tok = (org: string, district: string) =>
    t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}` });
  const card = async (token: string, vars: Record<string, unknown>): Promise<Card> =>
    (await must(t.gql<{ scorecard: Card }>(token, SCORECARD, vars))).scorecard;
  const YEAR = { p: { year: 2026 } };
  const duty = (k: Card, d: string) => k.k1.duties.find((x) => x.duty === d)!;
  const cat = (k: Card, name: string) => k.k3.categories.find((x) => x.category === name)!;

  const alert = (
    project: string,
    kind: string,
    status: string,
    openedOn: string,
    resolvedOn: string | null,
  ) =>
    pg.query(
      `insert into alert (id, kind, status, project_id, due_date, shortfall_fen, opened_on, resolved_on,
         bank_notice_deadline, contractor_report_deadline, escalations)
       values ($1, $2, $3, $4, $5, 100, $5, $6, $5, $5, '[]')`,
      [randomUUID(), kind, status, project, openedOn, resolvedOn],
    );
  const claim = async (input: Record<string, unknown>) =>
    (
      await must(
        t.gql<{ fileWageClaim: { id: string } }>(
          seed.admin,
          `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`,
          { i: { employerUscc: seed.contractorUscc, workers: 2, amount: '18000.00', ...input } },
        ),
      )
    ).fileWageClaim.id;
  const close = (id: string, on: string) =>
    must(
      t.gql(
        seed.admin,
        `mutation($c: ID!, $on: Date!) { closeCase(caseId: $c, on: $on, reason: "已支付") { status } }`,
        { c: id, on },
      ),
    );
  const clue = async (input: Record<string, unknown>) =>
    (
      await must(
        t.gql<{ receiveClue: { clue: { id: string } } }>(
          seed.admin,
          `mutation($i: ClueInput!) { receiveClue(input: $i) { clue { id } } }`,
          {
            i: {
              source: 'NATIONAL_PLATFORM',
              employerUscc: seed.contractorUscc,
              workers: 3,
              amount: '27000.00',
              summary: '三名钢筋工反映被拖欠十月工资',
              ...input,
            },
          },
        ),
      )
    ).receiveClue.clue.id;
  const incident = async (input: Record<string, unknown>) =>
    (
      await must(
        t.gql<{ reportIncident: { id: string } }>(
          seed.admin,
          `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`,
          { i: { note: '工人聚集讨薪', ...input } },
        ),
      )
    ).reportIncident.id;

  beforeAll(async () => {
    t = await startTestHub();
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    seed = await seedBasics(t);
    const firms = { ownerUscc: seed.ownerUscc, contractorUscc: seed.contractorUscc };
    p.A = await registerProject(t, seed.admin, { ...firms, name: 'A 住宅' });
    p.B = await registerProject(t, seed.admin, { ...firms, name: 'B 住宅' });
    p.C = await registerProject(t, seed.admin, { ...firms, name: 'C 公路', industry: 'TRANSPORT' });
    p.D = await registerProject(t, seed.admin, { ...firms, name: 'D 明山区', districtCode: '210503' });
    // E: registered, no permit, agreement or account: no evidence of construction yet
    p.E = (
      await must(
        t.gql<{ registerProject: { id: string } }>(
          seed.admin,
          `mutation($i: ProjectInput!) { registerProject(input: $i) { id } }`,
          {
            i: {
              name: 'E 未开工',
              districtCode: '210502',
              industry: 'HOUSING',
              ...firms,
              contractPrice: '5000000.00',
              contractSignedOn: '2026-10-10',
            },
          },
        ),
      )
    ).registerProject.id;
    await alert(p.B, 'DEPOSIT_MISSING', 'OPEN', '2026-03-02', null); // fails WAGE_DEPOSIT all year
    await alert(p.C, 'RIGHTS_BOARD_MISSING', 'RESOLVED', '2025-11-03', '2025-12-31'); // put right before the year
    await alert(p.D, 'RIGHTS_BOARD_MISSING', 'RESOLVED', '2025-11-03', '2026-01-01'); // open on the year's first day
    await alert(p.D, 'MISSED_LABOR_COST_TRANSFER', 'WITHDRAWN', '2026-04-16', null); // never a miss
    await alert(p.A, 'RECONCILIATION_MISMATCH', 'OPEN', '2026-05-06', null); // not a duty

    // K3: received Monday 09-28, due 10-16 (10 working days across National Day and the make-up 10-10)
    c.onTime = await claim({ source: 'NATIONAL_PLATFORM', projectId: p.A, receivedOn: '2026-09-28' });
    await close(c.onTime, '2026-10-16');
    c.late = await claim({ source: 'NATIONAL_PLATFORM', projectId: p.A, receivedOn: '2026-09-28' });
    await close(c.late, '2026-10-17');
    c.opinion = await claim({ source: 'PUBLIC_OPINION', projectId: p.D, receivedOn: '2026-09-28' }); // open, late
    c.hotline = await claim({ source: 'HOTLINE', projectId: p.A, receivedOn: '2026-09-28' }); // open: not a K3 source
    c.noProject = await claim({ source: 'HOTLINE', districtCode: '210502', receivedOn: '2026-11-02' });
    c.clueLate = await clue({ sourceNumber: 'GZ2026-1102-001', projectId: p.A, receivedOn: '2026-11-02' });
    c.clueNoProject = await clue({
      sourceNumber: 'GZ2026-1102-002',
      districtCode: '210502',
      receivedOn: '2026-11-20',
    });

    i.mass = await incident({
      kind: 'MASS_INCIDENT',
      districtCode: '210502',
      projectId: p.B,
      occurredAt: '2026-05-01T10:00:00+08:00',
    });
    i.petition = await incident({
      kind: 'SKIP_LEVEL_PETITION',
      districtCode: '210503',
      occurredAt: '2026-01-01T00:30:00+08:00',
    });
    i.lastYear = await incident({
      kind: 'MAJOR_PUBLIC_OPINION',
      districtCode: '210502',
      occurredAt: '2025-12-31T23:30:00+08:00',
    });
  }, 60_000);

  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('city HRSS, 2026: K1 by duty with the failing projects, the two duties not judged, K1 not claimed met', async () => {
    const k = await card(seed.admin, YEAR);
    expect(k).toMatchObject({ from: '2026-01-01', asOf: '2026-12-01', districtCode: null, department: null });
    expect(k.k1).toMatchObject({ projects: 5, passingJudged: 3, shareJudgedPassing: 0.6, met: null });
    expect(new Set(k.k1.failing.ids)).toEqual(new Set([p.B, p.D]));
    expect(duty(k, 'WAGE_DEPOSIT').failing).toEqual({ totalCount: 1, ids: [p.B] });
    expect(duty(k, 'RIGHTS_BOARD').failing).toEqual({ totalCount: 1, ids: [p.D] });
    expect(duty(k, 'MONTHLY_LABOUR_COST').failing).toEqual({ totalCount: 0, ids: [] });
    expect(duty(k, 'LABOUR_CONTRACTS')).toMatchObject({ judged: true, failing: { totalCount: 0, ids: [] } });
    for (const d of ['REAL_NAME', 'CONTRACTOR_PAYS_WAGES'])
      expect(duty(k, d)).toMatchObject({ judged: false, failing: null });
  });

  it('K1: an alert resolved on the period’s first day fails it, resolved the day before does not', async () => {
    const k = await card(seed.admin, { p: { from: '2026-01-02', to: '2026-12-31' } });
    expect(k.asOf).toBe('2026-12-01'); // a period to date
    expect(k.k1.failing.ids).toEqual([p.B]);
  });

  it('K2: the library with and without evidence of construction, and the claims naming no registered project', async () => {
    const k = await card(seed.admin, YEAR);
    expect(k.k2).toMatchObject({
      registered: 5,
      withConstructionEvidence: 4,
      withoutEvidence: { totalCount: 1, ids: [p.E] },
      unregisteredCases: { totalCount: 1, ids: [c.noProject] },
      unregisteredClues: { totalCount: 1, ids: [c.clueNoProject] },
      share: 0.6667,
      met: false,
    });
  });

  it('K3: closed on the deadline day on time, the day after late, open past it late; a hotline case not counted', async () => {
    const k = await card(seed.admin, YEAR);
    expect(cat(k, 'CASE_NATIONAL_PLATFORM')).toMatchObject({
      onTime: 1,
      late: 1,
      lateItems: { ids: [c.late] },
    });
    expect(cat(k, 'CASE_PUBLIC_OPINION')).toMatchObject({
      onTime: 0,
      late: 1,
      lateItems: { ids: [c.opinion] },
    });
    // clue of 11-02 due 11-16, open on 12-01: late; clue of 11-20 due 12-04: pending
    expect(cat(k, 'CLUE_PLATFORMS')).toMatchObject({
      onTime: 0,
      late: 1,
      pending: 1,
      lateItems: { ids: [c.clueLate] },
    });
    expect(k.k3).toMatchObject({ onTime: 1, late: 3, pending: 1, met: false });
    expect(JSON.stringify(k.k3)).not.toContain(c.hotline);
  });

  it('K4: incidents of the year by kind, the one of 2025-12-31 23:30 Shanghai not counted', async () => {
    const k = await card(seed.admin, YEAR);
    expect(k.k4).toMatchObject({ count: 2, met: false });
    expect(k.k4.kinds.find((x) => x.kind === 'MASS_INCIDENT')!.incidents.ids).toEqual([i.mass]);
    expect(k.k4.kinds.find((x) => x.kind === 'SKIP_LEVEL_PETITION')!.incidents.ids).toEqual([i.petition]);
    expect(k.k4.kinds.find((x) => x.kind === 'MAJOR_PUBLIC_OPINION')!.incidents.totalCount).toBe(0);
    const y2025 = await card(seed.admin, { p: { year: 2025 } });
    expect(y2025.k4.kinds.find((x) => x.kind === 'MAJOR_PUBLIC_OPINION')!.incidents.ids).toEqual([
      i.lastYear,
    ]);
  });

  it('a district HRSS sees its district; another district is refused naming the field', async () => {
    const hrss = tok('HRSS', '210502');
    const k = await card(hrss, YEAR);
    expect(k.districtCode).toBe('210502');
    expect(k.k1).toMatchObject({ projects: 4, failing: { ids: [p.B] } });
    expect(k.k4.count).toBe(1);
    expect(cat(k, 'CASE_PUBLIC_OPINION').late).toBe(0);
    const res = await t.gql(hrss, SCORECARD, { ...YEAR, d: '210503' });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'districtCode' } });
  });

  it('an industry authority sees its industry only; city HRSS per department; firms and banks refused', async () => {
    const housing = await card(tok('HOUSING', '210502'), YEAR);
    expect(housing.department).toBe('HOUSING');
    expect(housing.k1.projects).toBe(3); // A, B, E; not C (transport) nor D (another district)
    expect(housing.k4).toMatchObject({
      count: 1,
      kinds: expect.arrayContaining([expect.objectContaining({ kind: 'MASS_INCIDENT' })]),
    });
    const res = await t.gql(tok('HOUSING', '210502'), SCORECARD, { ...YEAR, dep: 'TRANSPORT' });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'department' } });
    const transport = await card(seed.admin, { ...YEAR, dep: 'TRANSPORT' });
    expect(transport.k1).toMatchObject({ projects: 1, passingJudged: 1, failing: { totalCount: 0 } });
    const bank = await t.gql(
      t.token({ org: 'BANK', district: '210500', bank: seed.bankCode }),
      SCORECARD,
      YEAR,
    );
    expect(bank.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('evidence is bounded: 0 ids keeps the totals; a bad period names its field', async () => {
    const k = await card(seed.admin, { ...YEAR, n: 0 });
    expect(k.k1.failing).toEqual({ totalCount: 2, ids: [] });
    for (const [vars, field] of [
      [{ p: { year: 2026, from: '2026-01-01' } }, 'year'],
      [{ p: { from: '2026-12-05' } }, 'from'],
      [{ p: { from: '2025-01-01', to: '2026-06-30' } }, 'to'],
      [{ ...YEAR, n: 101 }, 'evidence'],
      [{ ...YEAR, dep: 'POLICE' }, 'department'],
    ] as const) {
      const res = await t.gql(seed.admin, SCORECARD, vars);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
    }
  });
});
