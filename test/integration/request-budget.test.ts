import { Client } from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub';
import { freshUscc, registerProject, seedBasics } from '../support/fixtures';
import {
  graphqlStatements,
  lockTable,
  noGraphqlStatementRunning,
  waitingOnALock,
} from '../support/pg-activity';

/**
 * A request's time budget and its abandonment, seen from PostgreSQL: the slow statement is a real
 * read of the project table made to wait behind a lock the test holds (as behind a long migration
 * or a job's lock), so without cancellation it would stay in pg_stat_activity for as long as the
 * lock is held. GraphQL's connections are told apart by their application_name.
 */
const BUDGET_MS = 3000;
const PAGE = `{ projects(first: 5) { totalCount edges { node { name } } } }`;

describe('request time budget, abandoned requests, and the pools', () => {
  let t: TestHub;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let sql: Client;
  let locker: { release(): Promise<void> } | null = null;

  const waitingOnTheLock = (n = 1) => waitingOnALock(sql, n);
  const noneRunning = (withinMs: number) => noGraphqlStatementRunning(sql, withinMs);
  async function lockProjects(): Promise<void> {
    locker = await lockTable(t.databaseUrl, 'project');
  }
  async function unlock(): Promise<void> {
    await locker?.release();
    locker = null;
  }

  const post = (body: unknown, signal?: AbortSignal) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seed.admin}` },
      body: JSON.stringify(body),
      signal,
    });

  beforeAll(async () => {
    t = await startTestHub({
      RUN_JOBS: 'false',
      REQUEST_TIME_BUDGET_MS: String(BUDGET_MS),
      GRAPHQL_DB_POOL_MAX: '3',
      MAX_IN_FLIGHT: '6',
      MAX_QUEUED: '2',
      QUEUE_WAIT_MS: '10000',
      MAX_IN_FLIGHT_PER_AGENCY: '100', // one agency floods here; its share is admission.test.ts's
    });
    seed = await seedBasics(t);
    await registerProject(t, seed.admin, { ...seed, name: '溪湖区学校扩建工程' });
    sql = new Client({ connectionString: t.databaseUrl });
    await sql.connect();
  });
  afterEach(() => unlock());
  afterAll(async () => {
    await sql?.end();
    await t?.close();
  });

  it('a request past its budget is answered 504 REQUEST_TIMEOUT naming the budget, and its SQL is gone from PostgreSQL', async () => {
    await lockProjects();
    const started = Date.now();
    const answer = post({ query: PAGE });
    const [waiting] = await waitingOnTheLock();
    expect(waiting.query).toMatch(/project/);
    const res = await answer;
    const elapsed = Date.now() - started;
    const body = (await res.json()) as any;
    expect(res.status).toBe(504);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'REQUEST_TIMEOUT', budgetMs: BUDGET_MS });
    expect(body.errors[0].message).toMatch(/time budget of 3000 ms \(REQUEST_TIME_BUDGET_MS\)/);
    expect(elapsed).toBeGreaterThanOrEqual(BUDGET_MS - 50);
    expect(elapsed).toBeLessThan(BUDGET_MS + 1500);
    // The lock is still held: only a cancelled statement has left.
    await noneRunning(500);
    await unlock();
    // The pool's connections came back: the next request is served.
    const again = (await (await post({ query: PAGE })).json()) as any;
    expect(again.data.projects.totalCount).toBe(1);
  });

  it('a client that goes away has its running SQL cancelled at once, long before the budget', async () => {
    await lockProjects();
    const client = new AbortController();
    const answer = post({ query: PAGE }, client.signal).catch((err: Error) => err);
    await waitingOnTheLock();
    const leftAt = Date.now();
    client.abort();
    expect(await answer).toMatchObject({ name: 'AbortError' });
    await noneRunning(1000);
    expect(Date.now() - leftAt).toBeLessThan(BUDGET_MS / 2);
  });

  it('nothing of a mutation document is stored once its client has gone, even after the lock is released', async () => {
    await lockProjects();
    const enterprise = freshUscc();
    const client = new AbortController();
    const answer = post(
      {
        query: `mutation($p: ProjectInput!, $e: EnterpriseInput!) {
          first: registerProject(input: $p) { id } second: registerEnterprise(input: $e) { id } }`,
        variables: {
          p: {
            name: '明山区供热管网改造',
            districtCode: '210502',
            industry: 'HOUSING',
            ownerUscc: seed.ownerUscc,
            contractorUscc: seed.contractorUscc,
            contractPrice: '8000000.00',
            contractSignedOn: '2026-01-10',
            permitIssuedOn: '2026-01-20',
          },
          e: { uscc: enterprise, name: '本溪市热力工程有限公司' },
        },
      },
      client.signal,
    ).catch((err: Error) => err);
    await waitingOnTheLock();
    client.abort();
    await answer;
    await noneRunning(1000);
    await unlock();
    await new Promise((r) => setTimeout(r, 500)); // time for anything still going to be stored
    const stored = await sql.query(
      `select (select count(*) from project where name = '明山区供热管网改造')::int as projects,
              (select count(*) from enterprise where uscc = $1)::int as enterprises`,
      [enterprise],
    );
    expect(stored.rows[0]).toEqual({ projects: 0, enterprises: 0 });
  });

  it('one request holds at most GRAPHQL_DB_CONNECTIONS_PER_REQUEST of the pool: twenty aliased pages leave the others a connection', async () => {
    await lockProjects();
    const aliased = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: projects(first: 5) { totalCount }`).join(' ')} }`;
    const wide = post({ query: aliased });
    await waitingOnTheLock(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await graphqlStatements(sql)).toHaveLength(2); // the pool has 3
    const other = post({ query: PAGE });
    await waitingOnTheLock(3); // the third connection was there for another request
    await unlock();
    const [a, b] = await Promise.all([wide, other]);
    expect(a.status).toBe(200);
    expect(((await a.json()) as any).data.p19.totalCount).toBe(1);
    expect(b.status).toBe(200);
  });

  it('while GraphQL requests hold every connection of their pool and every admission slot, a signed bank push is stored at once', async () => {
    await lockProjects();
    // 6 in flight (3 holding the pool's connections, 3 waiting for one), 2 queued, the rest 503.
    const flood = Array.from({ length: 10 }, () => post({ query: PAGE }).then((r) => r.status));
    await waitingOnTheLock(3);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const push = await t.push(
      seed.bankCode,
      seed.secret,
      JSON.stringify({
        events: [
          {
            bankEventId: 'budget-push-1',
            accountNo: '6222020705007654321',
            type: 'CREDIT',
            amount: '1000.00',
            bookedAt: '2026-04-15T10:00:00+08:00',
          },
        ],
      }),
    );
    const took = Date.now() - started;
    expect(push.status).toBe(200);
    expect(push.body).toMatchObject({ accepted: 1 });
    expect(took).toBeLessThan(1000);
    // GraphQL never had more than its own pool.
    const connections = await sql.query(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name = 'wagewatch-graphql'`,
    );
    expect(connections.rows[0].n).toBeLessThanOrEqual(3);
    await unlock();
    const statuses = await Promise.all(flood);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(6);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(1);
  });
});
