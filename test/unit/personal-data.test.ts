import { ConfigError, loadConfig } from '../../src/config';
import {
  decryptPersonal,
  encryptPersonal,
  keyIdOf,
  lookupHash,
  usePersonalDataKeys,
} from '../../src/personal-data/cipher';
import { DEV_PERSONAL_DATA_KEYS, parsePersonalDataKeys } from '../../src/personal-data/keys';
import { bankCard, residentId, RowRefusal } from '../../src/services/workforce/rows';

const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) };
const K1 = '00112233445566778899aabbccddeeff';
const K2 = 'ffeeddccbbaa99887766554433221100';
const LOOKUP = 'ab'.repeat(32);
const fail = (m: string): never => {
  throw new ConfigError(m);
};

describe('personal data keys (settings)', () => {
  afterEach(() => usePersonalDataKeys(DEV_PERSONAL_DATA_KEYS));

  it('uses the development keys when nothing is set, and refuses them in production', () => {
    expect(loadConfig(base).personalData.isDevDefault).toBe(true);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /PERSONAL_DATA_KEYS and PERSONAL_DATA_LOOKUP_KEY are required when NODE_ENV=production/,
    );
    const prod = loadConfig({
      ...base,
      NODE_ENV: 'production',
      PERSONAL_DATA_KEYS: `k1:${K1}`,
      PERSONAL_DATA_LOOKUP_KEY: LOOKUP,
    }).personalData;
    expect(prod).toMatchObject({ writeKeyId: 'k1', isDevDefault: false });
  });

  it.each([
    [{ PERSONAL_DATA_KEYS: `k1:${K1.slice(2)}`, PERSONAL_DATA_LOOKUP_KEY: LOOKUP }, /32 hex digits/],
    [
      { PERSONAL_DATA_KEYS: `k1:${K1},k2:${K2}`, PERSONAL_DATA_LOOKUP_KEY: LOOKUP },
      /PERSONAL_DATA_KEY_ID must name/,
    ],
    [
      { PERSONAL_DATA_KEYS: `k1:${K1}`, PERSONAL_DATA_KEY_ID: 'k9', PERSONAL_DATA_LOOKUP_KEY: LOOKUP },
      /"k9" is not in/,
    ],
    [{ PERSONAL_DATA_KEYS: `k1:${K1},k1:${K2}`, PERSONAL_DATA_LOOKUP_KEY: LOOKUP }, /twice/],
    [{ PERSONAL_DATA_KEYS: `k1:${K1}`, PERSONAL_DATA_LOOKUP_KEY: 'ab' }, /PERSONAL_DATA_LOOKUP_KEY must be/],
    [{ PERSONAL_DATA_LOOKUP_KEY: LOOKUP }, /PERSONAL_DATA_KEYS must be set/],
  ])('refuses %j naming the variable, never echoing a key', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
    try {
      loadConfig({ ...base, ...env });
    } catch (err) {
      expect((err as Error).message).not.toContain(K1.slice(4));
    }
  });

  it('rotates: values written under the old key still read after a new one writes', () => {
    const env = { PERSONAL_DATA_KEYS: `old:${K1}`, PERSONAL_DATA_LOOKUP_KEY: LOOKUP };
    usePersonalDataKeys(parsePersonalDataKeys(env, 'production', fail));
    const before = encryptPersonal('210502198003150012');
    const hashBefore = lookupHash('ID', '210502198003150012');
    usePersonalDataKeys(
      parsePersonalDataKeys(
        { ...env, PERSONAL_DATA_KEYS: `old:${K1},new:${K2}`, PERSONAL_DATA_KEY_ID: 'new' },
        'production',
        fail,
      ),
    );
    const after = encryptPersonal('210502198003150012');
    expect([keyIdOf(before), keyIdOf(after)]).toEqual(['old', 'new']);
    expect(decryptPersonal(before)).toBe('210502198003150012');
    expect(decryptPersonal(after)).toBe('210502198003150012');
    expect(lookupHash('ID', '210502198003150012')).toBe(hashBefore); // the lookup key is not rotated
    usePersonalDataKeys(
      parsePersonalDataKeys({ ...env, PERSONAL_DATA_KEYS: `new:${K2}` }, 'production', fail),
    );
    expect(() => decryptPersonal(before)).toThrow(/key "old", which PERSONAL_DATA_KEYS no longer holds/);
  });

  it('encrypts with a fresh IV each time and refuses an altered value', () => {
    const a = encryptPersonal('6222021234567890128');
    const b = encryptPersonal('6222021234567890128');
    expect(a).not.toBe(b);
    expect(a).not.toContain('6222021234567890128');
    const parts = a.split('.');
    const ct = Buffer.from(parts[3], 'base64url');
    ct[0] ^= 1;
    parts[3] = ct.toString('base64url');
    expect(() => decryptPersonal(parts.join('.'))).toThrow(/altered/);
    expect(lookupHash('ID', 'x')).not.toBe(lookupHash('CARD', 'x'));
  });
});

describe('row checks of ID and card numbers', () => {
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      if (err instanceof RowRefusal) return [err.code, err.message];
      throw err;
    }
    return null;
  };
  it('takes a GB 11643 number (lower-case x normalised) and refuses format, date and check digit', () => {
    expect(residentId('11010519491231002x')).toBe('11010519491231002X');
    expect(refusal(() => residentId('110105194912310021'))).toEqual([
      'INVALID_ID_NUMBER',
      'idNumber: fails its check digit (GB 11643)',
    ]);
    expect(refusal(() => residentId('11010519491331002X'))?.[1]).toMatch(/no real birth date/);
    expect(refusal(() => residentId('99010519491231002X'))?.[1]).toMatch(/not an 18-character/);
    expect(refusal(() => residentId('11010519491231002X', 'idNumber', '03'))?.[0]).toBe(
      'UNSUPPORTED_ID_TYPE',
    );
  });
  it('takes a Luhn-valid card (spaces dropped) and refuses others', () => {
    expect(bankCard('6222 0212 3456 7890 128')).toBe('6222021234567890128');
    expect(refusal(() => bankCard('6222021234567890127'))).toEqual([
      'INVALID_CARD_NUMBER',
      'bankCardNo: fails its check digit (Luhn)',
    ]);
    expect(refusal(() => bankCard('12345'))?.[1]).toMatch(/12–19 digits/);
  });
});
