import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS } from '../support/fixtures';
import { signToken } from '../../src/auth/tokens';
import { setClock } from '../../src/clock';

const QUERY = '{ calendarYears { year } }';

async function ask(t: TestHub, token: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

describe.each([
  ['Redis', {}],
  ['PostgreSQL (no Redis)', { REDIS_URL: '' }],
])('per-caller rate limits, counted in %s', (_name, backendEnv) => {
  let hubs: TestHub[];
  beforeAll(async () => {
    // Counts are per clock minute: start half a minute before the next, so no window ends mid-test.
    setClock('2026-12-01T10:00:30+08:00');
    const limits = {
      RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '5',
      RATE_LIMIT_PER_AGENCY_PER_MINUTE: '8',
      RUN_JOBS: 'false',
    };
    const first = await startTestHub({ ...limits, ...backendEnv });
    // A second hub process on the same database and queue prefix: one budget between them.
    const second = await startTestHub({
      ...limits,
      ...backendEnv,
      DATABASE_URL: first.databaseUrl,
      QUEUE_PREFIX: first.hub.queue.queueOptions().prefix,
    });
    hubs = [first, second];
  });
  afterAll(async () => {
    await hubs[1].close().catch(() => undefined);
    await hubs[0].close();
  });

  it('gives one token subject its budget across two hub processes, then 429 RATE_LIMITED with Retry-After', async () => {
    const token = hubs[0].token({ ...CITY_HRSS, sub: `officer-${Math.random()}` });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(hubs[i % 2], token));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = answers[5];
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body.errors[0]).toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
      message: expect.stringMatching(/more than 5 requests a minute for token subject officer-/),
    });
  });

  it("counts an agency's tokens together, and leaves other agencies alone", async () => {
    const housing = (sub: string) =>
      signToken(
        { sub, org: 'HOUSING', district: '210503' },
        'test-secret-that-is-long-enough-for-hs256-0123456789',
      );
    const statuses = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await ask(hubs[0], housing(`clerk-${i % 3}-${Math.random()}`))).status);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
    const other = await ask(
      hubs[0],
      signToken(
        { sub: 'x', org: 'HOUSING', district: '210502' },
        'test-secret-that-is-long-enough-for-hs256-0123456789',
      ),
    );
    expect(other.status).toBe(200);
  });

  it("does not count a request its subject's budget refused against its agency's", async () => {
    const transport = (sub: string) => hubs[0].token({ sub, org: 'TRANSPORT', district: '210504' });
    const greedy = transport(`greedy-${Math.random()}`);
    const first = [];
    for (let i = 0; i < 7; i++) first.push((await ask(hubs[i % 2], greedy)).status);
    expect(first).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // the agency has spent 5 of its 8, not 7: a colleague still gets 3
    const colleague = transport(`colleague-${Math.random()}`);
    const then = [];
    for (let i = 0; i < 4; i++) then.push((await ask(hubs[i % 2], colleague)).status);
    expect(then).toEqual([200, 200, 200, 429]);
  });

  it('does not let a forged token spend anyone else\u2019s budget', async () => {
    const victim = { ...CITY_HRSS, sub: `victim-${Math.random()}` };
    const forged = signToken(victim, 'another-secret-that-is-long-enough-0123456789');
    for (let i = 0; i < 7; i++) expect((await ask(hubs[0], forged)).status).toBe(401);
    expect((await ask(hubs[0], hubs[0].token(victim))).status).toBe(200);
  });
});
