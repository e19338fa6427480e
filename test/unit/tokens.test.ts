import jwt from 'jsonwebtoken';
import { signToken, verifyBearer } from '../../src/auth/tokens';
import { DomainError } from '../../src/domain/errors';
import { advanceClock, nowMs as clockNowMs, setClock } from '../../src/clock';
import { TEST_NOW } from '../support/test-clock';

const SECRET = 'unit-test-secret-0123456789-0123456789';

function expectUnauthenticated(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('UNAUTHENTICATED');
    expect((err as DomainError).message).toMatch(message);
    return;
  }
  throw new Error('expected UNAUTHENTICATED');
}

describe('bearer tokens', () => {
  it('round-trips the contract claims', () => {
    const token = signToken(
      { sub: 'icbc-gateway', org: 'BANK', district: '210500', bank: 'ICBC_BX' },
      SECRET,
    );
    expect(verifyBearer(`Bearer ${token}`, SECRET)).toEqual({
      sub: 'icbc-gateway',
      org: 'BANK',
      district: '210500',
      bank: 'ICBC_BX',
    });
  });

  it('refuses a missing header, another scheme, a forged and an expired token', () => {
    expectUnauthenticated(() => verifyBearer(undefined, SECRET), /no bearer token/);
    expectUnauthenticated(() => verifyBearer('Basic abc', SECRET), /Bearer <JWT>/);
    const forged = signToken(
      { sub: 'x', org: 'HRSS', district: '210500' },
      'another-secret-0123456789-0123456789',
    );
    expectUnauthenticated(() => verifyBearer(`Bearer ${forged}`, SECRET), /not valid/);
    const expired = jwt.sign(
      { sub: 'x', org: 'HRSS', district: '210500', exp: Math.floor(clockNowMs() / 1000) - 10 },
      SECRET,
    );
    expectUnauthenticated(() => verifyBearer(`Bearer ${expired}`, SECRET), /expired/);
  });

  it('refuses a token meant to live longer than the maximum, with or without iat, and takes one just within', () => {
    const hrss = { sub: 'x', org: 'HRSS', district: '210500' } as const;
    const century = signToken(hrss, SECRET, '36500d');
    expectUnauthenticated(() => verifyBearer(`Bearer ${century}`, SECRET), /maximum of 2160 hours/);
    const noIat = jwt.sign({ ...hrss, exp: Math.floor(clockNowMs() / 1000) + 91 * 86400 }, SECRET, {
      noTimestamp: true,
    });
    expectUnauthenticated(() => verifyBearer(`Bearer ${noIat}`, SECRET), /maximum/);
    expect(verifyBearer(`Bearer ${signToken(hrss, SECRET, '90d')}`, SECRET)).toMatchObject({ org: 'HRSS' });
    expectUnauthenticated(
      () => verifyBearer(`Bearer ${signToken(hrss, SECRET, '2h')}`, SECRET, 3600),
      /maximum of 1 hours/,
    );
  });

  it('refuses another algorithm, even with the right key', () => {
    const hs512 = jwt.sign({ sub: 'x', org: 'HRSS', district: '210500' }, SECRET, { algorithm: 'HS512' });
    expectUnauthenticated(() => verifyBearer(`Bearer ${hs512}`, SECRET), /not valid/);
    const none = jwt.sign({ sub: 'x', org: 'HRSS', district: '210500' }, '', { algorithm: 'none' });
    expectUnauthenticated(() => verifyBearer(`Bearer ${none}`, SECRET), /not valid/);
  });

  it.each([
    [{ sub: 'x', org: 'MAYOR', district: '210500' }, /org/],
    [{ sub: 'x', org: 'HRSS', district: '210100' }, /district/],
    [{ sub: 'x', org: 'BANK', district: '210500' }, /bank claim/],
    [{ sub: 'x', org: 'CONTRACTOR', district: '210502' }, /uscc claim/],
    [{ org: 'HRSS', district: '210500' }, /sub/],
  ])('refuses unusable claims %j', (claims, message) => {
    // dated by the hub's clock (as signToken does), not the machine's: only the claims are wrong
    const token = jwt.sign({ ...claims, iat: Math.floor(clockNowMs() / 1000) }, SECRET, { expiresIn: '1h' });
    expectUnauthenticated(() => verifyBearer(`Bearer ${token}`, SECRET), message);
  });

  describe('a token seen before (its signature and claims are remembered, never its times)', () => {
    const hrss = { sub: 'x', org: 'HRSS', district: '210500' } as const;
    afterEach(() => setClock(TEST_NOW));

    it('still expires', () => {
      const token = `Bearer ${signToken(hrss, SECRET, '1h')}`;
      expect(verifyBearer(token, SECRET)).toEqual(hrss);
      expect(verifyBearer(token, SECRET)).toEqual(hrss);
      advanceClock(3601_000);
      expectUnauthenticated(() => verifyBearer(token, SECRET), /expired/);
    });

    it('is refused under another secret and under a shorter maximum lifetime', () => {
      const token = `Bearer ${signToken(hrss, SECRET, '2h')}`;
      expect(verifyBearer(token, SECRET)).toEqual(hrss);
      expectUnauthenticated(() => verifyBearer(token, 'another-secret-0123456789-0123456789'), /not valid/);
      expectUnauthenticated(() => verifyBearer(token, SECRET, 3600), /maximum of 1 hours/);
      expect(verifyBearer(token, SECRET)).toEqual(hrss);
    });

    it('is not valid before its nbf, whichever way the clock goes', () => {
      const token = `Bearer ${jwt.sign({ ...hrss, iat: Math.floor(clockNowMs() / 1000) }, SECRET, { expiresIn: '1h', notBefore: 60 })}`;
      expectUnauthenticated(() => verifyBearer(token, SECRET), /not valid/);
      advanceClock(61_000);
      expect(verifyBearer(token, SECRET)).toEqual(hrss);
      setClock(TEST_NOW);
      expectUnauthenticated(() => verifyBearer(token, SECRET), /not valid/);
    });

    it('hands each caller its own copy of the claims', () => {
      const token = `Bearer ${signToken({ ...hrss, sub: 'copy' }, SECRET, '1h')}`;
      verifyBearer(token, SECRET).district = '210502';
      expect(verifyBearer(token, SECRET).district).toBe('210500');
    });
  });
});
