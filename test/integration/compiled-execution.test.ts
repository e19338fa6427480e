import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS } from '../support/fixtures';
import { agreementScenario } from '../support/compliance-fixtures';

/**
 * A read's second run is a compiled document (schema/compiled-execution.ts), its first ran on
 * graphql-js: for every kind of document an agency sends, both answers are the same bytes with the
 * same HTTP status — data, errors with their codes, paths and locations, variables, fragments,
 * aliases, directives. What stays interpreted (mutations, variables that do not coerce) is
 * answered as before and never counted as compiled.
 */
describe('compiled execution', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    for (let i = 0; i < 3; i++) await agreementScenario(t, { startsOn: '2026-01-01', dueDay: 10 });
  }, 120_000);
  afterAll(() => t.close());

  async function raw(
    token: string,
    query: string,
    variables?: unknown,
  ): Promise<{ status: number; body: string }> {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: await res.text() };
  }
  /** the first answer (interpreted), the second (compiled), and how many compiled answers it added */
  async function twice(token: string, query: string, variables?: unknown) {
    const before = t.hub.compiledExecution.compiledAnswers();
    const first = await raw(token, query, variables);
    const between = t.hub.compiledExecution.compiledAnswers();
    const second = await raw(token, query, variables);
    return {
      first,
      second,
      compiledFirst: between - before,
      compiledSecond: t.hub.compiledExecution.compiledAnswers() - between,
    };
  }

  const PAGE = `query Page($n: Int, $withAlerts: Boolean!) {
  projects(first: $n) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { ...P contractor { uscc name } agreement { id laborCostPerCycle dueDay startsOn }
      alerts(first: 2) @include(if: $withAlerts) { totalCount edges { node { id kind status dueDate shortfall } } } } }
  }
  more: projects(first: 1) { edges { node { name } } }
}
fragment P on Project { id name districtCode industry contractPrice }`;

  it('answers a page of projects with fragments, aliases and directives the same, compiled', async () => {
    const r = await twice(t.token(CITY_HRSS), PAGE, { n: 3, withAlerts: true });
    expect(r.first.status).toBe(200);
    expect(JSON.parse(r.first.body).data.projects.edges).toHaveLength(3);
    expect(JSON.parse(r.first.body).data.projects.edges[0].node.alerts.totalCount).toEqual(
      expect.any(Number),
    );
    expect(r.second).toEqual(r.first);
    expect([r.compiledFirst, r.compiledSecond]).toEqual([0, 1]);
    // other variables, the same compiled document: the directive is honoured
    const without = await raw(t.token(CITY_HRSS), PAGE, { n: 2, withAlerts: false });
    expect(JSON.parse(without.body).data.projects.edges[0].node.alerts).toBeUndefined();
  });

  it('answers a refusal with the same code, path and location, compiled', async () => {
    const query = `query Audit {
  auditLog(first: 5) { totalCount }
}`;
    const r = await twice(t.token({ org: 'HRSS', district: '210502' }), query);
    const body = JSON.parse(r.second.body);
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0].path).toEqual(['auditLog']);
    expect(body.errors[0].locations).toEqual([{ line: 2, column: 3 }]);
    expect(r.second).toEqual(r.first);
    expect(r.compiledSecond).toBe(1);
  });

  it('leaves variables that do not coerce to graphql-js: 400 BAD_USER_INPUT naming the variable, both times', async () => {
    const r = await twice(t.token(CITY_HRSS), PAGE, { n: 'three', withAlerts: true });
    expect(r.first.status).toBe(400);
    expect(JSON.parse(r.first.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.parse(r.first.body).errors[0].message).toContain('$n');
    expect(r.second).toEqual(r.first);
    expect(r.compiledSecond).toBe(0);
  });

  it('runs mutations on graphql-js', async () => {
    const mutation = `mutation { registerEnterprise(input: { uscc: "not-a-uscc", name: "x" }) { uscc } }`;
    const r = await twice(t.token(CITY_HRSS), mutation);
    expect(JSON.parse(r.first.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(r.second).toEqual(r.first);
    expect(r.compiledFirst + r.compiledSecond).toBe(0);
  });
});
