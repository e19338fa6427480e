import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must } from '../support/fixtures';
import { agreementScenario } from '../support/compliance-fixtures';

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
const CASES = `query($n: Int) { cases(first: $n) { edges { node { status history { action } lines { workerName } payments { amount } } } } }`;

describe('statements per request', () => {
  let t: TestHub;
  let statements = 0;
  const admin = () => t.token(CITY_HRSS);
  async function counted(query: string, n: number): Promise<{ statements: number; data: any }> {
    const before = statements;
    const data = await must(t.gql(admin(), query, { n }));
    return { statements: statements - before, data };
  }

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    t.hub.orm.em.getKnex().on('query', () => (statements += 1));
    let last;
    for (let i = 0; i < 40; i++) {
      last = await agreementScenario(t, { startsOn: '2026-01-01', dueDay: 10 });
      await last.credit('100000.00', '2026-01-09T10:00:00+08:00');
      const claim = {
        source: 'HOTLINE',
        projectId: last.projectId,
        employerUscc: last.contractorUscc,
        workers: 2,
        amount: '9000.00',
        receivedOn: '2026-09-01',
      };
      await must(
        t.gql(admin(), `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`, { i: claim }),
      );
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
    }
    await last!.sweep('2026-03-20'); // every agreement: January short, February and March missed
  }, 180_000);
  afterAll(() => t.close());

  it.each([
    ['projects with owner, contractor, agreement, its total and 3 alerts each', PROJECTS, 'projects'],
    ['alerts with their project, its agreement and total', ALERTS, 'alerts'],
    ['cases with history, lines and payments', CASES, 'cases'],
    ['incidents with their project and its agreement', INCIDENTS, 'incidents'],
  ])('%s: the same count for 5, 20 and 40 rows', async (_what, query, root) => {
    const runs = [];
    for (const n of [5, 20, 40]) runs.push(await counted(query, n));
    expect(runs.map((r) => r.data[root].edges.length)).toEqual([5, 20, 40]);
    const counts = runs.map((r) => r.statements);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[0]).toBeLessThanOrEqual(12);
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
