/**
 * docs/operations.md "Revoking tokens: rotating the signing key", as an operator does it: a hub on
 * k1 → the same hub restarted with k1 and k2 (k2 signs) → restarted with k2 alone. Tokens come from
 * `npm run token` run with the hub's settings.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { startTestHub, type TestHub } from '../support/test-hub';
import { nowMs as clockNowMs } from '../../src/clock';

const K1 = 'k1-secret-for-the-rotation-test-0123456789';
const K2 = 'k2-secret-for-the-rotation-test-0123456789';
const LEGACY = 'legacy-secret-for-the-rotation-test-0123456789';
const ROOT = path.join(__dirname, '..', '..');

/** `npm run token -- --org HRSS --district 210500` with the given settings; the token it prints. */
// Synchronous: issuing talks to no hub, and an async child's pipes outlived the test run.
async function issue(env: Record<string, string>): Promise<string> {
  const stdout = execFileSync(
    process.execPath,
    ['-r', './src/register.js', 'scripts/token.ts', '--org', 'HRSS', '--district', '210500', '--ttl', '1h'],
    {
      cwd: ROOT,
      // The script dates the token by HUB_CLOCK_AT, as the hub (on the test clock) judges it.
      env: { PATH: process.env.PATH, HUB_CLOCK_AT: new Date(clockNowMs()).toISOString(), ...env },
      encoding: 'utf8',
    },
  );
  return stdout.trim();
}

async function ask(t: TestHub, token: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ calendarYears { year } }' }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const kidOf = (token: string) => (jwt.decode(token, { complete: true }) as jwt.Jwt).header.kid;

describe('revoking tokens by rotating to a new key id', () => {
  const started: TestHub[] = [];
  let databaseUrl: string;
  /** The hub restarted on the same database with new key settings (JWT_SECRET unset unless given). */
  async function restart(keys: Record<string, string>): Promise<TestHub> {
    const previous = started.at(-1);
    if (previous) await previous.hub.close();
    const t = await startTestHub({
      RUN_JOBS: 'false',
      JWT_SECRET: '',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...keys,
    });
    databaseUrl ??= t.databaseUrl;
    started.push(t);
    return t;
  }
  afterAll(async () => {
    // the last one first; the first one owns the database and drops it
    for (const t of started.reverse()) await t.close().catch(() => undefined);
  });

  it('takes both keys during the overlap and refuses the removed key after, by name', async () => {
    const before = { JWT_KEYS: `k1:${K1}` };
    let hub = await restart(before);
    const oldToken = await issue(before);
    expect(kidOf(oldToken)).toBe('k1');
    expect((await ask(hub, oldToken)).status).toBe(200);

    // Rotation starts: k2 added and made the signing key; k1 still accepted.
    const during = { JWT_KEYS: `k1:${K1},k2:${K2}`, JWT_SIGNING_KEY_ID: 'k2' };
    hub = await restart(during);
    const newToken = await issue(during);
    expect(kidOf(newToken)).toBe('k2');
    for (const token of [oldToken, newToken]) {
      const answer = await ask(hub, token);
      expect(answer.status).toBe(200);
      expect(answer.body.data.calendarYears.map((y: { year: number }) => y.year)).toEqual(
        expect.arrayContaining([2025, 2026]),
      );
    }

    // Rotation ends: k1 removed. Its tokens are refused at once, whatever their expiry.
    hub = await restart({ JWT_KEYS: `k2:${K2}` });
    const refused = await ask(hub, oldToken);
    expect(refused.status).toBe(401);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringMatching(
        /signed with key "k1", which this hub does not accept.*ask for a new token/,
      ),
    });
    expect((await ask(hub, newToken)).status).toBe(200);
  });

  it('moves a JWT_SECRET hub to named keys without refusing anyone during the move', async () => {
    const legacy = { JWT_SECRET: LEGACY };
    let hub = await restart(legacy);
    const legacyToken = await issue(legacy);
    expect(kidOf(legacyToken)).toBeUndefined();
    expect((await ask(hub, legacyToken)).status).toBe(200);

    const moving = { ...legacy, JWT_KEYS: `k1:${K1}`, JWT_SIGNING_KEY_ID: 'k1' };
    hub = await restart(moving);
    const named = await issue(moving);
    expect(kidOf(named)).toBe('k1');
    expect((await ask(hub, legacyToken)).status).toBe(200);
    expect((await ask(hub, named)).status).toBe(200);

    hub = await restart({ JWT_KEYS: `k1:${K1}` });
    const refused = await ask(hub, legacyToken);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toMatch(/carries no key id \(kid\)/);
    expect((await ask(hub, named)).status).toBe(200);
  });
});
