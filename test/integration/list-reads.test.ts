import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must } from '../support/fixtures';
import { agreementScenario, fileHotlineClaim } from '../support/compliance-fixtures';

/**
 * A list reads only what its answer shows: `totalCount` alone is one statement (the count, no
 * rows), `edges` alone one (the page, no count), both two; and what is shown is right. The trivial
 * `projects(first: 1) { totalCount }` of issue #9 used to read a page of projects with their owners
 * and contractors it never showed. Counted on the hub's own pool, as statements-per-request does.
 */
describe('a list reads only what its answer shows', () => {
  let t: TestHub;
  let statements = 0;
  const PROJECTS = 6;
  async function counted(query: string): Promise<{ statements: number; data: any }> {
    const before = statements;
    const data = await must(t.gql(t.token(CITY_HRSS), query));
    return { statements: statements - before, data };
  }

  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    let last;
    for (let i = 0; i < PROJECTS; i++) {
      last = await agreementScenario(t, { startsOn: '2026-01-01', dueDay: 10 });
      await fileHotlineClaim(t, last);
    }
    await last!.sweep('2026-02-20'); // every agreement: January and February missed
    for (const orm of [t.hub.graphqlOrm, t.hub.orm])
      orm.em.getKnex().on('query', (q: { sql: string }) => {
        // the trusted-document list's reload every 10 s runs on its own timer, in no request
        if (!/from trusted_document/.test(q.sql)) statements += 1;
      });
  }, 120_000);
  afterAll(() => t.close());

  it.each([
    ['projects', PROJECTS],
    ['alerts', PROJECTS * 2],
    ['cases', PROJECTS],
  ])('%s: totalCount alone, edges alone, both', async (list, total) => {
    const count = await counted(`{ ${list}(first: 1) { totalCount } }`);
    expect(count).toEqual({ statements: 1, data: { [list]: { totalCount: total } } });

    const page = await counted(`{ ${list}(first: 4) { edges { node { id } } pageInfo { hasNextPage } } }`);
    expect(page.statements).toBe(1);
    expect(page.data[list].edges).toHaveLength(4);
    expect(page.data[list].pageInfo.hasNextPage).toBe(true);

    // through a fragment too: what is asked is found wherever it is written
    const both = await counted(
      `{ ${list}(first: 4) { ...F } } fragment F on ${list === 'cases' ? 'WageCase' : list === 'alerts' ? 'Alert' : 'Project'}Connection { totalCount edges { node { id } } }`,
    );
    expect(both.statements).toBe(1); // the page carries its count (src/services/views/page-read.ts)
    expect(both.data[list].totalCount).toBe(total);
    expect(both.data[list].edges.map((e: any) => e.node.id)).toEqual(
      page.data[list].edges.map((e: any) => e.node.id),
    );
  });
});
