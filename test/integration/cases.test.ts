import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startTestHub, type TestHub } from '../support/test-hub';
import { agreementScenario } from '../support/compliance-fixtures';
import { freshUscc, must, registerProject, seedBasics } from '../support/fixtures';
import { loadListingFacts, recordCaseTransition } from '../../src/services/cases/listing-facts';
import type { Caller } from '../../src/auth/caller';
import { setClock } from '../../src/clock';
import { TEST_NOW } from '../support/test-clock';
import { tableCounts } from '../support/table-counts';

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A resident ID number with its GB 11643 check character. */
const rid = (body17: string): string => {
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * RID_WEIGHTS[i], 0);
  return body17 + '10X98765432'[sum % 11];
};
const WORKER_A = rid('21050219850312001');
const WORKER_B = rid('21052219900101002');
const WORKER_C = rid('23010219781120003');
const BAD_CHECK = WORKER_A.slice(0, 17) + (WORKER_A[17] === '0' ? '1' : '0');

const CASE_FIELDS = `id status source districtCode routedTo alertId workers claimedAmount receivedOn
  verifiedOn verifiedAmount paidAmount arrearsOutstanding paidInFullOn orderIssuedOn orderDeadline
  orderIssuedBy { org district } listingDecisionDeadline filedOn transferredOn policeReferralGround policeResultOn guidedToCourtOn closedOn closeReason
  project { id industry } employer { uscc } debtor { uscc }
  lines { workerName maskedIdNumber monthsOwed amount } payments { paidOn amount }
  history { action fromStatus toStatus on by { sub org district } note }`;

const FILE = `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { ${CASE_FIELDS} } }`;
const VERIFY = `mutation($c: ID!, $i: VerificationInput!) { verifyWageClaim(caseId: $c, input: $i) { ${CASE_FIELDS} } }`;
const ORDER = `mutation($c: ID!, $on: Date!, $d: Date!) { orderPayment(caseId: $c, issuedOn: $on, deadline: $d) { ${CASE_FIELDS} } }`;
const PAY = `mutation($c: ID!, $on: Date!, $a: Money!) { recordWagePayment(caseId: $c, paidOn: $on, amount: $a) { ${CASE_FIELDS} } }`;
const FILE_CASE = `mutation($c: ID!, $on: Date!) { fileCase(caseId: $c, filedOn: $on) { ${CASE_FIELDS} } }`;
const TRANSFER = `mutation($c: ID!, $on: Date!, $n: String!, $g: PoliceReferralGround) {
  transferToPolice(caseId: $c, on: $on, note: $n, ground: $g) { ${CASE_FIELDS} } }`;
const POLICE_RESULT = `mutation($c: ID!, $on: Date!, $r: String!) { recordPoliceResult(caseId: $c, on: $on, result: $r) { ${CASE_FIELDS} } }`;
const COURT = `mutation($c: ID!, $on: Date!, $r: String!) { guideToCourt(caseId: $c, on: $on, reason: $r) { ${CASE_FIELDS} } }`;
const CLOSE = `mutation($c: ID!, $on: Date!, $r: String!) { closeCase(caseId: $c, on: $on, reason: $r) { ${CASE_FIELDS} } }`;
const FROM_ALERT = `mutation($a: ID!, $on: Date) { fileCaseFromAlert(alertId: $a, on: $on) { ${CASE_FIELDS} } }`;
const CASES = `query($f: CaseFilter, $first: Int, $after: String) { cases(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id routedTo status } } } }`;
const ONE = `query($id: ID!) { wageCase(id: $id) { ${CASE_FIELDS} } }`;

type Case = Record<string, any>;

/** Undone after the running test, whether it passes or fails (a clock left moved breaks the rest). */
const undo: (() => void)[] = [];
const afterThisTest = (fn: () => void) => undo.push(fn);
afterEach(() => undo.splice(0).forEach((fn) => fn()));

describe('wage cases (C1–C4, M1–M4)', () => {
  let t: TestHub;
  let pg: Client;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  const projects: Record<string, string> = {};
  const tok = (org: string, district: string, extra: Record<string, string> = {}) =>
    t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}`, ...extra });
  let housing: string; // HOUSING of 210502: the agency of the HOUSING project's cases
  const count = async (table: string) =>
    Number((await pg.query(`select count(*) from ${table}`)).rows[0].count);
  const counts = async () =>
    tableCounts(pg, [
      'wage_case',
      'wage_case_line',
      'wage_case_transition',
      'wage_case_payment',
      'outbox_notice',
    ]);

  const claim = (over: Record<string, unknown> = {}) => ({
    source: 'HOTLINE',
    projectId: projects.HOUSING,
    employerUscc: seed.contractorUscc,
    workers: 3,
    amount: '45000.00',
    receivedOn: '2026-09-01',
    ...over,
  });
  const file = async (token: string, over: Record<string, unknown> = {}): Promise<Case> =>
    (await must(t.gql<{ fileWageClaim: Case }>(token, FILE, { i: claim(over) }))).fileWageClaim;
  const verification = (over: Record<string, unknown> = {}) => ({
    debtorUscc: seed.contractorUscc,
    verifiedOn: '2026-09-03',
    lines: [
      { workerName: '张三丰', workerIdNumber: WORKER_A, monthsOwed: 3, amount: '15000.00' },
      { workerName: '李四', workerIdNumber: WORKER_B, monthsOwed: 2, amount: '12000.50' },
    ],
    ...over,
  });
  /** M1: the joint assessment a transfer on M2 or M3 grounds needs. */
  const assess = (token: string, caseId: string, on: string, conclusion: string) =>
    must(
      t.gql(
        token,
        `mutation($c: ID!, $i: JointAssessmentInput!) { recordJointAssessment(caseId: $c, input: $i) { id } }`,
        {
          c: caseId,
          i: { assessedOn: on, participants: ['HRSS:210505', 'POLICE:210505'], conclusion, note: '联合研判' },
        },
      ),
    );
  /** Expects one error with this code (and field), and that nothing was stored. */
  const refused = async (
    token: string,
    query: string,
    vars: Record<string, unknown>,
    code: string,
    field?: string,
  ): Promise<string> => {
    const before = await counts();
    const res = await t.gql(token, query, vars);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(res.errors?.[0]).toMatchObject({ extensions: { field } });
    expect(await counts()).toEqual(before);
    return res.errors![0].message;
  };

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    seed = await seedBasics(t);
    for (const [industry, districtCode] of [
      ['HOUSING', '210502'],
      ['TRANSPORT', '210503'],
      ['WATER', '210504'],
      ['BENGANG', '210505'],
      ['OTHER', '210521'],
    ]) {
      projects[industry] = await registerProject(t, seed.admin, { ...seed, industry, districtCode });
    }
    housing = tok('HOUSING', '210502');
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('filing and routing (C1)', () => {
    it.each([
      ['HOUSING', 'HOUSING:210502'],
      ['TRANSPORT', 'TRANSPORT:210503'],
      ['WATER', 'WATER:210504'],
      ['BENGANG', 'BENGANG:210505'],
      ['OTHER', 'HRSS:210521'],
    ])('routes a claim about a %s project to %s at once, with a notice', async (industry, recipient) => {
      const c = await file(seed.admin, { projectId: projects[industry], source: 'NATIONAL_PLATFORM' });
      expect(c).toMatchObject({
        status: 'RECEIVED',
        source: 'NATIONAL_PLATFORM',
        routedTo: recipient,
        districtCode: recipient.split(':')[1],
        workers: 3,
        claimedAmount: '45000.00',
        verifiedAmount: null,
        arrearsOutstanding: '0.00',
        project: { id: projects[industry], industry },
        employer: { uscc: seed.contractorUscc },
        lines: [],
      });
      expect(c.history).toEqual([
        {
          action: 'RECEIVE',
          fromStatus: null,
          toStatus: 'RECEIVED',
          on: '2026-09-01',
          by: { sub: 'test-user', org: 'HRSS', district: '210500' },
          note: null,
        },
      ]);
      const notices = await pg.query(
        `select topic, recipient, payload from outbox_notice where payload->>'caseId' = $1`,
        [c.id],
      );
      expect(notices.rows).toEqual([
        {
          topic: 'CASE_ROUTED',
          recipient,
          payload: expect.objectContaining({
            caseId: c.id,
            claimedAmount: '45000.00',
            employerUscc: seed.contractorUscc,
          }),
        },
      ]);
    });

    it('routes a claim with no registered project to the HRSS of the district it names', async () => {
      const c = await file(tok('HRSS', '210522'), {
        projectId: null,
        districtCode: '210522',
        source: 'PETITION',
      });
      expect(c).toMatchObject({ routedTo: 'HRSS:210522', project: null, districtCode: '210522' });
    });

    it('lets district HRSS and the industry authority file within their scope', async () => {
      expect((await file(tok('HRSS', '210502'))).routedTo).toBe('HOUSING:210502');
      expect((await file(housing, { source: 'PUBLIC_OPINION' })).routedTo).toBe('HOUSING:210502');
    });

    it('refuses bad claims, naming the field, and stores nothing', async () => {
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [{ source: 'ALERT' }, 'source', /fileCaseFromAlert/],
        [{ workers: 0 }, 'workers', /from 1/],
        [{ amount: '0' }, 'amount', /more than 0/],
        [{ projectId: null }, 'districtCode', /required for a claim without a registered project/],
        [{ projectId: null, districtCode: '210500' }, 'districtCode', /six county-level/],
        [{ districtCode: '210503' }, 'districtCode', /the project is in district 210502/],
        [{ employerUscc: freshUscc() }, 'employerUscc', /register it first/],
        [{ receivedOn: '2026-02-30' }, '', /receivedOn/],
      ];
      for (const [over, field, message] of cases) {
        expect(await refused(seed.admin, FILE, { i: claim(over) }, 'BAD_USER_INPUT', field)).toMatch(message);
      }
    });

    it('refuses callers who may not file, and projects out of their scope', async () => {
      for (const token of [
        tok('BANK', '210500', { bank: seed.bankCode }),
        tok('CONTRACTOR', '210500', { uscc: seed.contractorUscc }),
        tok('POLICE', '210502'),
        tok('CREDIT_PLATFORM', '210500'),
      ]) {
        expect(['FORBIDDEN', 'NOT_FOUND']).toContain(
          (await t.gql(token, FILE, { i: claim() })).errors?.[0]?.extensions?.code,
        );
      }
      await refused(tok('TRANSPORT', '210502'), FILE, { i: claim() }, 'NOT_FOUND', undefined);
      await refused(tok('HRSS', '210503'), FILE, { i: claim() }, 'NOT_FOUND', undefined);
      await refused(
        tok('HRSS', '210503'),
        FILE,
        { i: claim({ projectId: null, districtCode: '210502' }) },
        'FORBIDDEN',
      );
      await refused(housing, FILE, { i: claim({ projectId: null, districtCode: '210502' }) }, 'FORBIDDEN');
    });
  });

  describe('a case from receipt to the police (C2, C4, M4)', () => {
    let c: Case;
    beforeAll(async () => {
      c = await file(seed.admin, { receivedOn: '2026-09-01' });
    });

    it('refuses verification by anyone but the assigned agency, its district HRSS and city HRSS', async () => {
      for (const token of [
        tok('HRSS', '210503'),
        tok('HOUSING', '210500'),
        tok('HOUSING', '210503'),
        tok('POLICE', '210502'),
      ]) {
        const res = await t.gql(token, VERIFY, { c: c.id, i: verification() });
        expect(['FORBIDDEN', 'NOT_FOUND']).toContain(res.errors?.[0]?.extensions?.code);
      }
    });

    it('refuses bad verification lines, naming the line and field, never echoing the ID number', async () => {
      const line = (over: Record<string, unknown>) =>
        verification({
          lines: [
            { workerName: '张三丰', workerIdNumber: WORKER_A, monthsOwed: 3, amount: '15000.00' },
            { workerName: '李四', workerIdNumber: WORKER_B, monthsOwed: 2, amount: '100.00', ...over },
          ],
        });
      const bad: [Record<string, unknown>, string, string, RegExp][] = [
        [line({ workerIdNumber: BAD_CHECK }), 'BAD_USER_INPUT', 'lines[1].workerIdNumber', /GB 11643/],
        [
          line({ workerIdNumber: '2105021985031200' }),
          'BAD_USER_INPUT',
          'lines[1].workerIdNumber',
          /18-character/,
        ],
        [
          line({ workerIdNumber: rid('21050220991301002') }),
          'BAD_USER_INPUT',
          'lines[1].workerIdNumber',
          /birth date/,
        ],
        [
          line({ workerIdNumber: WORKER_A.toLowerCase() }),
          'BAD_USER_INPUT',
          'lines[1].workerIdNumber',
          /same worker as lines\[0\]/,
        ],
        [line({ monthsOwed: 0 }), 'BAD_USER_INPUT', 'lines[1].monthsOwed', /from 1/],
        [line({ amount: '0.00' }), 'BAD_USER_INPUT', 'lines[1].amount', /more than 0/],
        [line({ workerName: '  ' }), 'BAD_USER_INPUT', 'lines[1].workerName', /empty/],
        [verification({ lines: [] }), 'BAD_USER_INPUT', 'lines', /at least one/],
        [verification({ debtorUscc: freshUscc() }), 'BAD_USER_INPUT', 'debtorUscc', /register it first/],
        [
          verification({ verifiedOn: '2026-08-31' }),
          'BAD_USER_INPUT',
          'verifiedOn',
          /before the claim was received on 2026-09-01/,
        ],
      ];
      for (const [input, code, field, message] of bad) {
        const text = await refused(housing, VERIFY, { c: c.id, i: input }, code, field);
        expect(text).toMatch(message);
        expect(text).not.toContain(BAD_CHECK.slice(6, 14));
        expect(text).not.toContain(WORKER_B.slice(6, 14));
      }
    });

    it('refuses an order, a payment or a transfer before verification', async () => {
      await refused(housing, ORDER, { c: c.id, on: '2026-09-02', d: '2026-09-18' }, 'CONFLICT');
      await refused(housing, PAY, { c: c.id, on: '2026-09-02', a: '1.00' }, 'CONFLICT');
      await refused(housing, TRANSFER, { c: c.id, on: '2026-09-02', n: 'refuses' }, 'CONFLICT');
    });

    it('verifies: the debtor, the lines and their total; ID numbers masked in every answer', async () => {
      const res = await t.gql<{ verifyWageClaim: Case }>(housing, VERIFY, { c: c.id, i: verification() });
      const v = res.data!.verifyWageClaim;
      expect(v).toMatchObject({
        status: 'VERIFIED',
        verifiedOn: '2026-09-03',
        verifiedAmount: '27000.50',
        arrearsOutstanding: '27000.50',
        debtor: { uscc: seed.contractorUscc },
        lines: [
          {
            workerName: '张三丰',
            maskedIdNumber: `${WORKER_A.slice(0, 6)}********${WORKER_A.slice(-4)}`,
            monthsOwed: 3,
            amount: '15000.00',
          },
          {
            workerName: '李四',
            maskedIdNumber: `${WORKER_B.slice(0, 6)}********${WORKER_B.slice(-4)}`,
            monthsOwed: 2,
            amount: '12000.50',
          },
        ],
      });
      expect(JSON.stringify(res)).not.toContain(WORKER_A);
      expect(JSON.stringify(res)).not.toContain(WORKER_B);
      // the agency and city HRSS see names; the district HRSS and the police see them masked
      for (const [token, names] of [
        [seed.admin, ['张三丰', '李四']],
        [tok('HRSS', '210502'), ['张**', '李*']],
        [tok('POLICE', '210502'), ['张**', '李*']],
      ] as const) {
        const seen = await t.gql<{ wageCase: Case }>(token, ONE, { id: c.id });
        expect(seen.data!.wageCase.lines.map((l: any) => l.workerName)).toEqual(names);
        expect(JSON.stringify(seen)).not.toContain(WORKER_A);
      }
      const stored = await pg.query(
        `select worker_id_number from wage_case_line where case_id = $1 order by position`,
        [c.id],
      );
      expect(stored.rows.map((r) => r.worker_id_number)).toEqual([WORKER_A, WORKER_B]);
      await refused(housing, VERIFY, { c: c.id, i: verification({ verifiedOn: '2026-09-04' }) }, 'CONFLICT');
    });

    it('orders payment (here the district HRSS, on a case routed to HOUSING): deadline after the issue date and a working day; listing decision deadline 20 working days on', async () => {
      await refused(
        housing,
        ORDER,
        { c: c.id, on: '2026-09-10', d: '2026-09-10' },
        'BAD_USER_INPUT',
        'deadline',
      );
      await refused(
        housing,
        ORDER,
        { c: c.id, on: '2026-09-02', d: '2026-09-18' },
        'BAD_USER_INPUT',
        'issuedOn',
      );
      expect(
        await refused(
          housing,
          ORDER,
          { c: c.id, on: '2026-09-04', d: '2026-09-19' },
          'BAD_USER_INPUT',
          'deadline',
        ),
      ).toMatch(/2026-09-19 is not a working day.*the next is 2026-09-20/);
      // Deadline Friday 2026-09-18. Counting from the day after (Civil Code 201):
      //  1 Sun 09-20 (make-up working day for Mid-Autumn), 2–5 Mon 09-21…Thu 09-24,
      //  Fri 09-25…Sun 09-27 Mid-Autumn off, 6–8 Mon 09-28…Wed 09-30,
      //  Thu 10-01…Wed 10-07 National Day off, 9 Thu 10-08, 10 Fri 10-09, 11 Sat 10-10 (make-up),
      //  Sun 10-11 off, 12–16 Mon 10-12…Fri 10-16, 17–20 Mon 10-19…Thu 10-22.
      // 属地管理: the HRSS of 210502 inspects every employer of its district, and its order starts
      // the listing clock (Order 45)
      const o = (
        await must(
          t.gql<{ orderPayment: Case }>(tok('HRSS', '210502'), ORDER, {
            c: c.id,
            on: '2026-09-04',
            d: '2026-09-18',
          }),
        )
      ).orderPayment;
      expect(o).toMatchObject({
        status: 'ORDERED',
        routedTo: 'HOUSING:210502',
        orderIssuedOn: '2026-09-04',
        orderIssuedBy: { org: 'HRSS', district: '210502' },
        orderDeadline: '2026-09-18',
        listingDecisionDeadline: '2026-10-22',
      });
      await refused(housing, ORDER, { c: c.id, on: '2026-09-05', d: '2026-09-25' }, 'CONFLICT');
    });

    it('records payments against the arrears; an overpayment is refused', async () => {
      expect(
        await refused(housing, PAY, { c: c.id, on: '2026-09-10', a: '27000.51' }, 'BAD_USER_INPUT', 'amount'),
      ).toMatch(/more than the arrears outstanding, 27000.50/);
      const p = (
        await must(
          t.gql<{ recordWagePayment: Case }>(housing, PAY, { c: c.id, on: '2026-09-10', a: '7000.50' }),
        )
      ).recordWagePayment;
      expect(p).toMatchObject({
        status: 'ORDERED',
        paidAmount: '7000.50',
        arrearsOutstanding: '20000.00',
        paidInFullOn: null,
      });
      expect(p.payments).toEqual([{ paidOn: '2026-09-10', amount: '7000.50' }]);
    });

    it('transfers to the police only after the deadline passed unpaid (REFUSAL_TO_PAY)', async () => {
      expect(
        await refused(housing, TRANSFER, { c: c.id, on: '2026-09-18', n: 'refuses to pay' }, 'CONFLICT'),
      ).toMatch(/deadline 2026-09-18 has not passed/);
      await refused(housing, TRANSFER, { c: c.id, on: '2026-09-21', n: '  ' }, 'BAD_USER_INPUT', 'note');
      // the police of the district see the case but do not refer it to themselves
      await refused(tok('POLICE', '210502'), TRANSFER, { c: c.id, on: '2026-09-21', n: 'x' }, 'FORBIDDEN');
      const x = (
        await must(
          t.gql<{ transferToPolice: Case }>(housing, TRANSFER, {
            c: c.id,
            on: '2026-09-21',
            n: '有能力支付而拒不支付',
          }),
        )
      ).transferToPolice;
      expect(x).toMatchObject({
        status: 'TRANSFERRED',
        transferredOn: '2026-09-21',
        policeReferralGround: 'REFUSAL_TO_PAY',
      });
      await refused(housing, TRANSFER, { c: c.id, on: '2026-09-22', n: 'again' }, 'CONFLICT');
    });

    it('takes the police result from the police only, and tells the agency and the district HRSS (M4)', async () => {
      await refused(housing, POLICE_RESULT, { c: c.id, on: '2026-10-09', r: '已立案侦查' }, 'FORBIDDEN');
      await refused(
        tok('POLICE', '210503'),
        POLICE_RESULT,
        { c: c.id, on: '2026-10-09', r: '已立案侦查' },
        'NOT_FOUND',
      );
      const r = (
        await must(
          t.gql<{ recordPoliceResult: Case }>(tok('POLICE', '210502'), POLICE_RESULT, {
            c: c.id,
            on: '2026-10-09',
            r: '已立案侦查',
          }),
        )
      ).recordPoliceResult;
      expect(r).toMatchObject({ status: 'TRANSFERRED', policeResultOn: '2026-10-09' });
      const notices = await pg.query(
        `select recipient from outbox_notice where topic = 'CASE_POLICE_RESULT' and payload->>'caseId' = $1 order by recipient`,
        [c.id],
      );
      expect(notices.rows.map((n) => n.recipient)).toEqual(['HOUSING:210502', 'HRSS:210502']);
    });

    it('records the payment that clears the arrears; the transferred case keeps its state until closed', async () => {
      await refused(housing, PAY, { c: c.id, on: '2026-10-01', a: '1.00' }, 'BAD_USER_INPUT', 'paidOn'); // before the last step
      const p = (
        await must(
          t.gql<{ recordWagePayment: Case }>(housing, PAY, { c: c.id, on: '2026-10-12', a: '20000.00' }),
        )
      ).recordWagePayment;
      expect(p).toMatchObject({
        status: 'TRANSFERRED',
        arrearsOutstanding: '0.00',
        paidAmount: '27000.50',
        paidInFullOn: '2026-10-12',
      });
      await refused(housing, PAY, { c: c.id, on: '2026-10-13', a: '1.00' }, 'CONFLICT');
      const closed = (
        await must(
          t.gql<{ closeCase: Case }>(seed.admin, CLOSE, { c: c.id, on: '2026-10-14', r: '欠薪已清偿' }),
        )
      ).closeCase;
      expect(closed).toMatchObject({ status: 'CLOSED', closedOn: '2026-10-14', closeReason: '欠薪已清偿' });
      await refused(housing, CLOSE, { c: c.id, on: '2026-10-15', r: 'again' }, 'CONFLICT', 'status');
      expect(
        closed.history.map((h: any) => [h.action, h.fromStatus, h.toStatus, h.on, h.by.org, h.by.district]),
      ).toEqual([
        ['RECEIVE', null, 'RECEIVED', '2026-09-01', 'HRSS', '210500'],
        ['VERIFY', 'RECEIVED', 'VERIFIED', '2026-09-03', 'HOUSING', '210502'],
        ['ORDER_PAYMENT', 'VERIFIED', 'ORDERED', '2026-09-04', 'HRSS', '210502'],
        ['RECORD_PAYMENT', 'ORDERED', 'ORDERED', '2026-09-10', 'HOUSING', '210502'],
        ['TRANSFER_TO_POLICE', 'ORDERED', 'TRANSFERRED', '2026-09-21', 'HOUSING', '210502'],
        ['RECORD_POLICE_RESULT', 'TRANSFERRED', 'TRANSFERRED', '2026-10-09', 'POLICE', '210502'],
        ['PAY_IN_FULL', 'TRANSFERRED', 'TRANSFERRED', '2026-10-12', 'HOUSING', '210502'],
        ['CLOSE', 'TRANSFERRED', 'CLOSED', '2026-10-14', 'HRSS', '210500'],
      ]);
    });
  });

  describe('other paths', () => {
    it('a payment in full before any order ends the case as PAID, which is final', async () => {
      const c = await file(seed.admin, { projectId: projects.TRANSPORT });
      const agency = tok('TRANSPORT', '210503');
      await must(t.gql(agency, VERIFY, { c: c.id, i: verification() }));
      const paid = (
        await must(
          t.gql<{ recordWagePayment: Case }>(agency, PAY, { c: c.id, on: '2026-09-05', a: '27000.50' }),
        )
      ).recordWagePayment;
      expect(paid).toMatchObject({ status: 'PAID', paidInFullOn: '2026-09-05', arrearsOutstanding: '0.00' });
      for (const [q, v] of [
        [CLOSE, { c: c.id, on: '2026-09-06', r: 'x' }],
        [FILE_CASE, { c: c.id, on: '2026-09-06' }],
        [COURT, { c: c.id, on: '2026-09-06', r: 'x' }],
      ] as const) {
        await refused(agency, q, v, 'CONFLICT', 'status');
      }
    });

    it('files an unresolved clue (C3); verification and the order happen inside FILED; disputes go to court', async () => {
      const c = await file(seed.admin, { projectId: projects.WATER });
      const agency = tok('WATER', '210504');
      const filed = (await must(t.gql<{ fileCase: Case }>(agency, FILE_CASE, { c: c.id, on: '2026-09-02' })))
        .fileCase;
      expect(filed).toMatchObject({ status: 'FILED', filedOn: '2026-09-02' });
      await refused(agency, FILE_CASE, { c: c.id, on: '2026-09-03' }, 'CONFLICT', 'status');
      const v = (await must(t.gql<{ verifyWageClaim: Case }>(agency, VERIFY, { c: c.id, i: verification() })))
        .verifyWageClaim;
      expect(v).toMatchObject({ status: 'FILED', verifiedAmount: '27000.50' });
      const o = (
        await must(
          t.gql<{ orderPayment: Case }>(agency, ORDER, { c: c.id, on: '2026-09-04', d: '2026-09-18' }),
        )
      ).orderPayment;
      // the water authority's own order: an order all the same, but no listing clock (Order 45 counts
      // from an HRSS order)
      expect(o).toMatchObject({
        status: 'FILED',
        orderDeadline: '2026-09-18',
        orderIssuedBy: { org: 'WATER', district: '210504' },
        listingDecisionDeadline: null,
      });
      const g = (
        await must(
          t.gql<{ guideToCourt: Case }>(agency, COURT, { c: c.id, on: '2026-09-08', r: '工程量有争议' }),
        )
      ).guideToCourt;
      expect(g).toMatchObject({ status: 'GUIDED_TO_COURT', guidedToCourtOn: '2026-09-08' });
      await refused(agency, TRANSFER, { c: c.id, on: '2026-09-25', n: 'x' }, 'CONFLICT', 'status');
      expect(
        (await must(t.gql<{ closeCase: Case }>(agency, CLOSE, { c: c.id, on: '2026-12-01', r: '法院判决' })))
          .closeCase.status,
      ).toBe('CLOSED');
    });

    it('M2 before the deadline, and M3 without any order', async () => {
      const agency = tok('BENGANG', '210505');
      const a = await file(seed.admin, { projectId: projects.BENGANG });
      await must(t.gql(agency, VERIFY, { c: a.id, i: verification() }));
      await must(t.gql(agency, ORDER, { c: a.id, on: '2026-09-04', d: '2026-09-18' }));
      await assess(agency, a.id, '2026-09-07', 'MALICIOUS_ARREARS'); // M1 comes first (clues.test.ts: without it)
      const m2 = (
        await must(
          t.gql<{ transferToPolice: Case }>(agency, TRANSFER, {
            c: a.id,
            on: '2026-09-07',
            n: '转移资产',
            g: 'ASSET_TRANSFER_OR_FLIGHT',
          }),
        )
      ).transferToPolice;
      expect(m2).toMatchObject({ status: 'TRANSFERRED', policeReferralGround: 'ASSET_TRANSFER_OR_FLIGHT' });
      const b = await file(seed.admin, { projectId: projects.BENGANG });
      await refused(
        agency,
        TRANSFER,
        { c: b.id, on: '2026-09-03', n: 'x', g: 'ASSET_TRANSFER_OR_FLIGHT' },
        'CONFLICT',
      );
      await assess(agency, b.id, '2026-09-03', 'ILLEGAL_WAGE_DEMAND');
      const m3 = (
        await must(
          t.gql<{ transferToPolice: Case }>(agency, TRANSFER, {
            c: b.id,
            on: '2026-09-03',
            n: '虚构事实讨薪',
            g: 'FABRICATED_CLAIM',
          }),
        )
      ).transferToPolice;
      expect(m3).toMatchObject({ status: 'TRANSFERRED', policeReferralGround: 'FABRICATED_CLAIM' });
    });

    it('takes an order whose listing decision deadline falls in a year not loaded, provisionally (calendar-provisional.test.ts)', async () => {
      setClock('2026-12-03T10:00:00+08:00'); // the order is issued today
      afterThisTest(() => setClock(TEST_NOW));
      const [city, agency] = [tok('HRSS', '210500'), tok('HOUSING', '210502')]; // tokens of the day
      const c = await file(city, { receivedOn: '2026-12-01' });
      await must(t.gql(agency, VERIFY, { c: c.id, i: verification({ verifiedOn: '2026-12-02' }) }));
      // City HRSS orders: only an HRSS order starts the listing clock.
      const ordered = await must(
        t.gql<{ orderPayment: Case }>(city, ORDER, { c: c.id, on: '2026-12-03', d: '2026-12-15' }),
      );
      // 12-16 … 12-31 are 12 working days; Jan 1 2027 (fixed) off; Jan 4–8, 11, 12, 13.
      expect(ordered.orderPayment).toMatchObject({
        status: 'ORDERED',
        listingDecisionDeadline: '2027-01-13',
      });
    });
  });

  describe('from an alert', () => {
    let s: Awaited<ReturnType<typeof agreementScenario>>;
    let alertId: string;
    beforeAll(async () => {
      s = await agreementScenario(t);
      await s.credit('300000.00', '2026-01-14T10:00:00+08:00'); // January paid, February missed (due 02-24)
      await s.sweep('2026-02-24');
      alertId = (await s.alerts())[0].id;
    });

    it('refuses an alert that has not passed its chain', async () => {
      expect(
        await refused(s.admin, FROM_ALERT, { a: alertId, on: '2026-02-25' }, 'CONFLICT', 'alertId'),
      ).toMatch(/no CONTRACTOR_REPORT_OVERDUE escalation/);
    });

    it('makes an escalated open alert a case in one call: the owner, the shortfall, routed as its project; again: the same case', async () => {
      await s.sweep('2026-03-05');
      const [alert] = await s.alerts();
      expect(alert.escalations.map((e: any) => e.kind)).toContain('CONTRACTOR_REPORT_OVERDUE');
      const overdueOn = alert.escalations.find((e: any) => e.kind === 'CONTRACTOR_REPORT_OVERDUE').on;
      await refused(s.admin, FROM_ALERT, { a: alertId, on: '2026-03-01' }, 'BAD_USER_INPUT', 'on');
      for (const token of [s.bankToken, s.contractorToken, tok('TRANSPORT', '210502')]) {
        expect(['FORBIDDEN', 'NOT_FOUND']).toContain(
          (await t.gql(token, FROM_ALERT, { a: alertId })).errors?.[0]?.extensions?.code,
        );
      }
      const c = (
        await must(t.gql<{ fileCaseFromAlert: Case }>(housing, FROM_ALERT, { a: alertId, on: '2026-03-05' }))
      ).fileCaseFromAlert;
      expect(c).toMatchObject({
        status: 'RECEIVED',
        source: 'ALERT',
        alertId,
        routedTo: 'HOUSING:210502',
        employer: { uscc: s.ownerUscc },
        claimedAmount: alert.shortfall,
        workers: null,
        receivedOn: '2026-03-05',
        project: { id: s.projectId },
      });
      expect(c.history[0].note).toMatch(/labour cost due 2026-02-24 short by 300000.00/);
      expect(overdueOn <= '2026-03-05').toBe(true);
      const again = (await must(t.gql<{ fileCaseFromAlert: Case }>(s.admin, FROM_ALERT, { a: alertId })))
        .fileCaseFromAlert;
      expect(again.id).toBe(c.id);
      expect(await count(`wage_case where alert_id = '${alertId}'`)).toBe(1);
      const routed = await pg.query(
        `select recipient from outbox_notice where topic = 'CASE_ROUTED' and payload->>'caseId' = $1`,
        [c.id],
      );
      expect(routed.rows).toEqual([{ recipient: 'HOUSING:210502' }]);
    });
  });

  describe('the cases list and its scope', () => {
    const ids = async (token: string, f: Record<string, unknown> = {}) => {
      const res = await must(t.gql<{ cases: any }>(token, CASES, { f, first: 500 }));
      return {
        total: res.cases.totalCount as number,
        routed: new Set<string>(res.cases.edges.map((e: any) => e.node.routedTo)),
      };
    };

    it('shows each agency the cases of its district and industry, and the agency a case is routed to', async () => {
      const all = await ids(seed.admin);
      expect(all.total).toBe(await count('wage_case'));
      expect([...(await ids(tok('HRSS', '210502'))).routed].sort()).toEqual(['HOUSING:210502']);
      expect([...(await ids(tok('HRSS', '210522'))).routed].sort()).toEqual(['HRSS:210522']);
      expect([...(await ids(tok('HOUSING', '210502'))).routed].sort()).toEqual(['HOUSING:210502']);
      expect([...(await ids(tok('HOUSING', '210500'))).routed].sort()).toEqual(['HOUSING:210502']);
      expect([...(await ids(tok('TRANSPORT', '210503'))).routed].sort()).toEqual(['TRANSPORT:210503']);
      expect([...(await ids(tok('POLICE', '210504'))).routed].sort()).toEqual(['WATER:210504']);
      expect([...(await ids(tok('HRSS', '210521'))).routed].sort()).toEqual(['HRSS:210521']);
      expect((await ids(tok('TRANSPORT', '210502'))).total).toBe(0);
    });

    it('shows banks, contractors and the credit platform none, and a case out of scope is null', async () => {
      for (const token of [
        tok('BANK', '210500', { bank: seed.bankCode }),
        tok('CONTRACTOR', '210500', { uscc: seed.contractorUscc }),
        tok('CREDIT_PLATFORM', '210500'),
      ]) {
        expect((await ids(token)).total).toBe(0);
      }
      const { id } = await file(seed.admin);
      expect(
        (await must(t.gql<{ wageCase: Case | null }>(tok('HRSS', '210503'), ONE, { id }))).wageCase,
      ).toBeNull();
      expect(
        (
          await must(
            t.gql<{ wageCase: Case | null }>(tok('BANK', '210500', { bank: seed.bankCode }), ONE, { id }),
          )
        ).wageCase,
      ).toBeNull();
      expect((await must(t.gql<{ wageCase: Case | null }>(housing, ONE, { id }))).wageCase?.id).toBe(id);
    });

    it('filters by status, district, project and source, and pages newest first', async () => {
      const closed = await ids(seed.admin, { status: 'CLOSED' });
      expect(closed.total).toBe(await count(`wage_case where status = 'CLOSED'`));
      expect((await ids(seed.admin, { districtCode: '210503' })).routed).toEqual(
        new Set(['TRANSPORT:210503']),
      );
      expect((await ids(seed.admin, { projectId: projects.WATER })).total).toBe(
        await count(`wage_case where project_id = '${projects.WATER}'`),
      );
      expect((await ids(seed.admin, { source: 'ALERT' })).total).toBe(1);
      expect((await t.gql(seed.admin, CASES, { f: { status: 'NOPE' } })).errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'filter.status' },
      });
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await must(t.gql<{ cases: any }>(seed.admin, CASES, { first: 4, after }))).cases;
        seen.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const expected = (
        await pg.query(`select id from wage_case order by created_at desc, id desc`)
      ).rows.map((r) => r.id);
      expect(seen).toEqual(expected);
    });
  });

  describe("the employer's legal representative", () => {
    const REGISTER = `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { uscc legalRepresentative { name maskedIdNumber } } }`;

    it('is checked (GB 11643), stored, and returned masked only', async () => {
      const uscc = freshUscc();
      const res = await t.gql<{ registerEnterprise: any }>(seed.admin, REGISTER, {
        i: {
          uscc,
          name: '本溪某建筑劳务有限公司',
          legalRepresentative: { name: '孙八', idNumber: WORKER_C },
        },
      });
      expect(res.data!.registerEnterprise).toEqual({
        uscc,
        legalRepresentative: {
          name: '孙八',
          maskedIdNumber: `${WORKER_C.slice(0, 6)}********${WORKER_C.slice(-4)}`,
        },
      });
      expect(JSON.stringify(res)).not.toContain(WORKER_C);
      const row = await pg.query(
        `select legal_rep_name, legal_rep_id_number from enterprise where uscc = $1`,
        [uscc],
      );
      expect(row.rows).toEqual([{ legal_rep_name: '孙八', legal_rep_id_number: WORKER_C }]);
      const without = await must(
        t.gql<{ registerEnterprise: any }>(seed.admin, REGISTER, {
          i: { uscc: freshUscc(), name: '无代表人' },
        }),
      );
      expect(without.registerEnterprise.legalRepresentative).toBeNull();
    });

    it.each([
      ['legalRepresentative.idNumber', { name: '孙八', idNumber: BAD_CHECK }, /does not match \(GB 11643\)/],
      ['legalRepresentative.idNumber', { name: '孙八', idNumber: '12345' }, /18-character/],
      ['legalRepresentative.name', { name: ' ', idNumber: WORKER_C }, /must not be empty/],
    ])('refuses a bad %s (case %#), storing nothing', async (field, rep, message) => {
      const uscc = freshUscc();
      const res = await t.gql(seed.admin, REGISTER, {
        i: { uscc, name: '某公司', legalRepresentative: rep },
      });
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
      expect(res.errors![0].message).toMatch(message);
      expect(res.errors![0].message).not.toContain(rep.idNumber);
      expect(await count(`enterprise where uscc = '${uscc}'`)).toBe(0);
    });
  });

  describe('the listing interface (loadListingFacts, recordCaseTransition)', () => {
    let em: EntityManager;
    beforeAll(() => {
      em = t.hub.orm.em.fork() as EntityManager;
    });

    it('gives the facts of a case, with the legal representative unmasked for the listing', async () => {
      const employerUscc = freshUscc();
      await must(
        t.gql(seed.admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
          i: {
            uscc: employerUscc,
            name: '本溪某劳务有限公司',
            legalRepresentative: { name: '王五', idNumber: WORKER_C },
          },
        }),
      );
      const c = await file(seed.admin, { employerUscc });
      await must(t.gql(housing, VERIFY, { c: c.id, i: verification() }));
      await must(t.gql(housing, ORDER, { c: c.id, on: '2026-09-04', d: '2026-09-18' }));
      await must(t.gql(housing, PAY, { c: c.id, on: '2026-09-10', a: '1000.00' }));
      const facts = await loadListingFacts(em, c.id);
      expect(facts).toEqual({
        caseId: c.id,
        status: 'ORDERED',
        districtCode: '210502',
        projectId: projects.HOUSING,
        employer: {
          id: expect.any(String),
          uscc: employerUscc,
          name: '本溪某劳务有限公司',
          legalRepName: '王五',
          legalRepIdNumber: WORKER_C,
        },
        orderIssuedOn: '2026-09-04',
        orderIssuedBy: { org: 'HOUSING', district: '210502' },
        orderDeadline: '2026-09-18',
        listingDecisionDeadline: null, // not an HRSS order: no listing clock
        verifiedTotalFen: 2700050n,
        paidTotalFen: 100000n,
        arrearsOutstandingFen: 2600050n,
        lines: [
          { monthsOwed: 3, amountFen: 1500000n },
          { monthsOwed: 2, amountFen: 1200050n },
        ],
        paidInFullOn: null,
      });
      expect(await loadListingFacts(em, '00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await loadListingFacts(em, 'not-a-uuid')).toBeNull();

      const agency: Caller = { sub: 'officer-1', org: 'HOUSING', district: '210502' };
      const districtHrss: Caller = { sub: 'officer-2', org: 'HRSS', district: '210502' };
      await expect(
        em.transactional((tx) =>
          recordCaseTransition(
            tx as EntityManager,
            c.id,
            'LISTED',
            { ...agency, district: '210503' },
            '2026-09-21',
          ),
        ),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        em.transactional((tx) =>
          recordCaseTransition(
            tx as EntityManager,
            c.id,
            'LISTED',
            { ...districtHrss, district: '210503' },
            '2026-09-21',
          ),
        ),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        em.transactional((tx) =>
          recordCaseTransition(tx as EntityManager, c.id, 'PAID', agency, '2026-09-21'),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        em.transactional((tx) =>
          recordCaseTransition(tx as EntityManager, c.id, 'LISTED', agency, '2026-09-21'),
        ),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' }); // listing is HRSS's (Order 45)
      await expect(
        em.transactional((tx) =>
          recordCaseTransition(tx as EntityManager, c.id, 'LISTED', districtHrss, '2026-09-01'),
        ),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
      await expect(
        em.transactional((tx) =>
          recordCaseTransition(tx as EntityManager, c.id, 'LISTED', districtHrss, '2026-12-02'),
        ),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'on', message: /after today/ });
      await em.transactional((tx) =>
        recordCaseTransition(tx as EntityManager, c.id, 'LISTED', districtHrss, '2026-09-21', '列入失信名单'),
      );
      const listed = (await must(t.gql<{ wageCase: Case }>(seed.admin, ONE, { id: c.id }))).wageCase;
      expect(listed.status).toBe('LISTED');
      expect(listed.history.at(-1)).toMatchObject({
        action: 'LIST',
        fromStatus: 'ORDERED',
        toStatus: 'LISTED',
        on: '2026-09-21',
        by: { sub: 'officer-2', org: 'HRSS', district: '210502' },
        note: '列入失信名单',
      });
    });
  });
});
