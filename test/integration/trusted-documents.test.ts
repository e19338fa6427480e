import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestHub, TEST_PERSONAL_DATA_ENV, type TestHub } from '../support/test-hub';
import { CITY_HRSS, must, registerProject, seedBasics } from '../support/fixtures';
import { loadReleaseManifest, sha256Hex } from '../../src/trusted-documents/documents';
import { loadConfig } from '../../src/config';

const RELEASE = new Map(loadReleaseManifest().map((d) => [d.name, d]));
const OVERVIEW = RELEASE.get('ProjectsOverview')!;
const PINGSHAN_HRSS = { org: 'HRSS', district: '210502' } as const;
// An ad-hoc query with an ID number in it: the text must never reach the log.
const ID_NUMBER = '21050219800101123X';
const ADHOC = `query Adhoc { projects(filter: { nameContains: "${ID_NUMBER}" }) { totalCount } }`;

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
}

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

async function post(t: TestHub, token: string, body: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const code = (a: Answer) => a.body.errors?.[0]?.extensions?.code;

async function metric(t: TestHub, outcome: string): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`wagewatch_graphql_documents_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('trusted documents in production (TRUSTED_DOCUMENTS unset: refuse)', () => {
  let t: TestHub;
  let admin: string;
  let district: string;
  const logged = capture();

  beforeAll(async () => {
    t = await startTestHub({ NODE_ENV: 'production', RUN_JOBS: 'false' }, { log: logged.log });
    admin = t.token(CITY_HRSS);
    district = t.token(PINGSHAN_HRSS);
    // city HRSS may send ad-hoc documents (TRUSTED_DOCUMENTS_ADHOC_CALLERS defaults to HRSS:210500)
    const seed = await seedBasics(t);
    await registerProject(t, admin, { ...seed, districtCode: '210502' });
  });
  afterAll(() => t.close());

  it('runs a released document sent by documentId, by APQ sha256Hash, or as its exact text', async () => {
    for (const body of [
      { documentId: `sha256:${OVERVIEW.id}` },
      { extensions: { persistedQuery: { version: 1, sha256Hash: OVERVIEW.id } } },
      { query: OVERVIEW.body, extensions: { persistedQuery: { version: 1, sha256Hash: OVERVIEW.id } } },
      { query: OVERVIEW.body },
    ]) {
      const answer = await post(t, admin, { ...body, variables: { first: 3 } });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.projects.totalCount).toBeGreaterThan(0);
    }
  });

  it('runs a document named in a GET query string (documentId), as GraphQL over HTTP allows for queries', async () => {
    const search = new URLSearchParams({ documentId: `sha256:${OVERVIEW.id}`, variables: '{"first":1}' });
    const res = await fetch(`${t.url}/graphql?${search}`, {
      // Apollo's CSRF prevention wants a header a browser form cannot send
      headers: { authorization: `Bearer ${district}`, 'apollo-require-preflight': 'true' },
    });
    const body = (await res.json()) as Answer['body'];
    expect(body.errors).toBeUndefined();
    expect(body.data.projects.edges).toHaveLength(1);
  });

  it('refuses an unregistered document from an agency with DOCUMENT_NOT_TRUSTED saying what to do, and logs no text', async () => {
    const before = await metric(t, 'unregistered_refused');
    const answer = await post(t, district, { query: ADHOC });
    expect(answer.status).toBe(400);
    expect(code(answer)).toBe('DOCUMENT_NOT_TRUSTED');
    expect(answer.body.errors![0].message).toMatch(/documentId/);
    expect(answer.body.errors![0].message).toContain(`sha256:${sha256Hex(ADHOC)}`);
    expect(answer.body.errors![0].message).toMatch(/registerTrustedDocument/);
    expect(answer.body.data).toBeUndefined();
    expect(await metric(t, 'unregistered_refused')).toBe(before + 1);
    const line = logged.lines.find((l) => l.includes(sha256Hex(ADHOC)));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ operationName: null, org: 'HRSS', district: '210502' });
    expect(logged.lines.join('')).not.toContain(ID_NUMBER);
  });

  it('lets city HRSS run it ad hoc, counted as such', async () => {
    const before = await metric(t, 'unregistered_adhoc');
    const answer = await post(t, admin, { query: ADHOC, operationName: 'Adhoc' });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.projects.totalCount).toBe(0);
    expect(await metric(t, 'unregistered_adhoc')).toBe(before + 1);
    expect(logged.lines.join('')).not.toContain(ID_NUMBER);
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND naming it; the APQ retry with the text is judged as text', async () => {
    const unknown = sha256Hex(ADHOC);
    for (const body of [
      { documentId: `sha256:${unknown}` },
      { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } },
    ]) {
      const answer = await post(t, district, body);
      expect(answer.status).toBe(400);
      expect(code(answer)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(answer.body.errors![0].message).toContain(`sha256:${unknown}`);
    }
    const retry = { query: ADHOC, extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } };
    expect(code(await post(t, district, retry))).toBe('DOCUMENT_NOT_TRUSTED');
    expect((await post(t, admin, retry)).body.data.projects.totalCount).toBe(0);
  });

  it('refuses ids that are malformed, or that do not match the text sent with them', async () => {
    const bad = await post(t, district, { documentId: 'md5:abc' });
    expect([bad.status, code(bad)]).toEqual([400, 'BAD_REQUEST']);
    expect(bad.body.errors![0].message).toMatch(/documentId/);
    const mismatch = await post(t, district, { documentId: `sha256:${OVERVIEW.id}`, query: ADHOC });
    expect([mismatch.status, code(mismatch)]).toEqual([400, 'BAD_REQUEST']);
    const two = await post(t, district, {
      documentId: `sha256:${OVERVIEW.id}`,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(ADHOC) } },
    });
    expect(code(two)).toBe('BAD_REQUEST');
  });

  it('city HRSS registers a document: its id runs for an agency at once, by id or exact text; retired, it is refused', async () => {
    const text = `query PingshanProjectNames { projects(first: 50) { edges { node { name districtCode } } } }`;
    const registered = await must(
      t.gql<{ registerTrustedDocument: any }>(
        admin,
        `mutation($b: String!, $n: String) { registerTrustedDocument(body: $b, note: $n) { id name type body source registeredBy retiredAt } }`,
        { b: text, n: '平山区人社局 case system' },
      ),
    );
    const doc = registered.registerTrustedDocument;
    expect(doc).toMatchObject({
      name: 'PingshanProjectNames',
      type: 'query',
      source: 'REGISTERED',
      retiredAt: null,
    });
    expect(doc.id).toBe(sha256Hex(doc.body));
    const byId = await post(t, district, { documentId: `sha256:${doc.id}` });
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data.projects.edges.every((e: any) => e.node.districtCode === '210502')).toBe(true);
    expect((await post(t, district, { query: doc.body })).body.errors).toBeUndefined();

    const again = await t.gql(admin, `mutation($b: String!) { registerTrustedDocument(body: $b) { id } }`, {
      b: text,
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const listed = await must(
      t.gql<{ trustedDocuments: any }>(
        admin,
        `{ trustedDocuments(first: 10) { totalCount edges { node { id } } } }`,
      ),
    );

    expect(listed.trustedDocuments.edges.map((e: any) => e.node.id)).toContain(doc.id);

    const retired = await must(
      t.gql<{ retireTrustedDocument: any }>(
        admin,
        `mutation($id: ID!) { retireTrustedDocument(id: $id) { retiredAt } }`,
        {
          id: `sha256:${doc.id}`,
        },
      ),
    );
    expect(retired.retireTrustedDocument.retiredAt).not.toBeNull();
    expect(code(await post(t, district, { documentId: `sha256:${doc.id}` }))).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });

  it('registers only a valid, named, single operation, and only for city HRSS', async () => {
    const register = (token: string, body: string) =>
      t.gql(token, `mutation($b: String!) { registerTrustedDocument(body: $b) { id } }`, { b: body });
    for (const [body, why] of [
      ['{ projects { totalCount } }', /named/],
      ['query A { nope }', /not valid against the schema/],
      ['query A { projects { totalCount } } query B { alerts { totalCount } }', /exactly one operation/],
      ['query A {', /does not parse/],
    ] as const) {
      const e = (await register(admin, body)).errors?.[0];
      expect(e?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
      expect(e?.message).toMatch(why);
    }
    const released = await register(admin, OVERVIEW.body);
    expect(released.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // an agency's own mutation text is refused before it runs: it is not a registered document
    expect(
      (await register(district, 'query Mine { projects { totalCount } }')).errors?.[0]?.extensions?.code,
    ).toBe('DOCUMENT_NOT_TRUSTED');
    // longer than other string arguments may be: a document with its comments and fragments
    const long = `# ${'说明'.repeat(2500)}\nquery Long { projects(first: 1) { totalCount } }`;
    expect(long.length).toBeGreaterThan(4000);
    expect((await register(admin, long)).errors).toBeUndefined();
  });
});

describe('TRUSTED_DOCUMENTS=log and allow', () => {
  it('log: the unregistered document runs, and a warning names its hash, operation and caller, never its text', async () => {
    const logged = capture();
    const t = await startTestHub({ TRUSTED_DOCUMENTS: 'log', RUN_JOBS: 'false' }, { log: logged.log });
    try {
      const answer = await post(t, t.token(PINGSHAN_HRSS), { query: ADHOC, operationName: 'Adhoc' });
      expect(answer.body.data.projects.totalCount).toBe(0);
      const warning = logged.lines.map((l) => JSON.parse(l)).find((l) => l.documentHash === sha256Hex(ADHOC));
      expect(warning).toMatchObject({ level: 40, operationName: 'Adhoc', org: 'HRSS', district: '210502' });
      // made on first use (http/request-log.ts), the request's logger still carries its id
      expect(warning.requestId).toMatch(/^[\w-]{8,}$/);
      expect(logged.lines.map((l) => JSON.parse(l))).toContainEqual(
        expect.objectContaining({ msg: 'request', requestId: warning.requestId, status: 200 }),
      );
      expect(logged.lines.join('')).not.toContain(ID_NUMBER);
      expect(await metric(t, 'unregistered_logged')).toBe(1);
      const fromDistrict = await t.gql(
        t.token(PINGSHAN_HRSS),
        `mutation($b: String!) { registerTrustedDocument(body: $b) { id } }`,
        {
          b: 'query Mine { projects { totalCount } }',
        },
      );
      expect(fromDistrict.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // a registered document is not worth a line
      await post(t, t.token(PINGSHAN_HRSS), { documentId: `sha256:${OVERVIEW.id}` });
      expect(await metric(t, 'registered')).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('refuse with TRUSTED_DOCUMENTS_ADHOC_CALLERS=none: city HRSS too sends registered documents only', async () => {
    const t = await startTestHub({
      TRUSTED_DOCUMENTS: 'refuse',
      TRUSTED_DOCUMENTS_ADHOC_CALLERS: 'none',
      RUN_JOBS: 'false',
    });
    try {
      expect(code(await post(t, t.token(CITY_HRSS), { query: ADHOC }))).toBe('DOCUMENT_NOT_TRUSTED');
      expect(
        (await post(t, t.token(CITY_HRSS), { documentId: `sha256:${OVERVIEW.id}` })).body.errors,
      ).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('defaults: allow outside production, refuse in production; bad values stop start-up naming the variable', () => {
    const base = {
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      JWT_SECRET: 'x'.repeat(32),
      ...TEST_PERSONAL_DATA_ENV,
    };
    expect(loadConfig(base).trustedDocuments).toEqual({
      mode: 'allow',
      adhocCallers: [{ org: 'HRSS', district: '210500' }],
    });
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).trustedDocuments.mode).toBe('refuse');
    expect(
      loadConfig({ ...base, TRUSTED_DOCUMENTS_ADHOC_CALLERS: 'HRSS:210500, POLICE' }).trustedDocuments
        .adhocCallers,
    ).toEqual([
      { org: 'HRSS', district: '210500' },
      { org: 'POLICE', district: null },
    ]);
    expect(() => loadConfig({ ...base, TRUSTED_DOCUMENTS: 'yes' })).toThrow(
      /TRUSTED_DOCUMENTS must be one of refuse, log, allow/,
    );
    expect(() => loadConfig({ ...base, TRUSTED_DOCUMENTS_ADHOC_CALLERS: 'HRSS:21' })).toThrow(
      /TRUSTED_DOCUMENTS_ADHOC_CALLERS/,
    );
  });
});
