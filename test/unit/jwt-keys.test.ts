import jwt from 'jsonwebtoken';
import { signToken, verifyBearer } from '../../src/auth/tokens';
import { describeKeys } from '../../src/auth/jwt-keys';
import { ConfigError, loadConfig } from '../../src/config';
import { DomainError } from '../../src/domain/errors';
import { nowMs as clockNowMs } from '../../src/clock';
import { TEST_PERSONAL_DATA_ENV } from '../support/test-env';

const S1 = 'first-key-secret-0123456789-0123456789';
const S2 = 'second-key-secret-0123456789-0123456789';
const LEGACY = 'legacy-jwt-secret-0123456789-0123456789';
const hrss = { sub: 'hrss-admin', org: 'HRSS', district: '210500' } as const;

const keysOf = (env: Record<string, string>) => loadConfig(env).jwtKeys;
// tokens are dated by the hub's clock (the test clock), so they are checked at its time
const clockTimestamp = () => Math.floor(clockNowMs() / 1000);
const kidOf = (token: string) => (jwt.decode(token, { complete: true }) as jwt.Jwt).header.kid;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('UNAUTHENTICATED');
    return err as DomainError;
  }
  throw new Error('expected UNAUTHENTICATED');
}

describe('JWT_KEYS: named keys and rotation', () => {
  it('signs with JWT_SIGNING_KEY_ID and puts its id in the header', () => {
    const keys = keysOf({ JWT_KEYS: `k1:${S1},k2:${S2}`, JWT_SIGNING_KEY_ID: 'k2' });
    const token = signToken(hrss, keys);
    expect(kidOf(token)).toBe('k2');
    // signed with k2's secret: k2 alone checks it
    expect(() => jwt.verify(token, S2, { clockTimestamp: clockTimestamp() })).not.toThrow();
    expect(() => jwt.verify(token, S1, { clockTimestamp: clockTimestamp() })).toThrow(/invalid signature/);
  });

  it('accepts tokens of both keys during a rotation, and refuses a removed key by name', () => {
    const before = keysOf({ JWT_KEYS: `k1:${S1}` });
    const during = keysOf({ JWT_KEYS: `k1:${S1},k2:${S2}`, JWT_SIGNING_KEY_ID: 'k2' });
    const after = keysOf({ JWT_KEYS: `k2:${S2}` });
    const oldToken = signToken(hrss, before);
    const newToken = signToken(hrss, during);
    expect(kidOf(oldToken)).toBe('k1');
    expect(verifyBearer(`Bearer ${oldToken}`, during)).toEqual(hrss);
    expect(verifyBearer(`Bearer ${newToken}`, during)).toEqual(hrss);
    expect(verifyBearer(`Bearer ${newToken}`, after)).toEqual(hrss);
    expect(refusal(() => verifyBearer(`Bearer ${oldToken}`, after)).message).toMatch(
      /signed with key "k1", which this hub does not accept .*ask for a new token/,
    );
  });

  it('refuses a token that names a held kid but was signed with another secret', () => {
    const forged = jwt.sign({ ...hrss, iat: clockTimestamp(), exp: clockTimestamp() + 60 }, 'x'.repeat(40), {
      keyid: 'k1',
    });
    expect(refusal(() => verifyBearer(`Bearer ${forged}`, keysOf({ JWT_KEYS: `k1:${S1}` }))).message).toBe(
      'the token is not valid',
    );
  });

  it('refuses a token seen before once its kid names another secret', () => {
    const token = `Bearer ${signToken(hrss, keysOf({ JWT_KEYS: `k1:${S1}` }))}`;
    expect(verifyBearer(token, keysOf({ JWT_KEYS: `k1:${S1}` }))).toEqual(hrss);
    expect(refusal(() => verifyBearer(token, keysOf({ JWT_KEYS: `k1:${S2}` }))).message).toBe(
      'the token is not valid',
    );
    // and a kid-less token under JWT_SECRET is held to that secret, whichever ring it came with
    const legacy = `Bearer ${signToken(hrss, LEGACY)}`;
    expect(verifyBearer(legacy, keysOf({ JWT_SECRET: LEGACY, JWT_KEYS: `k1:${S1}` }))).toEqual(hrss);
    expect(refusal(() => verifyBearer(legacy, keysOf({ JWT_SECRET: S2 }))).message).toBe(
      'the token is not valid',
    );
    expect(verifyBearer(token, keysOf({ JWT_KEYS: `k1:${S1}` }))).toEqual(hrss);
  });

  it('keeps JWT_SECRET working: alone it signs without kid; beside JWT_KEYS it checks kid-less tokens', () => {
    const legacyOnly = keysOf({ JWT_SECRET: LEGACY });
    const legacyToken = signToken(hrss, legacyOnly);
    expect(kidOf(legacyToken)).toBeUndefined();
    expect(verifyBearer(`Bearer ${legacyToken}`, legacyOnly)).toEqual(hrss);
    // the same token signed with the plain string (the old signature of signToken) is the same thing
    expect(verifyBearer(`Bearer ${signToken(hrss, LEGACY)}`, legacyOnly)).toEqual(hrss);

    // moving from JWT_SECRET to named keys: both taken while the agencies get new tokens
    const moving = keysOf({ JWT_SECRET: LEGACY, JWT_KEYS: `k1:${S1}`, JWT_SIGNING_KEY_ID: 'k1' });
    expect(verifyBearer(`Bearer ${legacyToken}`, moving)).toEqual(hrss);
    expect(kidOf(signToken(hrss, moving))).toBe('k1');
    // staged: the new key is accepted everywhere before anything is signed with it
    expect(kidOf(signToken(hrss, keysOf({ JWT_SECRET: LEGACY, JWT_KEYS: `k1:${S1}` })))).toBeUndefined();

    const moved = keysOf({ JWT_KEYS: `k1:${S1}` });
    expect(refusal(() => verifyBearer(`Bearer ${legacyToken}`, moved)).message).toMatch(
      /carries no key id \(kid\).*ask for a new token/,
    );
  });

  it('a JWT_SECRET hub refuses a token naming a kid it does not hold', () => {
    const named = signToken(hrss, keysOf({ JWT_KEYS: `k1:${S1}` }));
    expect(refusal(() => verifyBearer(`Bearer ${named}`, keysOf({ JWT_SECRET: LEGACY }))).message).toMatch(
      /key "k1"/,
    );
  });

  it('start-up names the key ids and the signing key, never a secret', () => {
    const config = loadConfig({
      JWT_SECRET: LEGACY,
      JWT_KEYS: `k1:${S1},k2:${S2}`,
      JWT_SIGNING_KEY_ID: 'k2',
    });
    const said = describeKeys(config.jwtKeys);
    expect(said).toBe('JWT_KEYS k1, k2 + JWT_SECRET (tokens without kid); new tokens signed with kid k2');
    expect(said).not.toMatch(/secret-0123/);
    expect(config.jwtSecret).toBe(S2);
    expect(config.jwtSecretIsDevDefault).toBe(false);
  });

  it.each([
    [{ JWT_KEYS: `k1${S1}` }, /JWT_KEYS entry 1 must be "kid:secret"/],
    [{ JWT_KEYS: `k1:${S1},bad kid:${S2}` }, /JWT_KEYS entry 2 must be "kid:secret"/],
    [{ JWT_KEYS: `k1:${S1},k1:${S2}` }, /names the key id "k1" twice/],
    [{ JWT_KEYS: 'k1:short' }, /secret of key "k1" must be at least 32 bytes/],
    [{ JWT_KEYS: `k1:${S1},k2:${S2}` }, /JWT_SIGNING_KEY_ID must name the key .*one of k1, k2/],
    [{ JWT_KEYS: `k1:${S1}`, JWT_SIGNING_KEY_ID: 'k9' }, /"k9" is not one of the key ids in JWT_KEYS \(k1\)/],
    [{ JWT_SIGNING_KEY_ID: 'k1' }, /"k1" is not one of the key ids in JWT_KEYS \(none\)/],
  ])('refuses %j at start-up, naming the variable and never the secret', (env, message) => {
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('0123456789');
  });

  it('production takes JWT_KEYS instead of JWT_SECRET', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/hub',
      JWT_KEYS: `2026q4:${S1}`,
      ...TEST_PERSONAL_DATA_ENV, // production also requires the personal-data keys
    });
    expect(config.jwtKeys.signingKeyId).toBe('2026q4');
    expect(config.jwtKeys.unnamed).toBeNull(); // the development default is never a key beside JWT_KEYS
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub', ...TEST_PERSONAL_DATA_ENV }),
    ).toThrow(/JWT_SECRET is required when NODE_ENV=production \(or JWT_KEYS/);
  });
});
