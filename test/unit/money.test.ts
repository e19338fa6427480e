import fc from 'fast-check';
import { DomainError } from '../../src/domain/errors';
import { formatMoney, MAX_MONEY_FEN, parseMoney } from '../../src/domain/money';

const refusal = (input: unknown, field = 'amount'): DomainError => {
  try {
    parseMoney(input, field);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(String(input))} to be refused`);
};

describe('parseMoney accepts', () => {
  test.each<[string, bigint]>([
    ['500000.00', 50_000_000n],
    ['12.5', 1250n],
    ['12.50', 1250n],
    ['12', 1200n],
    ['0', 0n],
    ['0.00', 0n],
    ['0.05', 5n],
    ['0.5', 50n],
    ['10.10', 1010n],
    ['100', 10_000n],
    ['999999999999.99', 99_999_999_999_999n],
    ['999999999999', 99_999_999_999_900n],
  ])('%j -> %p fen', (input, fen) => {
    expect(parseMoney(input, 'amount')).toBe(fen);
  });
});

describe('parseMoney refuses', () => {
  test.each<[string, unknown, RegExp]>([
    ['integer number', 12, /must be a string such as "1234\.50", not a number/],
    ['float number', 12.5, /not a number/],
    ['NaN number', Number.NaN, /not a number/],
    ['Infinity number', Number.POSITIVE_INFINITY, /not a number/],
    ['bigint', 1250n, /must be a string/],
    ['null', null, /must be a string/],
    ['undefined', undefined, /must be a string/],
    ['object', { yuan: '1' }, /must be a string/],
    ['empty', '', /must not be empty/],
    ['whitespace only', '   ', /must not be empty/],
    ['negative', '-1.00', /must not be negative/],
    ['negative zero', '-0.00', /must not be negative/],
    ['leading plus', '+1.00', /plain digits/],
    ['three decimals', '1.234', /at most two decimal places/],
    ['trailing zero third decimal', '1.000', /at most two decimal places/],
    ['exponent', '1e5', /plain digits/],
    ['exponent with decimals', '1.5E3', /plain digits/],
    ['thousands separator', '1,000.00', /plain digits/],
    ['space separator', '1 000.00', /plain digits/],
    ['leading space', ' 1.00', /leading or trailing spaces/],
    ['trailing space', '1.00 ', /leading or trailing spaces/],
    ['trailing newline', '1.00\n', /leading or trailing spaces/],
    ['dot alone', '.', /plain digits/],
    ['trailing dot', '12.', /plain digits/],
    ['leading dot', '.5', /plain digits/],
    ['hex', '0x10', /plain digits/],
    ['Infinity string', 'Infinity', /plain digits/],
    ['NaN string', 'NaN', /plain digits/],
    ['leading zeros', '007.00', /leading zeros/],
    ['leading zero integer', '01', /leading zeros/],
    ['full-width digits', '１２.００', /plain digits/],
    ['comma decimal', '12,50', /plain digits/],
    ['currency sign', '¥12.00', /plain digits/],
    ['one fen above max', '1000000000000.00', /at most 999999999999\.99/],
    ['far above max', '99999999999999999999', /at most 999999999999\.99/],
  ])('%s', (_label, input, message) => {
    const err = refusal(input);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.field).toBe('amount');
    expect(err.message).toMatch(message);
  });

  test('messages start with the field name', () => {
    expect(refusal('1.234', 'input.contractAmount').message).toMatch(/^input\.contractAmount: /);
    expect(refusal(12.5, 'wage').message).toBe(
      'wage: Money must be a string such as "1234.50", not a number',
    );
  });
});

describe('formatMoney', () => {
  test.each<[bigint, string]>([
    [50_000_000n, '500000.00'],
    [5n, '0.05'],
    [50n, '0.50'],
    [0n, '0.00'],
    [100n, '1.00'],
    [-5n, '-0.05'],
    [-123_456n, '-1234.56'],
    [99_999_999_999_999n, '999999999999.99'],
    // differences of large sums can exceed the input maximum; still exact
    [12_345_678_901_234_567_890n, '123456789012345678.90'],
  ])('%p -> %j', (fen, text) => {
    expect(formatMoney(fen)).toBe(text);
  });
});

describe('round trip', () => {
  test.each(['0.00', '0.01', '12.50', '500000.00', '999999999999.99'])(
    'format(parse(%j)) is identity',
    (s) => {
      expect(formatMoney(parseMoney(s, 'amount'))).toBe(s);
    },
  );

  test('short forms come back with two decimals', () => {
    expect(formatMoney(parseMoney('12.5', 'amount'))).toBe('12.50');
    expect(formatMoney(parseMoney('12', 'amount'))).toBe('12.00');
  });

  test('parse(format(fen)) === fen for every fen in range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_MONEY_FEN }), (fen) => {
        expect(parseMoney(formatMoney(fen), 'amount')).toBe(fen);
      }),
    );
  });

  test('amounts where float arithmetic would drift stay exact', () => {
    expect(0.29 * 100).not.toBe(29); // the trap this module exists to avoid
    expect(parseMoney('0.29', 'amount')).toBe(29n);
    expect(parseMoney('1.15', 'amount')).toBe(115n);
    expect(parseMoney('999999999999.99', 'amount')).toBe(99_999_999_999_999n);
    expect(parseMoney('999999999999.99', 'amount') + 1n).toBe(100_000_000_000_000n);
  });
});
