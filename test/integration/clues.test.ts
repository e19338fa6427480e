import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { freshUscc, must, registerProject, seedBasics } from '../support/fixtures';
import type { Caller } from '../../src/auth/caller';
import { tableCounts } from '../support/table-counts';

const CLUE = `id source sourceNumber projectId districtCode routedTo employerUscc workers claimedAmount receivedOn
  summary closeWithinWorkingDays dueOn dueOnProvisional status outcome closedOn closedBy late caseId project { id } case { id source receivedOn }`;
const RECEIVE = `mutation($i: ClueInput!) { receiveClue(input: $i) { replayed clue { ${CLUE} } } }`;
const CLOSE = `mutation($c: ID!, $i: CloseClueInput!) { closeClue(clueId: $c, input: $i) { ${CLUE} } }`;
const TO_CASE = `mutation($c: ID!) { fileCaseFromClue(clueId: $c) { id source status receivedOn routedTo workers claimedAmount
  employer { uscc } project { id } history { action note } } }`;
const LIST = `query($f: ClueFilter, $first: Int, $after: String) { clues(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id sourceNumber routedTo late } } } }`;
const ONE = `query($id: ID!) { clue(id: $id) { ${CLUE} } }`;

type Clue = Record<string, any>;

describe('clues from the national platform and the provincial system (R18, C1)', () => {
  let t: TestHub;
  let pg: Client;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let housingProject: string;
  let transportProject: string;
  const tok = (org: string, district: string) =>
    t.token({ org: org as Caller['org'], district, sub: `${org.toLowerCase()}-${district}` });
  let city: string;
  let n = 0;
  const clue = (over: Record<string, unknown> = {}) => ({
    source: 'NATIONAL_PLATFORM',
    sourceNumber: `GZ2026-${++n}`,
    projectId: housingProject,
    employerUscc: seed.contractorUscc,
    workers: 4,
    amount: '36000.00',
    receivedOn: '2026-09-28',
    summary: '四名木工反映被拖欠八月、九月工资',
    ...over,
  });
  const receive = async (token: string, input: Record<string, unknown>) =>
    (await must(t.gql<{ receiveClue: { replayed: boolean; clue: Clue } }>(token, RECEIVE, { i: input })))
      .receiveClue;
  const counts = async () => tableCounts(pg, ['wage_clue', 'wage_case', 'outbox_notice']);
  /** One error with this code (and field), and nothing stored. */
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
    return res.errors![0].message;
  };

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    seed = await seedBasics(t);
    city = seed.admin;
    housingProject = await registerProject(t, city, { ...seed, industry: 'HOUSING', districtCode: '210502' });
    transportProject = await registerProject(t, city, {
      ...seed,
      industry: 'TRANSPORT',
      districtCode: '210502',
    });
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('intake', () => {
    it('keeps the source number, routes to the project’s industry authority, counts the deadline across National Day', async () => {
      const input = clue({ sourceNumber: 'GZ2026-0928-001' });
      const { replayed, clue: c } = await receive(city, input);
      expect(replayed).toBe(false);
      expect(c).toMatchObject({
        source: 'NATIONAL_PLATFORM',
        sourceNumber: 'GZ2026-0928-001',
        routedTo: 'HOUSING:210502',
        districtCode: '210502',
        claimedAmount: '36000.00',
        // 09-29, 09-30, (10-01…07 off), 10-08, 10-09, Saturday 10-10 (make-up), 10-12…16: the 10th
        dueOn: '2026-10-16',
        dueOnProvisional: false,
        status: 'OPEN',
        late: true, // still open on 2026-12-01, the tests' today
        project: { id: housingProject },
        case: null,
      });
      const notices = await pg.query(
        `select recipient, payload from outbox_notice where topic = 'CLUE_ROUTED' and payload->>'clueId' = $1`,
        [c.id],
      );
      expect(notices.rows).toEqual([
        expect.objectContaining({
          recipient: 'HOUSING:210502',
          payload: expect.objectContaining({ sourceNumber: 'GZ2026-0928-001', dueOn: '2026-10-16' }),
        }),
      ]);
      // no summary in the notice: it leaves the hub
      expect(JSON.stringify(notices.rows[0].payload)).not.toContain('木工');

      // the same clue again: the same record, nothing new stored or sent
      const before = await counts();
      const again = await receive(city, input);
      expect(again).toMatchObject({ replayed: true, clue: { id: c.id } });
      expect(await counts()).toEqual(before);

      // other content under the same number: a conflict naming the number; the stored clue unchanged
      const message = await refused(
        city,
        RECEIVE,
        { i: { ...input, amount: '99000.00' } },
        'CONFLICT',
        'sourceNumber',
      );
      expect(message).toMatch(/GZ2026-0928-001 is already stored with other content/);
      expect((await must(t.gql<{ clue: Clue }>(city, ONE, { id: c.id }))).clue.claimedAmount).toBe(
        '36000.00',
      );

      // the same number from the other platform is another clue
      const provincial = await receive(city, { ...input, source: 'PROVINCIAL_SYSTEM' });
      expect(provincial.replayed).toBe(false);
      expect(provincial.clue.id).not.toBe(c.id);
    });

    it('the same clue sent twice at once is stored once', async () => {
      const input = clue();
      const [a, b] = await Promise.all([receive(city, input), receive(city, input)]);
      expect(a.clue.id).toBe(b.clue.id);
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    });

    it('without a project goes to the district HRSS of the district it names', async () => {
      const { clue: c } = await receive(
        tok('HRSS', '210503'),
        clue({ projectId: null, districtCode: '210503' }),
      );
      expect(c).toMatchObject({ routedTo: 'HRSS:210503', projectId: null });
    });

    it.each([
      ['employerUscc', { employerUscc: '91210500MA0000000A' }],
      ['summary', { summary: '工人110101199003077777反映欠薪' }],
      ['sourceNumber', { sourceNumber: ' ' }],
      ['workers', { workers: 0 }],
      ['amount', { amount: '0.00' }],
      ['receivedOn', { receivedOn: '2026-12-02' }],
      ['districtCode', { projectId: null }],
      ['districtCode', { projectId: null, districtCode: '110101' }],
    ])('bad input names the field (%s) and stores nothing', async (field, over) => {
      await refused(city, RECEIVE, { i: clue(over) }, 'BAD_USER_INPUT', field);
    });

    it('is HRSS’s to take in, a district’s HRSS for its own district only', async () => {
      await refused(tok('HOUSING', '210502'), RECEIVE, { i: clue() }, 'FORBIDDEN');
      // another district's project is not in its scope: NOT_FOUND, naming nothing of it
      await refused(tok('HRSS', '210503'), RECEIVE, { i: clue() }, 'NOT_FOUND');
      await refused(
        tok('HRSS', '210503'),
        RECEIVE,
        { i: clue({ projectId: null, districtCode: '210502' }) },
        'FORBIDDEN',
      );
      expect((await receive(tok('HRSS', '210502'), clue())).clue.routedTo).toBe('HOUSING:210502');
    });
  });

  describe('closing with an outcome, on time or late', () => {
    it('on its deadline is on time, the next working day late; each closed once', async () => {
      const housing = tok('HOUSING', '210502');
      const onTime = (await receive(city, clue())).clue;
      const late = (await receive(city, clue())).clue;
      const closed = (
        await must(
          t.gql<{ closeClue: Clue }>(housing, CLOSE, {
            c: onTime.id,
            i: { outcome: 'VERIFIED_PAID', closedOn: '2026-10-16', note: '已督促支付' },
          }),
        )
      ).closeClue;
      expect(closed).toMatchObject({
        status: 'CLOSED',
        outcome: 'VERIFIED_PAID',
        closedOn: '2026-10-16',
        closedBy: 'HOUSING:210502',
        late: false,
      });
      const closedLate = (
        await must(
          t.gql<{ closeClue: Clue }>(tok('HRSS', '210502'), CLOSE, {
            c: late.id,
            i: { outcome: 'NOT_SUBSTANTIATED', closedOn: '2026-10-19' },
          }),
        )
      ).closeClue;
      expect(closedLate).toMatchObject({ outcome: 'NOT_SUBSTANTIATED', late: true });
      await refused(
        housing,
        CLOSE,
        { c: onTime.id, i: { outcome: 'DUPLICATE', closedOn: '2026-10-20' } },
        'CONFLICT',
        'status',
      );

      // on-time and late, per agency
      const lateOnes = await must(
        t.gql<any>(city, LIST, { f: { agency: 'HOUSING:210502', status: 'CLOSED', late: true } }),
      );
      expect(lateOnes.clues.edges.map((e: any) => e.node.id)).toEqual([late.id]);
      const onTimeOnes = await must(t.gql<any>(city, LIST, { f: { status: 'CLOSED', late: false } }));
      expect(onTimeOnes.clues.edges.map((e: any) => e.node.id)).toEqual([onTime.id]);
    });

    it('refuses a bad outcome date, VERIFIED_CASE_FILED without a case, and callers who are not its agency', async () => {
      const c = (await receive(city, clue())).clue;
      const housing = tok('HOUSING', '210502');
      await refused(
        housing,
        CLOSE,
        { c: c.id, i: { outcome: 'DUPLICATE', closedOn: '2026-09-27' } },
        'BAD_USER_INPUT',
        'closedOn',
      );
      await refused(
        housing,
        CLOSE,
        { c: c.id, i: { outcome: 'DUPLICATE', closedOn: '2026-12-02' } },
        'BAD_USER_INPUT',
        'closedOn',
      );
      await refused(
        housing,
        CLOSE,
        { c: c.id, i: { outcome: 'VERIFIED_CASE_FILED', closedOn: '2026-10-09' } },
        'CONFLICT',
        'outcome',
      );
      // the transport authority of the district does not see a housing clue at all
      await refused(
        tok('TRANSPORT', '210502'),
        CLOSE,
        { c: c.id, i: { outcome: 'DUPLICATE', closedOn: '2026-10-09' } },
        'NOT_FOUND',
      );
      // the district's police see it (their district's projects) but do not close it
      await refused(
        tok('POLICE', '210502'),
        CLOSE,
        { c: c.id, i: { outcome: 'DUPLICATE', closedOn: '2026-10-09' } },
        'FORBIDDEN',
      );
    });
  });

  describe('lists per source and per agency, scoped as cases are', () => {
    it('each agency sees its own; a filter narrows; banks and contractors see none', async () => {
      const transportClue = (
        await receive(city, clue({ projectId: transportProject, source: 'PROVINCIAL_SYSTEM' }))
      ).clue;
      expect(transportClue.routedTo).toBe('TRANSPORT:210502');
      const ids = async (token: string, f?: Record<string, unknown>) =>
        (await must(t.gql<any>(token, LIST, { f, first: 500 }))).clues;
      const all = await ids(city);
      const transport = await ids(tok('TRANSPORT', '210502'));
      expect(transport.edges.map((e: any) => e.node.id)).toEqual([transportClue.id]);
      expect(transport.totalCount).toBe(1);
      const housing = await ids(tok('HOUSING', '210502'));
      expect(housing.edges.every((e: any) => e.node.routedTo === 'HOUSING:210502')).toBe(true);
      expect(housing.totalCount).toBe(
        all.edges.filter((e: any) => e.node.routedTo === 'HOUSING:210502').length,
      );
      // another district's HRSS sees only its district's
      const xihu = await ids(tok('HRSS', '210503'));
      expect(xihu.edges.map((e: any) => e.node.routedTo)).toEqual(['HRSS:210503']);
      // per source
      const provincial = await ids(city, { source: 'PROVINCIAL_SYSTEM' });
      expect(provincial.edges.map((e: any) => e.node.id)).toContain(transportClue.id);
      expect(provincial.totalCount).toBeLessThan(all.totalCount);
      // per agency, narrowing only: the transport authority asking for housing's gets nothing
      expect((await ids(tok('TRANSPORT', '210502'), { agency: 'HOUSING:210502' })).totalCount).toBe(0);
      for (const outsider of [
        t.token({ org: 'BANK', bank: seed.bankCode }),
        t.token({ org: 'CONTRACTOR', uscc: seed.contractorUscc }),
      ])
        expect((await ids(outsider)).totalCount).toBe(0);
      // pages with first/after walk the whole list once
      const seen: string[] = [];
      for (let after: string | null = null; ;) {
        const page: any = (await must(t.gql<any>(city, LIST, { first: 2, after }))).clues;
        seen.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen.sort()).toEqual(all.edges.map((e: any) => e.node.id).sort());
    });
  });

  describe('a case from a clue', () => {
    it('carries the clue’s source, project, employer, workers, amount and day received, and the link; again: the same case', async () => {
      const c = (await receive(city, clue({ sourceNumber: 'GZ2026-CASE-1' }))).clue;
      const housing = tok('HOUSING', '210502');
      const made = (await must(t.gql<{ fileCaseFromClue: any }>(housing, TO_CASE, { c: c.id })))
        .fileCaseFromClue;
      expect(made).toMatchObject({
        source: 'NATIONAL_PLATFORM',
        status: 'RECEIVED',
        receivedOn: '2026-09-28',
        routedTo: 'HOUSING:210502',
        workers: 4,
        claimedAmount: '36000.00',
        employer: { uscc: seed.contractorUscc },
        project: { id: housingProject },
        history: [{ action: 'RECEIVE', note: 'from NATIONAL_PLATFORM clue GZ2026-CASE-1' }],
      });
      const before = await counts();
      expect(
        (await must(t.gql<{ fileCaseFromClue: any }>(city, TO_CASE, { c: c.id }))).fileCaseFromClue.id,
      ).toBe(made.id);
      expect(await counts()).toEqual(before);
      const linked = (await must(t.gql<{ clue: Clue }>(housing, ONE, { id: c.id }))).clue;
      expect(linked).toMatchObject({ caseId: made.id, case: { id: made.id, source: 'NATIONAL_PLATFORM' } });
      const closed = (
        await must(
          t.gql<{ closeClue: Clue }>(housing, CLOSE, {
            c: c.id,
            i: { outcome: 'VERIFIED_CASE_FILED', closedOn: '2026-10-12' },
          }),
        )
      ).closeClue;
      expect(closed).toMatchObject({ outcome: 'VERIFIED_CASE_FILED', late: false });
    });

    it('needs the employer registered, and stores nothing until it is', async () => {
      const c = (await receive(city, clue({ employerUscc: freshUscc() }))).clue;
      await refused(city, TO_CASE, { c: c.id }, 'BAD_USER_INPUT', 'employerUscc');
    });
  });
  describe('the clue rule is data city HRSS sets', () => {
    const SET = `mutation($d: Int!, $from: Date) { setClueRules(closeWithinWorkingDays: $d, effectiveFrom: $from) {
      effectiveFrom closeWithinWorkingDays setBy } }`;
    it('a clue received from its day gets its working days; one received before keeps its own', async () => {
      const earlier = (await receive(city, clue({ receivedOn: '2026-10-30' }))).clue;
      expect(earlier).toMatchObject({ closeWithinWorkingDays: 10, dueOn: '2026-11-13' });
      await refused(tok('HOUSING', '210502'), SET, { d: 5, from: '2026-11-01' }, 'FORBIDDEN');
      const bad = await t.gql(city, SET, { d: 0, from: '2026-11-01' });
      expect(bad.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'closeWithinWorkingDays' },
      });
      const set = (await must(t.gql<{ setClueRules: any }>(city, SET, { d: 5, from: '2026-11-01' })))
        .setClueRules;
      expect(set).toMatchObject({ effectiveFrom: '2026-11-01', closeWithinWorkingDays: 5 });
      // received Monday 11-02: 11-03, 04, 05, 06, 09
      const later = (await receive(city, clue({ receivedOn: '2026-11-02' }))).clue;
      expect(later).toMatchObject({ closeWithinWorkingDays: 5, dueOn: '2026-11-09' });
      expect((await must(t.gql<{ clue: Clue }>(city, ONE, { id: earlier.id }))).clue.dueOn).toBe(
        '2026-11-13',
      );
      const rules = (
        await must(
          t.gql<{ clueRules: any[] }>(city, `{ clueRules { effectiveFrom closeWithinWorkingDays } }`),
        )
      ).clueRules;
      expect(rules).toEqual([{ effectiveFrom: '2026-11-01', closeWithinWorkingDays: 5 }]);
    });
  });
});
