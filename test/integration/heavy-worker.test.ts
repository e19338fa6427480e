import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startHub, type RunningHub } from '../../src/hub';
import { startTestHub, TEST_JWT_SECRET, TEST_PERSONAL_DATA_ENV, type TestHub } from '../support/test-hub';
import { REDIS_URL } from '../support/test-env';
import { freshUscc, must, registerProject, seedBasics } from '../support/fixtures';
import { residentIdNumber } from '../support/workforce-fixtures';
import { lockTable, noGraphqlStatementRunning, waitingOnALock } from '../support/pg-activity';

/**
 * Heavy queries run on the heavy lane's worker threads (src/graphql-worker/). With
 * GRAPHQL_HEAVY_COST 100 every page below is heavy; a second hub on the same database, whose heavy
 * cost nothing reaches, answers the same documents on its main thread. The answers must be the
 * same bytes, the worker's SQL must be cancelled as the main thread's is, and a worker's answer
 * must reach the audit log as the main thread's would.
 */
const BUDGET_MS = 2000;
const PAGE = `query Page($n: Int) { projects(first: $n) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id name districtCode contractPrice owner { name uscc }
    contractor { uscc name legalRepresentative { name maskedIdNumber } }
    agreement { id } alerts(first: 3) { totalCount edges { node { dueDate } } } } } } }`;
// one field refused (a cursor that is not one) beside a page: the error is formatted where it was thrown
const WITH_ERROR = `{ projects(first: 50) { edges { node { name } } } bad: projects(first: 1, after: "not-a-cursor") { totalCount } }`;

describe('heavy queries on worker threads', () => {
  let t: TestHub;
  let inThread: RunningHub;
  let sql: Client;
  let admin = '';
  let mainPoolStatements = 0;

  beforeAll(async () => {
    t = await startTestHub({
      RUN_JOBS: 'false',
      GRAPHQL_HEAVY_COST: '100',
      GRAPHQL_WORKER_COST: '100',
      REQUEST_TIME_BUDGET_MS: String(BUDGET_MS),
    });
    const seed = await seedBasics(t);
    admin = seed.admin;
    const contractorUscc = freshUscc();
    await must(
      t.gql(admin, `mutation($i: EnterpriseInput!) { registerEnterprise(input: $i) { id } }`, {
        i: {
          uscc: contractorUscc,
          name: '本溪市明山建筑劳务有限公司',
          legalRepresentative: { name: '赵六', idNumber: residentIdNumber() },
        },
      }),
    );
    for (const name of ['平山区棚户区改造一期', '溪湖区学校扩建工程', '明山区供热管网改造'])
      await registerProject(t, admin, { ownerUscc: seed.ownerUscc, contractorUscc, name });
    const config = loadConfig({
      DATABASE_URL: t.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: `test_${randomBytes(4).toString('hex')}`,
      JWT_SECRET: TEST_JWT_SECRET,
      ...TEST_PERSONAL_DATA_ENV,
      RUN_JOBS: 'false',
      RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_AGENCY_PER_MINUTE: '1000000',
      GRAPHQL_HEAVY_COST: '1000000',
    });
    config.port = 0;
    inThread = await startHub(config, pino({ level: 'silent' }));
    // Until its workers are ready a hub runs heavy operations itself: here they must be.
    await t.hub.heavyWorkers.started();
    t.hub.graphqlOrm.em.getKnex().on('query', () => (mainPoolStatements += 1));
    sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await inThread?.close();
    await t?.close();
  });

  const post = (url: string, body: unknown, signal?: AbortSignal) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(body),
      signal,
    });
  const answered = async (url: string, body: unknown) => {
    const res = await post(url, body);
    return { status: res.status, text: await res.text() };
  };

  it('answers a heavy query with the same bytes as the main thread, and sends none of its SQL from the main thread', async () => {
    for (const body of [
      { query: PAGE, variables: { n: 50 }, operationName: 'Page' },
      { query: WITH_ERROR },
    ]) {
      const before = mainPoolStatements;
      const onWorker = await answered(t.url, body);
      expect(mainPoolStatements).toBe(before);
      const here = await answered(inThread.url, body);
      expect(onWorker).toEqual(here);
    }
    expect(JSON.parse((await answered(t.url, { query: WITH_ERROR })).text).errors).toHaveLength(1);
    const page = JSON.parse((await answered(t.url, { query: PAGE, variables: { n: 50 } })).text);
    expect(page.data.projects.totalCount).toBe(3);
    expect(page.data.projects.edges[0].node.contractor.legalRepresentative.name).toBe('赵六');
  });

  it('audits a worker-run answer that carried a person’s name, as the main thread would', async () => {
    const requestId = `heavy-audit-${randomBytes(4).toString('hex')}`;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: PAGE, operationName: 'Page' }),
    });
    expect(res.status).toBe(200);
    const { rows } = await sql.query(
      `select kind, operation_name, outcome from audit_entry where request_id = $1`,
      [requestId],
    );
    expect(rows).toEqual([{ kind: 'PERSONAL_DATA_READ', operation_name: 'Page', outcome: 'ok' }]);
  });

  it('a client that leaves has the worker’s SQL cancelled: nothing is left in pg_stat_activity', async () => {
    const lock = await lockTable(t.databaseUrl, 'project');
    try {
      const before = mainPoolStatements;
      const client = new AbortController();
      const answer = post(t.url, { query: PAGE, variables: { n: 50 } }, client.signal).catch((e: Error) => e);
      await waitingOnALock(sql);
      const leftAt = Date.now();
      client.abort();
      expect(await answer).toMatchObject({ name: 'AbortError' });
      await noGraphqlStatementRunning(sql, 1000);
      expect(Date.now() - leftAt).toBeLessThan(BUDGET_MS);
      expect(mainPoolStatements).toBe(before); // it was the worker's statement
    } finally {
      await lock.release();
    }
    // the worker serves the next heavy request
    expect(JSON.parse((await answered(t.url, { query: PAGE })).text).data.projects.totalCount).toBe(3);
  });

  it('a heavy query past its budget is answered 504 REQUEST_TIMEOUT, as on the main thread, its SQL cancelled', async () => {
    const lock = await lockTable(t.databaseUrl, 'project');
    try {
      const before = mainPoolStatements;
      const res = await post(t.url, { query: PAGE });
      expect(mainPoolStatements).toBe(before);
      const body = (await res.json()) as any;
      expect(res.status).toBe(504);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions).toEqual({ code: 'REQUEST_TIMEOUT', budgetMs: BUDGET_MS });
      await noGraphqlStatementRunning(sql, 500);
    } finally {
      await lock.release();
    }
  });

  it('a worker that dies fails its request at once (500, never a hang) and is replaced', async () => {
    const lock = await lockTable(t.databaseUrl, 'project');
    try {
      const answer = post(t.url, { query: PAGE });
      await waitingOnALock(sql);
      const diedAt = Date.now();
      // as if it had crashed: the pool's own record of its workers
      await (t.hub.heavyWorkers as any).slots.find((s: any) => s.pending.size > 0).worker.terminate();
      const res = await answer;
      expect(Date.now() - diedAt).toBeLessThan(BUDGET_MS);
      expect(res.status).toBe(500);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await lock.release();
    }
    await noGraphqlStatementRunning(sql, 1000);
    await t.hub.heavyWorkers.started();
    expect(t.hub.heavyWorkers.stats().workers).toBe(2);
    const before = mainPoolStatements;
    expect(JSON.parse((await answered(t.url, { query: PAGE })).text).data.projects.totalCount).toBe(3);
    expect(mainPoolStatements).toBe(before);
  });
});
