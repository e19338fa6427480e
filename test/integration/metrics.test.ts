import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS } from '../support/fixtures';
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
