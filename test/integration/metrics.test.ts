import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS, seedBasics } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

async function scrape(t: TestHub, token?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${t.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text() };
}

const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

async function gql(t: TestHub, query: string, operationName?: string) {
  await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token(CITY_HRSS)}` },
    body: JSON.stringify({ query, operationName }),
  });
}

describe('GET /metrics', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({
      RUN_JOBS: 'true',
      NOTICE_RELAY_EVERY_MS: '200',
      METRICS_TOKEN: 'scrape-secret',
    });
  });
  afterAll(() => t.close());

  it('needs the metrics token when one is set', async () => {
    expect((await scrape(t)).status).toBe(401);
    expect((await scrape(t, 'wrong-secret')).status).toBe(401);
    expect((await scrape(t, 'scrape-secret')).status).toBe(200);
  });

  it('counts operations by name and outcome, times them, and counts HTTP by route', async () => {
    await gql(t, 'query Years { calendarYears { year } }', 'Years');
    await gql(t, 'query Years { calendarYears { year } }', 'Years');
    await gql(t, 'query Missing { projekt { name } }', 'Missing');
    const { text } = await scrape(t, 'scrape-secret');
    expect(sample(text, 'wagewatch_graphql_requests_total{operation="Years",outcome="ok"}')).toBe(2);
    expect(text).toMatch(
      /wagewatch_graphql_requests_total\{operation="Missing",outcome="GRAPHQL_VALIDATION_FAILED"\} 1/,
    );
    expect(sample(text, 'wagewatch_graphql_request_duration_seconds_count{operation="Years"}')).toBe(2);
    expect(
      sample(text, 'wagewatch_http_requests_total{route="graphql",status="2xx"}'),
    ).toBeGreaterThanOrEqual(2);
  });

  it('keeps operation names a bounded label set', async () => {
    for (let i = 0; i < 210; i++) await gql(t, `query Op${i} { calendarYears { year } }`, `Op${i}`);
    const { text } = await scrape(t, 'scrape-secret');
    const names = new Set(
      [...text.matchAll(/wagewatch_graphql_requests_total\{operation="([^"]+)"/g)].map((m) => m[1]),
    );
    expect(names.size).toBeLessThanOrEqual(200 + 1);
    expect(names.has('other')).toBe(true);
  });

  it('counts the events of signed pushes by bank, adapter and outcome', async () => {
    const seed = await seedBasics(t);
    const row = (id: string, bookedAt = '2026-04-15T10:00:00+08:00') => ({
      bankEventId: id,
      accountNo: '6222020705007654321',
      type: 'CREDIT',
      amount: '1000.00',
      bookedAt,
    });
    const body = JSON.stringify({
      events: [row('m-1'), row('m-2'), row('m-3', '2026-02-30T10:00:00+08:00')],
    });
    expect((await t.push(seed.bankCode, seed.secret, body)).status).toBe(200);
    expect((await t.push(seed.bankCode, seed.secret, JSON.stringify({ events: [row('m-1')] }))).status).toBe(
      200,
    );
    const { text } = await scrape(t, 'scrape-secret');
    const series = (outcome: string) =>
      sample(
        text,
        `wagewatch_intake_events_total{bank="${seed.bankCode}",adapter="canonical-json",outcome="${outcome}"}`,
      );
    expect([series('accepted'), series('duplicates'), series('rejected')]).toEqual([2, 1, 1]);
  });

  it('reports the pool, every queue, the outbox and job runs', async () => {
    const text = await waitFor('a notice-relay run counted', async () => {
      const { text } = await scrape(t, 'scrape-secret');
      return /wagewatch_job_runs_total\{job="[a-z-]*relay[a-z-]*",outcome="completed"\} [1-9]/.test(text)
        ? text
        : undefined;
    });
    expect(text).toMatch(/wagewatch_db_pool_connections\{state="used"\} \d+/);
    expect(text).toMatch(/wagewatch_queue_jobs\{queue="[^"]+",state="waiting"\} \d+/);
    expect(sample(text, 'wagewatch_outbox_notices{status="PENDING"}')).toBe(0);
    expect(text).toMatch(/wagewatch_job_duration_seconds_count\{job="[a-z-]*relay[a-z-]*"\} [1-9]/);
  });
});
