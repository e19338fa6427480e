import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, seedBasics } from '../support/fixtures';
import { LISTEN_BACKLOG } from '../../src/hub';

async function ask(t: TestHub, token = t.token(CITY_HRSS)) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ calendarYears { year } }' }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

/** A GraphQL request whose body never comes: it holds its slot until the client gives up. */
function stalledRequest(t: TestHub, token = t.token(CITY_HRSS)): http.ClientRequest {
  const req = http.request(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': '1000',
      authorization: `Bearer ${token}`,
    },
  });
  req.on('error', () => undefined);
  req.write('{');
  return req;
}

describe('admission control', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false', MAX_IN_FLIGHT: '1', MAX_QUEUED: '1', QUEUE_WAIT_MS: '400' });
    await seedBasics(t); // one request at a time: within the one slot
  });
  afterAll(() => t.close());

  it('past capacity answers at once with 503 OVERLOADED and Retry-After, lets one wait, and recovers', async () => {
    expect((await ask(t)).status).toBe(200);
    const stalled = stalledRequest(t);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const [queued, turnedAway] = await Promise.all([
      ask(t),
      new Promise<Awaited<ReturnType<typeof ask>>>((r) => setTimeout(() => r(ask(t)), 50)),
    ]);
    // The one over the queue is answered at once; the queued one after its wait, also 503.
    expect(turnedAway).toMatchObject({ status: 503, retryAfter: '1' });
    expect(turnedAway.body.errors[0].extensions.code).toBe('OVERLOADED');
    expect(queued.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(Date.now() - started).toBeLessThan(2000);

    // The stalled client gives up: its slot comes back, and a waiting request is served.
    const waiting = ask(t);
    await new Promise((r) => setTimeout(r, 50));
    stalled.destroy();
    expect((await waiting).status).toBe(200);
    expect((await ask(t)).status).toBe(200);
  });
});

describe("an agency's share of admission", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false', MAX_IN_FLIGHT: '8', MAX_IN_FLIGHT_PER_AGENCY: '2' });
  });
  afterAll(() => t.close());

  it('one agency past its share is answered 429 RATE_LIMITED at once, while another agency is served', async () => {
    const district = t.token({ org: 'HRSS', district: '210502' });
    const held = [stalledRequest(t, district), stalledRequest(t, district)];
    await new Promise((r) => setTimeout(r, 100));
    const third = await ask(t, district);
    expect(third).toMatchObject({ status: 429, retryAfter: '1' });
    expect(third.body.errors[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      limit: 'MAX_IN_FLIGHT_PER_AGENCY',
    });
    expect(third.body.errors[0].message).toMatch(/already has 2 requests in the hub/);
    // Another agency (city HRSS) still has the hub's free slots.
    expect((await ask(t)).status).toBe(200);
    // Its own requests done, the agency is served again.
    for (const req of held) req.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await ask(t, district)).status).toBe(200);
  });
});

/** Keeps this process's thread (the in-process hub's) busy in turns of `turnMs` for `forMs`. */
function keepThreadBusy(turnMs: number, forMs: number): Promise<void> {
  const until = Date.now() + forMs;
  return new Promise((resolve) => {
    const turn = () => {
      const end = Date.now() + turnMs;
      while (Date.now() < end); // the thread is behind, as past capacity
      if (Date.now() < until) setImmediate(turn);
      else resolve();
    };
    turn();
  });
}

describe('admission watching how late the request thread runs (MAX_EVENT_LOOP_DELAY_MS)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false', MAX_EVENT_LOOP_DELAY_MS: '50' });
  });
  afterAll(() => t.close());

  const lateGauge = async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    return Number(/^wagewatch_event_loop_delay_ms (\S+)$/m.exec(text)?.[1]);
  };

  it('refuses a query at once with 503 OVERLOADED naming the limit while the thread is behind, then serves again', async () => {
    expect((await ask(t)).status).toBe(200);
    const busy = keepThreadBusy(120, 2500);
    // past a whole window of lateness (500 ms), then asked while the thread is still behind
    await new Promise((r) => setTimeout(r, 1200));
    const [refused, push] = await Promise.all([ask(t), t.push('NO_SUCH_BANK', 'not-a-secret', '{}')]);
    await busy;
    expect(refused).toMatchObject({ status: 503, retryAfter: '1' });
    expect(refused.body.errors[0].extensions).toEqual({
      code: 'OVERLOADED',
      limit: 'MAX_EVENT_LOOP_DELAY_MS',
    });
    expect(refused.body.errors[0].message).toMatch(/request thread runs \d+ ms late/);
    // a bank's push is not turned away for a lateness GraphQL's load makes: it gets its own answer
    expect(push.status).not.toBe(503);
    expect(push.status).toBeGreaterThanOrEqual(400);

    // two quiet windows later the thread is on time, and the hub answers
    await new Promise((r) => setTimeout(r, 1100));
    expect(await lateGauge()).toBeLessThan(50);
    expect((await ask(t)).status).toBe(200);
  });
});

describe('connections waiting to be accepted', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
  });
  afterAll(() => t.close());

  it('are held up to 4,096 (the kernel allowing) instead of dropped past 511 while the thread is busy', () => {
    const port = new URL(t.url).port;
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    // for a listening socket, ss's Send-Q is the backlog the kernel holds for it
    const [line] = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(Number(line.trim().split(/\s+/)[2])).toBe(Math.min(LISTEN_BACKLOG, somaxconn));
    expect(LISTEN_BACKLOG).toBeGreaterThan(511);
  });
});
