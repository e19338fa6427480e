import { auditServer, type AuditResult } from 'graphql-http';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS } from '../support/fixtures';

/**
 * The GraphQL over HTTP spec, as graphql-http's server audit checks it, against a real hub.
 * Every request carries a token (the hub answers none without one). The audit's three notices are
 * its MAY checks of GETs with form-encoded or URL-encoded parameters, which Apollo's CSRF
 * prevention refuses on purpose: they are listed, and must stay those three.
 */
describe('GraphQL over HTTP (graphql-http audit)', () => {
  let t: TestHub;
  let results: AuditResult[];
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    const token = t.token(CITY_HRSS);
    const fetchWithToken: typeof fetch = (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    results = await auditServer({ url: `${t.url}/graphql`, fetchFn: fetchWithToken });
  });
  afterAll(() => t.close());

  const named = (status: AuditResult['status']) =>
    results
      .filter((r) => r.status === status)
      .map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);

  it('passes every MUST and every SHOULD', () => {
    expect(results.length).toBeGreaterThan(40);
    expect(named('error')).toEqual([]);
    expect(named('warn')).toEqual([]);
  });

  it('leaves only the three GET notices that CSRF prevention causes', () => {
    expect(results.filter((r) => r.status === 'notice').map((r) => r.id)).toEqual(['5A70', 'D6D5', '6A70']);
  });

  const post = (accept: string, query: string, variables?: Record<string, unknown>) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept,
        authorization: `Bearer ${t.token(CITY_HRSS)}`,
      },
      body: JSON.stringify({ query, variables }),
    });

  it('answers a client accepting only application/json with 200 and the errors, others with 400', async () => {
    // a document that does not parse, one that does not validate, variables that do not coerce
    const cases: [string, Record<string, unknown>?][] = [
      ['{'],
      ['{ noSuchField }'],
      ['query($id: ID!) { project(id: $id) { name } }', { id: { not: 'an id' } }],
    ];
    for (const c of cases) {
      const [query, variables] = c;
      const legacy = await post('application/json', query, variables);
      expect([query, legacy.status]).toEqual([query, 200]);
      expect(legacy.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await legacy.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors.map((e) => e.extensions.code)).toEqual([
        ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'][cases.indexOf(c)],
      ]);

      const modern = await post('application/graphql-response+json', query, variables);
      expect([query, modern.status]).toEqual([query, 400]);
      const any = await post('*/*', query, variables);
      expect([query, any.status]).toEqual([query, 400]);
    }
  });

  it('keeps 401 for a request without a token, whatever it accepts', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(401);
  });

  it('answers a POST with its body and length, but no ETag to hash nor X-Powered-By, and GET queries still', async () => {
    const res = await post('application/json', '{ __typename }');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    // a GET query goes the other way, past the console's routes: Apollo still answers it
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: {
        accept: 'application/json',
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${t.token(CITY_HRSS)}`,
      },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect(get.headers.get('etag')).toBeNull();
  });
});
