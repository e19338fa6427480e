import jwt from 'jsonwebtoken';
import { signToken, verifyBearer } from '../../src/auth/tokens';
import { DomainError } from '../../src/domain/errors';
import { nowMs as clockNowMs } from '../../src/clock';

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
});
