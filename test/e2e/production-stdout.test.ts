import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '../../src/config';
import { createTestDatabase } from '../support/test-db';
import { TEST_PERSONAL_DATA_ENV } from '../support/test-env';
import { REDIS_URL } from '../support/test-env';
import {
  freePort,
  nonJsonLines,
  spawnHub,
  stopHub,
  untilListening,
  type HubProcess,
} from '../support/hub-process';

const SECRET = 'production-secret-that-is-long-enough-for-hs256-0123456789';
/** A production hub runs on the machine's clock (HUB_CLOCK_AT is refused there): so does its token. */
const machineToken = (secret: string) =>
  jwt.sign({ sub: 'ops', org: 'HRSS', district: '210500' }, secret, { algorithm: 'HS256', expiresIn: '1h' });

/**
 * In production stdout is read by a log collector line by line: every line must be one JSON
 * object, from start-up to shutdown, through answers and errors. The lines for a person (the
 * banner) are not printed there; a start-up failure is a JSON line too.
 */
describe('npm start with NODE_ENV=production', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let hub: HubProcess | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await stopHub(hub, 'SIGKILL');
    await db.drop();
  });

  it('writes only JSON lines on stdout, from start to shutdown', async () => {
    const port = await freePort();
    hub = spawnHub({
      NODE_ENV: 'production',
      HUB_CLOCK_AT: '',
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: `prod_${Math.random().toString(16).slice(2, 10)}`,
      JWT_SECRET: SECRET,
      ...TEST_PERSONAL_DATA_ENV,
    });
    await untilListening(hub);
    const url = `http://127.0.0.1:${port}`;
    const token = machineToken(SECRET);
    const post = (body: unknown, auth = `Bearer ${token}`) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify(body),
      });
    expect((await post({ query: '{ calendarYears { year } }' })).status).toBe(200);
    expect((await post({ query: '{ nope' })).status).toBe(400);
    expect((await post({ query: '{ __typename }' }, 'Bearer nonsense')).status).toBe(401);
    expect(
      (await fetch(`${url}/banks/NOPE/events`, { method: 'POST', body: '{}' })).status,
    ).toBeGreaterThanOrEqual(400);
    // the development secret is no token here
    expect((await post({ query: '{ __typename }' }, `Bearer ${machineToken(DEV_JWT_SECRET)}`)).status).toBe(
      401,
    );

    expect(await stopHub(hub, 'SIGTERM')).toEqual({ code: 0, signal: null });
    const lines = hub.stdout().split('\n').filter(Boolean);
    expect(nonJsonLines(hub.stdout())).toEqual([]);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(
      expect.arrayContaining(['wagewatch is listening', 'shutting down', 'stopped']),
    );
    expect(hub.stderr()).not.toContain('wagewatch hub');
  }, 90_000);

  it('reports a start-up failure as a JSON line on stdout, and in words on stderr', async () => {
    const failing = spawnHub({
      NODE_ENV: 'production',
      HUB_CLOCK_AT: '',
      PORT: String(await freePort()),
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:1',
      JWT_SECRET: SECRET,
      ...TEST_PERSONAL_DATA_ENV,
    });
    expect((await failing.exited).code).toBe(1);
    expect(nonJsonLines(failing.stdout())).toEqual([]);
    const fatal = failing
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'wagewatch could not start');
    expect(fatal).toMatchObject({
      level: 60,
      reason: expect.stringMatching(/Redis at redis:\/\/127\.0\.0\.1:1/),
    });
    expect(failing.stderr()).toMatch(
      /wagewatch: could not start: Redis at redis:\/\/127\.0\.0\.1:1.*did not answer/,
    );
  }, 60_000);
});
