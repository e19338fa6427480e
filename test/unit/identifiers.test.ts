import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  checkResidentId,
  checkUscc,
  luhnValid,
  maskAccountNo,
  maskIdNumber,
  maskName,
  normalizeResidentId,
  normalizeUscc,
  usccCheckCharacter,
} from '../../src/domain/identifiers';

interface Vector {
  value: string;
  expect: 'valid' | 'invalid' | 'disputed';
  expect_reason?: string;
  source: string;
}
const vectors: { id_card: Vector[]; uscc: Vector[]; luhn: Vector[] } = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/identifiers/vectors.json'), 'utf8'),
);

// Fixed "today" (2025-06-15 in China) so date verdicts never depend on when the suite runs.
const TODAY = new Date('2025-06-15T12:00:00+08:00');

/**
 * The vectors' reasons are free text written against python-stdnum. Map the leading word onto our
 * reasons; an unmapped word throws so a new vector forces a deliberate decision. `null` = assert
 * the verdict only.
 */
const ID_REASONS: Record<string, 'format' | 'date' | 'checksum' | null> = {
  checksum: 'checksum',
  date: 'date',
  format: 'format',
  length: 'format',
  location: 'format', // we only refuse impossible province prefixes (99...), reported as format
  unspecified: null,
};
const USCC_REASONS: Record<string, 'format' | 'checksum' | null> = { checksum: 'checksum', format: 'format' };
const USCC_OVERRIDES: Record<string, 'format' | 'checksum'> = {
  // stdnum calls this a format error only because it demands 8 leading digits, which we deliberately
  // do not (README); 'A' is in the alphabet, so for us the check character is what is wrong.
  A1110000600037341L: 'checksum',
  // The source's check character 'Z' is not in the USCC alphabet at all (the correct one is '3'),
  // so the value fails our format rule before the checksum is ever computed.
  '91350100M000100Y4Z': 'format',
};

function mapped<R>(table: Record<string, R>, v: Vector): R {
  const word = (v.expect_reason ?? 'unspecified').split(/[\s(]/)[0];
  if (!(word in table)) throw new Error(`no mapping for reason "${v.expect_reason}" of ${v.value}`);
  return table[word];
}

describe('resident ID vectors (every one in vectors.json)', () => {
  test('fixture is present and non-trivial', () => {
    expect(vectors.id_card.length).toBeGreaterThanOrEqual(17);
  });

  test.each(vectors.id_card.map((v) => [v.value, v] as const))('%s', (_value, v) => {
    const got = checkResidentId(v.value, TODAY);
    if (v.expect === 'valid') {
      expect(got).toEqual({ ok: true });
      return;
    }
    expect(v.expect).toBe('invalid');
    expect(got.ok).toBe(false);
    const reason = mapped(ID_REASONS, v);
    if (reason !== null) expect(got).toEqual({ ok: false, reason });
  });
});

describe('USCC vectors (every one in vectors.json)', () => {
  test('fixture is present and non-trivial', () => {
    expect(vectors.uscc.length).toBeGreaterThanOrEqual(13);
  });

  test.each(vectors.uscc.map((v) => [v.value, v] as const))('%s', (_value, v) => {
    const got = checkUscc(v.value);
    // "disputed": the page claims it fails, but the MOD-31 computation passes (README)
    if (v.expect === 'valid' || v.expect === 'disputed') {
      expect(got).toEqual({ ok: true });
      expect(usccCheckCharacter(v.value.slice(0, 17))).toBe(v.value[17]);
      return;
    }
    expect(v.expect).toBe('invalid');
    const reason = USCC_OVERRIDES[v.value] ?? mapped(USCC_REASONS, v);
    if (reason === null) expect(got.ok).toBe(false);
    else expect(got).toEqual({ ok: false, reason });
  });
});

describe('Luhn vectors (every one in vectors.json)', () => {
  test('fixture is present and non-trivial', () => {
    expect(vectors.luhn.length).toBeGreaterThanOrEqual(7);
  });

  test.each(vectors.luhn.map((v) => [v.value, v] as const))('%s', (_value, v) => {
    expect(luhnValid(v.value)).toBe(v.expect === 'valid');
  });
});

/** Check digit by stdnum's formula, (1 - 2 * int(body, 13)) % 11 — independent of the weight table. */
function withRidCheck(body17: string): string {
  let n = 0n;
  for (const ch of body17) n = n * 13n + BigInt(ch);
  const c = Number((((1n - 2n * n) % 11n) + 11n) % 11n);
  return body17 + (c === 10 ? 'X' : String(c));
}
const benxi = (birth: string, seq = '001') => withRidCheck(`210502${birth}${seq}`);

describe('checkResidentId edge cases', () => {
  test('the stdnum-formula helper agrees with a known vector', () => {
    expect(withRidCheck('11010519491231002')).toBe('11010519491231002X');
  });

  test('lower-case x is accepted and normalised', () => {
    expect(checkResidentId('44011320141005001x', TODAY)).toEqual({ ok: true });
    expect(checkResidentId('11010519491231002x', TODAY)).toEqual({ ok: true });
    expect(normalizeResidentId('11010519491231002x')).toBe('11010519491231002X');
  });

  test.each([
    ['17 chars', '44522119901117536'],
    ['19 chars', '4408821991021041950'],
    ['empty', ''],
    ['15-digit first-generation ID', '210502800101001'],
    ['X not last', '44088219910210X195'],
    ['letter in body', '4408821991021A4195'],
    ['leading space', ' 440882199102104195'],
    ['trailing space', '440882199102104195 '],
    ['full-width digit', '４40882199102104195'],
    ['unknown province 99', withRidCheck('99042619911201007')],
    ['unknown province 00', withRidCheck('00000019900101001')],
  ])('format: %s', (_label, id) => {
    expect(checkResidentId(id, TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  test.each([
    ['20000229', true], // divisible by 400: leap
    ['19960229', true],
    ['19000229', false], // divisible by 100 but not 400: not leap
    ['19970229', false],
    ['19960230', false],
    ['19990431', false],
    ['19990631', false],
    ['19991231', true],
    ['19991301', false],
    ['19990001', false],
    ['19990100', false],
    ['19990132', false],
    ['18000101', true],
    ['17991231', false], // earlier than any living person
  ])('birth date %s valid=%p', (birth, valid) => {
    const want = valid ? { ok: true } : { ok: false, reason: 'date' };
    expect(checkResidentId(benxi(birth), TODAY)).toEqual(want);
  });

  test('birth date today is allowed, tomorrow is not', () => {
    expect(checkResidentId(benxi('20250615'), TODAY)).toEqual({ ok: true });
    expect(checkResidentId(benxi('20250616'), TODAY)).toEqual({ ok: false, reason: 'date' });
  });

  test('"today" is the calendar date in China, not UTC', () => {
    const lateUtc = new Date('2025-06-15T16:30:00Z'); // 2025-06-16 00:30 in Beijing
    expect(checkResidentId(benxi('20250616'), lateUtc)).toEqual({ ok: true });
    const earlyUtc = new Date('2025-06-15T15:59:59Z'); // 2025-06-15 23:59:59 in Beijing
    expect(checkResidentId(benxi('20250616'), earlyUtc)).toEqual({ ok: false, reason: 'date' });
  });

  test('defaults today to now', () => {
    expect(checkResidentId(benxi('29991231'))).toEqual({ ok: false, reason: 'date' });
    expect(checkResidentId(benxi('19800101'))).toEqual({ ok: true });
  });

  test('a bad date is reported as date even if the check digit is also wrong', () => {
    const id = benxi('19000229');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(checkResidentId(wrong, TODAY)).toEqual({ ok: false, reason: 'date' });
  });

  test('every wrong check character is refused as checksum', () => {
    const id = benxi('19850617', '123');
    expect(checkResidentId(id, TODAY)).toEqual({ ok: true });
    for (const c of '0123456789X') {
      if (c === id[17]) continue;
      expect(checkResidentId(id.slice(0, 17) + c, TODAY)).toEqual({ ok: false, reason: 'checksum' });
    }
  });
});

describe('USCC edge cases', () => {
  test('lower-case input is accepted', () => {
    expect(normalizeUscc('91512081ma62k0260e')).toBe('91512081MA62K0260E');
    expect(checkUscc('91512081ma62k0260e')).toEqual({ ok: true });
    expect(usccCheckCharacter('91512081ma62k0260')).toBe('E');
  });

  test.each([
    ['17 chars', '91110000600037341'],
    ['19 chars', '91110000600037341LL'],
    ['empty', ''],
    ['letter I', '91110000600037341I'],
    ['letter O', '9111000060003734OL'],
    ['letter Z', '9111000060003734ZL'],
    ['letter S', '9111000060003734SL'],
    ['letter V', '9111000060003734VL'],
    ['lower-case i upper-cases to a refused I', '9111000060003734iL'],
    ['inner space', '91110000 600037341'],
    ['leading space', ' 91110000600037341L'],
    ['hyphen', '91110000-600037341'],
  ])('format: %s', (_label, code) => {
    expect(checkUscc(code)).toEqual({ ok: false, reason: 'format' });
  });

  test('Fujian codes reported as really issued still fail the check (documented in the source)', () => {
    expect(usccCheckCharacter('91350211M0000XUF4')).toBe('R');
    expect(checkUscc('91350211M0000XUF46')).toEqual({ ok: false, reason: 'checksum' });
    expect(usccCheckCharacter('91350100M0001TGQX')).toBe('1');
    expect(checkUscc('91350100M0001TGQXM')).toEqual({ ok: false, reason: 'checksum' });
  });

  test('the GB 32100 worked example computes 3, not Z', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  test("letters in the first 8 positions are allowed (stdnum's digit rule is not enforced)", () => {
    for (const body of ['A1110000600037341', 'N2110000600037341', 'Y1AB0000600037341']) {
      expect(checkUscc(body + usccCheckCharacter(body))).toEqual({ ok: true });
    }
  });

  test('every wrong check character is refused as checksum', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const c of alphabet) {
      if (c === 'L') continue;
      expect(checkUscc(`91110000600037341${c}`)).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  test('any single-character substitution in the body is detected', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const valid = '91512081MA62K0260E';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (pos, shift) => {
        const swapped = alphabet[(alphabet.indexOf(valid[pos]) + shift) % 31];
        const code = valid.slice(0, pos) + swapped + valid.slice(pos + 1);
        expect(checkUscc(code)).toEqual({ ok: false, reason: 'checksum' });
      }),
    );
  });

  test.each(['', '9111000060003734', '911100006000373411', '91110000600037341I'])(
    'usccCheckCharacter refuses %j',
    (body) => {
      expect(() => usccCheckCharacter(body)).toThrow(RangeError);
    },
  );
});

describe('luhnValid edge cases', () => {
  test.each([
    ['', false],
    ['0', true],
    ['18', true],
    ['4992 7398 716', false],
    ['4992-7398-716', false],
    [' 49927398716', false],
    ['49927398716x', false],
    ['４9927398716', false],
    ['49927398761', false], // adjacent transposition
  ])('%j -> %p', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });

  test('any single-digit change of a valid number is detected', () => {
    const valid = '6222021234567890128';
    expect(luhnValid(valid)).toBe(true);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: valid.length - 1 }),
        fc.integer({ min: 1, max: 9 }),
        (pos, shift) => {
          const d = String((Number(valid[pos]) + shift) % 10);
          expect(luhnValid(valid.slice(0, pos) + d + valid.slice(pos + 1))).toBe(false);
        },
      ),
    );
  });
});

describe('masking', () => {
  test.each([
    ['21050219800101123X', '210502********123X'],
    ['210502198001011234', '210502********1234'],
    ['210502800101123', '210502*****1123'], // 15-digit first-generation number
    ['12345678901', '123456*8901'],
    ['1234567890', '**********'], // too short to keep 10 characters without showing it all
    ['', ''],
  ])('maskIdNumber(%j) = %j', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  test.each([
    ['6222021234567890128', '***************0128'],
    ['12345', '*2345'],
    ['1234', '****'],
    ['12', '**'],
    ['', ''],
  ])('maskAccountNo(%j) = %j', (no, masked) => {
    expect(maskAccountNo(no)).toBe(masked);
  });

  test.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李小龙', '李**'],
    ['𠮷野家', '𠮷**'], // supplementary-plane first character stays whole
    ['阿𠮷', '阿*'], // and counts as one character when masked
    ['买买提·艾力', '买*****'],
    ['Li Lei', 'L*****'],
    ['张', '*'], // a lone character would otherwise be shown in full
    ['', ''],
  ])('maskName(%j) = %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  test('masks keep the length of the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => {
        expect(maskIdNumber(s)).toHaveLength(s.length);
        expect(maskAccountNo(s)).toHaveLength(s.length);
        expect(Array.from(maskName(s))).toHaveLength(Array.from(s).length);
      }),
    );
  });
});
