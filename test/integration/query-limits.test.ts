import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS } from '../support/fixtures';
import { agreementScenario } from '../support/compliance-fixtures';

async function post(t: TestHub, token: string, query: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('bounded queries, on a real hub', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false', GRAPHQL_MAX_COST: '5000' });
    await agreementScenario(t, { startsOn: '2026-10-01', dueDay: 10 });
  });
  afterAll(() => t.close());

  it('answers an everyday agency page', async () => {
    const res = await post(
      t,
      t.token(CITY_HRSS),
      `{ projects(first: 50) { totalCount edges { node { name agreement { creditedTotal } alerts(first: 5) { edges { node { dueDate } } } } } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.projects.totalCount).toBe(1);
    expect(res.body.data.projects.edges[0].node.agreement.creditedTotal).toBe('0.00');
  });

  it('refuses nested pages from a bank token before running them: 400, QUERY_TOO_COMPLEX, the limit named', async () => {
    const res = await post(
      t,
      t.token({ org: 'BANK', bank: 'ANY' }),
      `{ projects(first: 500) { edges { node { alerts(first: 500) { edges { node { dueDate } } } } } } }`,
    );
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      {
        message: expect.stringMatching(
          /^query too complex: estimated cost \d+ is over the limit of 5000 \(maxCost/,
        ),
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' },
      },
    ]);
  });

  it('refuses a query deeper than the limit, and one with too many aliases', async () => {
    let deep = 'name';
    for (let i = 0; i < 6; i++) deep = `agreement { project { ${deep} } }`;
    const token = t.token(CITY_HRSS);
    const tooDeep = await post(t, token, `{ projects(first: 1) { edges { node { ${deep} } } } }`);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' });
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: calendarYears { year }`).join(' ');
    const tooWide = await post(t, token, `{ ${aliases} }`);
    expect(tooWide.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' });
  });
});

describe('string arguments have length limits', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
  });
  afterAll(() => t.close());
  const search = (text: string) =>
    t.gql(t.token(CITY_HRSS), `query($f: ProjectFilter) { projects(filter: $f) { totalCount } }`, {
      f: { nameContains: text },
    });

  it('refuses a 4 MB search at once, naming the field, and a search longer than a name can be', async () => {
    const started = Date.now();
    const huge = await search('工'.repeat((4 * 1024 * 1024) / 3));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(huge.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.nameContains' },
      message: expect.stringMatching(/at most 4000 characters/),
    });
    const long = await search('x'.repeat(201));
    expect(long.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.nameContains' });
    expect((await search('x'.repeat(200))).errors).toBeUndefined();
  });

  it('refuses an over-long string in a mutation input, naming its path', async () => {
    const r = await t.gql(
      t.token(CITY_HRSS),
      `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`,
      {
        i: { uscc: '91210500MA0000000X', name: '公'.repeat(4001) },
      },
    );
    expect(r.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });
});

describe('field suggestions', () => {
  it('are given in development and withheld in production, where they would name fields to any caller', async () => {
    const answers: string[] = [];
    for (const env of [{}, { NODE_ENV: 'production' }] as Record<string, string>[]) {
      const t = await startTestHub({ RUN_JOBS: 'false', ...env });
      try {
        const res = await post(t, t.token(CITY_HRSS), `{ projekts(first: 1) { totalCount } }`);
        expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        answers.push(res.body.errors[0].message);
      } finally {
        await t.close();
      }
    }
    expect(answers[0]).toMatch(/Did you mean "projects"/);
    expect(answers[1]).toBe('Cannot query field "projekts" on type "Query".');
  });
});
