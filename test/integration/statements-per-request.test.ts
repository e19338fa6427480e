import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must } from '../support/fixtures';
import { agreementScenario, fileHotlineClaim } from '../support/compliance-fixtures';
import {
  RECORD_ATTENDANCE,
  RECORD_CONTRACTS,
  REGISTER_WORKERS,
  workforceProject,
} from '../support/workforce-fixtures';

/**
 * Statements per request do not grow with the page size: every nested field of a page is read in
 * one batched statement (schema/loaders.ts). Counted on the hub's own database connection pool,
 * every SQL statement the request sends, for pages of 5, 20 and 40.
 */
const PROJECTS = `query($n: Int) { projects(first: $n) { totalCount edges { node { name owner { name } contractor { uscc }
  agreement { creditedTotal project { name } }
  alerts(first: 3) { totalCount edges { node { dueDate shortfall project { name } } } } } } } }`;
const ALERTS = `query($n: Int) { alerts(first: $n) { edges { node { dueDate project { name agreement { creditedTotal } } } } } }`;
const INCIDENTS = `query($n: Int) { incidents(first: $n) { edges { node { kind project { name agreement { creditedTotal } } } } } }`;
// clues (R18) with their project and the case made from each, its history, assessments and referrals
const CLUES = `query($n: Int) { clues(first: $n) { edges { node { sourceNumber late project { name agreement { creditedTotal } }
  case { status history { action } assessments { conclusion } referrals { kind referredTo } } } } } }`;
const CASES = `query($n: Int) { cases(first: $n) { edges { node { status history { action } lines { workerName } payments { amount } } } } }`;
// the deposit and guarantee duties (R1, R3): src/services/duties/reads.ts behind schema/duty-loaders.ts
const DUTIES = `query($n: Int) { projects(first: $n) { edges { node { name completedOn
  depositRequirement { amount reasons { code } held shortfall }
  depositReturn { status steps { step state dueBy } }
  wageDeposits(first: 3) { totalCount edges { node { amount project { name } topUps { amount } paymentNotices { payBy } } } }
  paymentGuarantees(first: 3) { totalCount edges { node { amount validUntil } } } } } } }`;
const DEPOSITS = `query($n: Int) { wageDeposits(first: $n) { edges { node { amount project { name } topUps { amount } paymentNotices { payBy } } } } }`;
// the workforce (R2, R4): a project's workers with team, contracts and a month's valid days (schema/workforce-loaders.ts)
const WORKERS = `query($n: Int, $p: ID!) { workers(projectId: $p, first: $n) { totalCount edges { node { name
  idNumber phone team { name } contracts { payDay wageStandard } validDays(month: "2026-11") } } } }`;
// Project.workers (docs/interface.md): each project's first workers, in one statement for the page
const PROJECT_WORKERS = `query($n: Int) { projects(first: $n) { edges { node { name workers(first: 3) { totalCount
  edges { node { name team { name } } } } labourWageManager { name worker { name } } } } } }`;
// the rights-protection board (R7): src/services/rights-board/reads.ts behind schema/rights-board-loaders.ts
const BOARDS = `query($n: Int) { projects(first: $n) { edges { node { name rightsBoard { projectName owner { name }
  subcontractors { name } minimumWage { monthly } payDay { day source } industryAuthority { phone }
  legalServiceHotline qrTarget posting { dueBy postedOn } missing } } } } }`;
const REPORTS = `query($n: Int) { reports(first: $n) { edges { node { id period districtName department sections
  generatedAt xlsxPath xlsxBytes pdfPath pdfError } } } }`;
// graded warnings (R17): src/services/warnings/reads.ts behind schema/warning-loaders.ts
const WARNINGS = `query($n: Int) { projects(first: $n) { edges { node { name warning { grade reasons { signal } recipients { recipient } }
  contractor { warning { grade } } owner { warning { grade } } } } } }`;
const WARNING_LIST = `query($n: Int) { warnings(first: $n) { totalCount edges { node { grade reasons { signal } recipients { acknowledgedAt } } } } }`;
const DUTY_ALERTS = `query($n: Int) { alerts(first: $n) { edges { node { correctionDeadline duty { required } penalty { code party { uscc } } } } } }`;

describe('statements per request', () => {
  let t: TestHub;
  let statements = 0;
  const admin = () => t.token(CITY_HRSS);
  let workforceProjectId = '';
  async function counted(query: string, n: number): Promise<{ statements: number; data: any }> {
    await quiet(); // what earlier requests left to write (the audit log's rows) lands before we count
    const before = statements;
    const data = await must(t.gql(admin(), query, query === WORKERS ? { n, p: workforceProjectId } : { n }));
    await quiet(); // …and this request's own, after its answer, inside its count
    return { statements: statements - before, data };
  }
  /** Waits until no statement has been sent for 150 ms. */
  async function quiet(): Promise<void> {
    for (let seen = -1; seen !== statements;) {
      seen = statements;
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    // GraphQL's own pool (its requests' SQL) and the hub's (the audit log's writes)
    for (const orm of [t.hub.graphqlOrm, t.hub.orm])
      orm.em.getKnex().on('query', (q: { sql: string }) => {
        // the trusted-document list's periodic reload runs on its own timer, in no request
        if (!/from trusted_document/.test(q.sql)) statements += 1;
      });
    let last;
    for (let i = 0; i < 40; i++) {
      last = await agreementScenario(t, { startsOn: '2026-01-01', dueDay: 10 });
      await last.credit('100000.00', '2026-01-09T10:00:00+08:00');
      await recordDuties(last.projectId);
      await fileHotlineClaim(t, last);
      const incident = {
        kind: 'SKIP_LEVEL_PETITION',
        districtCode: '210502',
        projectId: last.projectId,
        occurredAt: '2026-09-02T09:00:00+08:00',
        note: '赴市上访',
      };
      await must(
        t.gql(admin(), `mutation($i: IncidentInput!) { reportIncident(input: $i) { id } }`, { i: incident }),
      );
      await clueWithCase(i, last.projectId, last.contractorUscc);
    }
    await last!.sweep('2026-03-20'); // every agreement: January short, February and March missed
    workforceProjectId = await seedWorkforce();
    // 40 archived monthly reports (R21): the list must not load their files
    await t.hub.orm.em.getKnex().raw(
      `insert into report (id, period, district_code, through, to_date, sections, generated_at, generated_by, xlsx, xlsx_bytes)
       select gen_random_uuid(), to_char(date '2023-01-01' + g * interval '1 month', 'YYYY-MM'), '210502',
         date '2023-01-28', false, '["在建项目监管情况"]', now() - g * interval '1 minute', 'scheduler', '\\x00'::bytea, 1
       from generate_series(1, 40) g`,
    );
    // every project and its contractor a graded warning (its open case, its missed transfers)
    await must(t.gql(admin(), `mutation { runWarningSweep(asOf: "2026-12-01") { opened } }`));
  }, 180_000);
  afterAll(() => t.close());

  /** A project with 40 workers, each with a contract and two days of punches in November 2026. */
  async function seedWorkforce(): Promise<string> {
    const p = await workforceProject(t);
    await p.teams();
    const workers = Array.from({ length: 40 }, () => p.worker());
    await must(p.gql(REGISTER_WORKERS, { w: workers }));
    await must(p.gql(RECORD_CONTRACTS, { c: workers.map((w) => p.contract(w.idNumber)) }));
    const punches = workers.flatMap((w) =>
      ['2026-11-02', '2026-11-03'].flatMap((d) => [
        { workerIdNumber: w.idNumber, at: `${d}T08:30:00+08:00`, direction: 'IN' },
        { workerIdNumber: w.idNumber, at: `${d}T17:30:00+08:00`, direction: 'OUT' },
      ]),
    );
    await must(p.gql(RECORD_ATTENDANCE, { a: punches }));
    return p.projectId;
  }

  /** A clue about the project, a case made from it, a joint assessment and a legal-aid referral on that case. */
  async function clueWithCase(i: number, projectId: string, employerUscc: string): Promise<void> {
    const clue = {
      source: 'NATIONAL_PLATFORM',
      sourceNumber: `SPR-${i}`,
      projectId,
      employerUscc,
      workers: 3,
      amount: '8000.00',
      receivedOn: '2026-09-28',
      summary: '反映拖欠工资',
    };
    const received = await must(
      t.gql<{ receiveClue: { clue: { id: string } } }>(
        admin(),
        `mutation($i: ClueInput!) { receiveClue(input: $i) { clue { id } } }`,
        { i: clue },
      ),
    );
    const made = await must(
      t.gql<{ fileCaseFromClue: { id: string } }>(
        admin(),
        `mutation($c: ID!) { fileCaseFromClue(clueId: $c) { id } }`,
        {
          c: received.receiveClue.clue.id,
        },
      ),
    );
    const c = made.fileCaseFromClue.id;
    await must(
      t.gql(
        admin(),
        `mutation($c: ID!) { recordJointAssessment(caseId: $c, input: { assessedOn: "2026-10-09",
          participants: ["HRSS:210500", "POLICE:210500"], conclusion: NOT_MALICIOUS, note: "无恶意" }) { id } }`,
        { c },
      ),
    );
    await must(
      t.gql(
        admin(),
        `mutation($c: ID!) { recordCaseReferral(caseId: $c, input: { kind: LEGAL_AID, referredOn: "2026-10-09",
          referredTo: "JUSTICE:210502" }) { id } }`,
        { c },
      ),
    );
  }

  /** Each project: a cash deposit with a top-up and a notice to pay from it, and a payment guarantee. */
  async function recordDuties(projectId: string): Promise<void> {
    const n = `${projectId.slice(0, 8)}`;
    const dep = await must(
      t.gql<{ recordWageDeposit: { id: string } }>(
        admin(),
        `mutation($i: WageDepositInput!) { recordWageDeposit(input: $i) { id } }`,
        {
          i: {
            projectId,
            form: 'CASH_ACCOUNT',
            issuer: '工行本溪分行',
            number: `C-${n}`,
            amount: '120000.00',
            depositedOn: '2026-02-20',
          },
        },
      ),
    );
    const depositId = dep.recordWageDeposit.id;
    await must(
      t.gql(
        admin(),
        `mutation($d: ID!) { recordDepositTopUp(depositId: $d, amount: "100.00", toppedUpOn: "2026-03-01") { id } }`,
        {
          d: depositId,
        },
      ),
    );
    await must(
      t.gql(
        admin(),
        `mutation($i: DepositPaymentNoticeInput!) { recordDepositPaymentNotice(input: $i) { id } }`,
        {
          i: { depositId, amount: '1000.00', noticeOn: '2026-09-24' },
        },
      ),
    );
    await must(
      t.gql(admin(), `mutation($i: PaymentGuaranteeInput!) { recordPaymentGuarantee(input: $i) { id } }`, {
        i: {
          projectId,
          form: 'BANK_GUARANTEE',
          issuer: '中行本溪分行',
          number: `G-${n}`,
          amount: '500000.00',
          issuedOn: '2026-01-05',
          validUntil: '2027-12-31',
        },
      }),
    );
  }

  it.each([
    ['projects with owner, contractor, agreement, its total and 3 alerts each', PROJECTS, 'projects'],
    ['alerts with their project, its agreement and total', ALERTS, 'alerts'],
    ['cases with history, lines and payments', CASES, 'cases'],
    ['incidents with their project and its agreement', INCIDENTS, 'incidents'],
    [
      'clues with their project, its agreement and the case made from each (history, assessments, referrals)',
      CLUES,
      'clues',
    ],
    [
      'projects with their deposit requirement, return, deposits (top-ups, notices) and payment guarantees',
      DUTIES,
      'projects',
    ],
    ['wage deposits with their project, top-ups and notices', DEPOSITS, 'wageDeposits'],
    ['alerts with their correction deadline, duty and penalty', DUTY_ALERTS, 'alerts'],
    ['workers with their team, contracts and valid days of a month', WORKERS, 'workers'],
    ['projects with their first workers and labour-wage manager', PROJECT_WORKERS, 'projects'],
    ['projects with their rights-protection boards', BOARDS, 'projects'],
    ['archived monthly reports', REPORTS, 'reports'],
    ["projects with their warning and their firms' warnings", WARNINGS, 'projects'],
    ['warnings with their reasons and read receipts', WARNING_LIST, 'warnings'],
  ])('%s: the same count for 5, 20 and 40 rows', async (_what, query, root) => {
    const runs = [];
    for (const n of [5, 20, 40]) runs.push(await counted(query, n));
    expect(runs.map((r) => r.data[root].edges.length)).toEqual([5, 20, 40]);
    const counts = runs.map((r) => r.statements);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    expect(counts[0]).toBeGreaterThan(0);
    // the duties page reads 22: the page (2), the requirement's facts, rules and calendar (9), the
    // return (2), deposits and guarantees (3 each), the project loader, top-ups, notices (1 each)
    expect(counts[0]).toBeLessThanOrEqual(query === DUTIES ? 24 : 12);
  });

  it('still answers the workers right: each its own team, contract and two valid days, its number in full for HRSS', async () => {
    const { data } = await counted(WORKERS, 40);
    expect(data.workers.totalCount).toBe(40);
    for (const { node } of data.workers.edges) {
      expect(node).toMatchObject({
        team: { name: '钢筋一班' },
        contracts: [{ payDay: 15, wageStandard: '350.00' }],
        validDays: ['2026-11-02', '2026-11-03'],
      });
      expect(node.idNumber).toMatch(/^210502\d{11}[\dX]$/);
    }
  });

  // the scorecard (R22): a fixed set of statements whatever the number of ids asked for per figure
  it('the scorecard: the same count for 5, 20 and 40 ids per figure', async () => {
    const SCORECARD = `query($n: Int) { scorecard(period: { year: 2026 }, evidence: $n) {
      k1 { projects failing { totalCount ids } duties { duty failing { ids } } }
      k2 { withoutEvidence { ids } unregisteredCases { ids } unregisteredClues { ids } }
      k3 { categories { category lateItems { ids } } } k4 { kinds { incidents { ids } } } } }`;
    const runs = [];
    for (const n of [5, 20, 40]) runs.push(await counted(SCORECARD, n));
    expect(new Set(runs.map((r) => r.data.scorecard.k1.projects)).size).toBe(1);
    expect(runs[0].data.scorecard.k1.projects).toBeGreaterThanOrEqual(40);
    const counts = runs.map((r) => r.statements);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    // the projects, the claims with no project, the clues, the calendar, the cases, the incidents, the audit row
    expect(counts[0]).toBeLessThanOrEqual(10);
  });

  it('still answers the duties right: each project its own deposit, top-up, notice and guarantee', async () => {
    const { data } = await counted(DUTIES, 40);
    for (const { node } of data.projects.edges) {
      expect(node.depositRequirement).toMatchObject({
        amount: '120000.00',
        held: '120100.00',
        shortfall: '0.00',
      });
      expect(node.wageDeposits.totalCount).toBe(1);
      expect(node.wageDeposits.edges[0].node).toMatchObject({
        project: { name: node.name },
        topUps: [{ amount: '100.00' }],
        paymentNotices: [{ payBy: '2026-10-09' }],
      });
      expect(node.paymentGuarantees).toMatchObject({
        totalCount: 1,
        edges: [{ node: { validUntil: '2027-12-31' } }],
      });
      expect(node.depositReturn.status).toBe('NOT_STARTED');
    }
  });

  it('still answers the warnings right: each project its own, RED for the petition 90 days before (its last day)', async () => {
    const { data } = await counted(WARNINGS, 40);
    for (const { node } of data.projects.edges) {
      expect(node.warning.grade).toBe('RED');
      const signals = node.warning.reasons.map((r: { signal: string }) => r.signal);
      expect(signals).toEqual(expect.arrayContaining(['INCIDENT_WITHIN_DAYS', 'COMPLAINT_BEING_HANDLED']));
      expect(node.warning.recipients.map((r: { recipient: string }) => r.recipient)).toContain(
        'GOVERNMENT:210502',
      );
      expect(node.contractor.warning.grade).toBeDefined();
    }
  });

  it('still answers the clues right: each its own project and case, with its assessment and referral', async () => {
    const { data } = await counted(CLUES, 40);
    for (const { node } of data.clues.edges) {
      expect(node.project.agreement.creditedTotal).toBe('100000.00');
      expect(node.case).toMatchObject({
        status: 'RECEIVED',
        history: [{ action: 'RECEIVE' }],
        assessments: [{ conclusion: 'NOT_MALICIOUS' }],
        referrals: [{ kind: 'LEGAL_AID', referredTo: 'JUSTICE:210502' }],
      });
    }
  });

  it('still answers the nested pages right: each project its own alerts, newest first, with their count', async () => {
    const { data } = await counted(PROJECTS, 40);
    for (const { node } of data.projects.edges) {
      expect(node.alerts.totalCount).toBe(3);
      expect(node.alerts.edges.map((e: any) => e.node.dueDate)).toEqual([
        '2026-03-10',
        '2026-02-10',
        '2026-01-12',
      ]);
      expect(node.alerts.edges.every((e: any) => e.node.project.name === node.name)).toBe(true);
      expect(node.agreement).toMatchObject({ creditedTotal: '100000.00', project: { name: node.name } });
    }
  });
});
