import { startTestHub, type TestHub } from '../support/test-hub';
import { CITY_HRSS } from '../support/fixtures';
import { setClock } from '../../src/clock';
import { REPEAT_PAUSE_MS, refusalsHeld } from '../../src/http/limits/refusal-pause';

/** A caller that ignores Retry-After gets its repeated 429s after a pause, not at once. */
describe('a repeated refusal waits', () => {
  let t: TestHub;
  beforeAll(async () => {
    setClock('2026-12-01T10:00:05+08:00'); // a minute's window with room for the whole test
    t = await startTestHub({ RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '1', RUN_JOBS: 'false' });
  });
  afterAll(() => t.close());

  const ask = async (token: string, signal?: AbortSignal) => {
    const started = Date.now();
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ calendarYears { year } }' }),
      signal,
    });
    const body = (await res.json()) as { errors?: { extensions: { code: string } }[] };
    return { status: res.status, ms: Date.now() - started, code: body.errors?.[0]?.extensions.code };
  };

  it('answers the first 429 at once and the next, sent straight after, a second later', async () => {
    setClock('2026-12-01T10:00:05+08:00'); // the hub's start may have run the clock past a minute's end
    const token = t.token({ ...CITY_HRSS, sub: `impatient-${Math.random()}` });
    expect((await ask(token)).status).toBe(200);
    const first = await ask(token);
    expect(first).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(first.ms).toBeLessThan(REPEAT_PAUSE_MS / 2);
    const again = await ask(token);
    expect(again).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(again.ms).toBeGreaterThanOrEqual(REPEAT_PAUSE_MS - 50);
    // another caller is not slowed by it
    expect((await ask(t.token({ ...CITY_HRSS, sub: `patient-${Math.random()}` }))).ms).toBeLessThan(
      REPEAT_PAUSE_MS / 2,
    );
  });

  it('lets go of a paused refusal whose client has left', async () => {
    setClock('2026-12-01T10:00:05+08:00');
    const token = t.token({ ...CITY_HRSS, sub: `leaver-${Math.random()}` });
    await ask(token);
    await ask(token);
    const leaving = new AbortController();
    const gone = ask(token, leaving.signal).catch((err: Error) => err.name);
    await new Promise((r) => setTimeout(r, 200));
    expect(refusalsHeld()).toBe(1);
    leaving.abort();
    expect(await gone).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 100));
    expect(refusalsHeld()).toBe(0);
  });
});
