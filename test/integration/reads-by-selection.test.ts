import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must } from '../support/fixtures';
import { agreementScenario, fileHotlineClaim } from '../support/compliance-fixtures';

/**
 * A list that joins its projects anyway (alerts, cases) reads them with its page when the answer
 * shows only the project's own fields; the owner and contractor are read, and right, whenever any
 * spelling of the query asks for them (a fragment, an alias beside a lean one). A page and its
 * list's count are one statement (src/services/views/page-read.ts).
 */
describe('a page reads what its answer shows of its projects', () => {
  let t: TestHub;
  const sent: string[] = [];
  const scenarios: { projectId: string; contractorUscc: string }[] = [];
  const admin = () => t.token(CITY_HRSS);

  /** The statements GraphQL's pool sent for one request, and its data. */
  async function read(query: string): Promise<{ statements: string[]; data: any }> {
    const from = sent.length;
    const data = await must(t.gql(admin(), query));
    return { statements: sent.slice(from), data };
  }

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    t.hub.graphqlOrm.em.getKnex().on('query', (q: { sql: string }) => {
      if (!/from trusted_document/.test(q.sql)) sent.push(q.sql);
    });
    let last;
    for (let i = 0; i < 3; i++) {
      last = await agreementScenario(t, { startsOn: '2026-01-01', dueDay: 10 });
      scenarios.push(last);
      await fileHotlineClaim(t, last);
    }
    await last!.sweep('2026-03-20'); // every agreement: January, February and March missed
  }, 120_000);
  afterAll(() => t.close());

  const contractorOf = (projectId: string) =>
    scenarios.find((s) => s.projectId === projectId)?.contractorUscc;

  it("alerts showing only their project's own fields send one statement fewer, with the same projects", async () => {
    const lean = await read(
      `{ alerts(first: 50) { edges { node { dueDate project { id name districtCode } } } } }`,
    );
    const full = await read(
      `{ alerts(first: 50) { edges { node { dueDate project { id name districtCode contractor { uscc } } } } } }`,
    );
    expect(lean.data.alerts.edges).toHaveLength(9);
    expect(lean.statements.length).toBe(full.statements.length - 1);
    lean.data.alerts.edges.forEach((e: any, i: number) => {
      const { contractor, ...own } = full.data.alerts.edges[i].node.project;
      expect(e.node.project).toEqual(own);
      expect(e.node.project.name).toMatch(/\S/);
      expect(contractor.uscc).toBe(contractorOf(own.id));
    });
  });

  it('an alias or a fragment asking for the contractor beside a lean spelling still gets it', async () => {
    const { data } = await read(`{ alerts(first: 50) { edges { node {
      lean: project { name } ...Parties } } } }
      fragment Parties on Alert { project { id contractor { uscc } owner { name } } }`);
    expect(data.alerts.edges).toHaveLength(9);
    for (const { node } of data.alerts.edges) {
      expect(node.project.contractor.uscc).toBe(contractorOf(node.project.id));
      expect(node.project.owner.name).toMatch(/\S/);
      expect(node.lean.name).toMatch(/\S/);
    }
  });

  it('cases read their projects without owner and contractor unless the answer shows them; both right', async () => {
    const lean = await read(`{ cases(first: 50) { edges { node { status project { id name } } } } }`);
    const full = await read(
      `{ cases(first: 50) { edges { node { status project { id name contractor { uscc } } } } } }`,
    );
    expect(lean.data.cases.edges).toHaveLength(3);
    const page = (statements: string[]) =>
      statements.find((s) => /from wage_case w left join project/.test(s))!;
    expect(page(lean.statements)).not.toMatch(/wp_c/);
    expect(page(full.statements)).toMatch(/wp_c/);
    expect(lean.statements.length).toBe(full.statements.length);
    lean.data.cases.edges.forEach((e: any, i: number) => {
      const { contractor, ...own } = full.data.cases.edges[i].node.project;
      expect(e.node.project).toEqual(own);
      expect(contractor.uscc).toBe(contractorOf(own.id));
    });
  });

  it('a page and its list count come in one statement; past the end the count still comes, on its own', async () => {
    const both = await read(
      `{ alerts(first: 4) { totalCount pageInfo { endCursor } edges { node { dueDate } } } }`,
    );
    expect(both.data.alerts.totalCount).toBe(9);
    expect(both.data.alerts.edges).toHaveLength(4);
    expect(both.statements).toHaveLength(1);
    const all = await read(`{ alerts(first: 9) { pageInfo { endCursor hasNextPage } } }`);
    expect(all.data.alerts.pageInfo.hasNextPage).toBe(false);
    const past = await read(
      `{ alerts(first: 4, after: "${all.data.alerts.pageInfo.endCursor}") { totalCount edges { node { dueDate } } } }`,
    );
    expect(past.data.alerts).toEqual({ totalCount: 9, edges: [] });
    expect(past.statements).toHaveLength(2);
    const counted = await read(`{ cases { totalCount } projects { totalCount } }`);
    expect(counted.data).toEqual({ cases: { totalCount: 3 }, projects: { totalCount: 3 } });
    const cases = await read(`{ cases(first: 2) { totalCount edges { node { status } } } }`);
    expect(cases.data.cases.totalCount).toBe(3);
    expect(cases.statements).toHaveLength(1);
  });
});
