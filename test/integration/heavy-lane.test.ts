import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { registerProject, seedBasics } from '../support/fixtures';
import { graphqlStatements, lockTable, waitingOnALock } from '../support/pg-activity';

/**
 * The heavy lane, seen from PostgreSQL: with GRAPHQL_HEAVY_COST 100 a page of 50 projects (cost
 * 151) is heavy, and GRAPHQL_MAX_HEAVY_IN_FLIGHT 1 lets one run at a time; the one running waits
 * behind a lock the test holds on the project table.
 */
const HEAVY = `{ projects(first: 50) { edges { node { name } } } }`;
const LIGHT = `{ calendarYears { year } }`;

describe('the heavy lane', () => {
  let t: TestHub;
  let sql: Client;
  beforeAll(async () => {
    t = await startTestHub({
      RUN_JOBS: 'false',
      GRAPHQL_HEAVY_COST: '100',
      GRAPHQL_MAX_HEAVY_IN_FLIGHT: '1',
    });
    const seed = await seedBasics(t);
    await registerProject(t, seed.admin, { ...seed, districtCode: '210502' });
    sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  const post = (token: string, query: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });

  it('runs one heavy operation at a time, the others waiting unworked, while light ones pass', async () => {
    const district = t.token({ org: 'HRSS', district: '210502' });
    const city = t.token({ org: 'HRSS', district: '210500' });
    const lock = await lockTable(t.databaseUrl, 'project');
    try {
      const first = post(district, HEAVY);
      const running = await waitingOnALock(sql);
      const others = [post(district, HEAVY), post(city, HEAVY)];
      await new Promise((r) => setTimeout(r, 500));
      // Nothing of the two waiting ones has reached the database.
      expect((await graphqlStatements(sql)).map((s) => s.pid)).toEqual(running.map((s) => s.pid));
      const light = await post(district, LIGHT);
      expect(light.status).toBe(200);
      await lock.release();
      for (const res of await Promise.all([first, ...others])) {
        expect(res.status).toBe(200);
        expect(((await res.json()) as any).data.projects.edges).toHaveLength(1);
      }
    } finally {
      await lock.release();
    }
  });
});
