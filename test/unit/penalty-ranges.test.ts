import {
  consequenceProblem,
  describeRange,
  fineProblem,
  formatYuan,
  PENALTY_CODES,
  PENALTY_CONSEQUENCES,
  PENALTY_RULES,
  type PenaltyCode,
  type PenaltyConsequence,
  type PenaltyPartyKind,
} from '../../src/domain/penalty-ranges';

const yuan = (n: number) => BigInt(Math.round(n * 100));

/** The legal ranges (Regulation arts. 54–58), in yuan, written out again by hand. */
const RANGES: [PenaltyCode, PenaltyPartyKind, number, number, string][] = [
  ['P1', 'UNIT', 20_000, 50_000, 'P1 for a unit is ¥20,000.00–¥50,000.00'],
  ['P1', 'PERSON', 10_000, 30_000, 'P1 for each responsible person is ¥10,000.00–¥30,000.00'],
  ['P2', 'UNIT', 50_000, 100_000, 'P2 for a unit is ¥50,000.00–¥100,000.00'],
  ['P3', 'UNIT', 50_000, 100_000, 'P3 for a unit is ¥50,000.00–¥100,000.00'],
  ['P4', 'UNIT', 50_000, 100_000, 'P4 for a unit is ¥50,000.00–¥100,000.00'],
  ['P5', 'UNIT', 20_000, 50_000, 'P5 for a unit is ¥20,000.00–¥50,000.00'],
];

describe.each(RANGES)('%s on %s: ¥%d–¥%d', (code, kind, min, max, words) => {
  it.each([
    ['one fen below the minimum', min - 0.01, false],
    ['the minimum', min, true],
    ['one fen above the minimum', min + 0.01, true],
    ['the middle', (min + max) / 2, true],
    ['one fen below the maximum', max - 0.01, true],
    ['the maximum', max, true],
    ['one fen above the maximum', max + 0.01, false],
    ['zero', 0, false],
  ])('%s (¥%d)', (_what, amount, ok) => {
    const problem = fineProblem(code, kind, yuan(amount));
    if (ok) expect(problem).toBeNull();
    else expect(problem).toContain(words);
  });

  it('names the range', () => expect(describeRange(code, kind)).toBe(words));
});

describe('P1 unit and person ranges differ', () => {
  it('¥40,000 is inside the unit range and outside the person range', () => {
    expect(fineProblem('P1', 'UNIT', yuan(40_000))).toBeNull();
    expect(fineProblem('P1', 'PERSON', yuan(40_000))).toBe(
      'P1 for each responsible person is ¥10,000.00–¥30,000.00; ¥40,000.00 is outside it',
    );
  });
  it('¥15,000 is inside the person range and outside the unit range', () => {
    expect(fineProblem('P1', 'PERSON', yuan(15_000))).toBeNull();
    expect(fineProblem('P1', 'UNIT', yuan(15_000))).toBe(
      'P1 for a unit is ¥20,000.00–¥50,000.00; ¥15,000.00 is outside it',
    );
  });
  it.each(['P2', 'P3', 'P4', 'P5'] as const)('%s fines no person', (code) => {
    expect(fineProblem(code, 'PERSON', yuan(20_000))).toMatch(/only P1 fines persons/);
  });
});

describe('consequences each code allows', () => {
  const ALLOWED: Record<PenaltyCode, PenaltyConsequence[]> = {
    P1: ['NONE'],
    P2: ['STOP_WORK', 'RESTRICT_BIDDING', 'QUALIFICATION_LOWERED', 'QUALIFICATION_REVOKED'],
    P3: ['NONE'],
    P4: ['STOP_WORK'],
    P5: ['NONE'],
  };
  const pairs = PENALTY_CODES.flatMap((code) => PENALTY_CONSEQUENCES.map((c) => [code, c] as const));
  it.each(pairs)('%s with %s', (code, consequence) => {
    const problem = consequenceProblem(code, consequence);
    if (ALLOWED[code].includes(consequence)) expect(problem).toBeNull();
    else expect(problem).toMatch(new RegExp(`^${code} \\(art\\. 5\\d\\) allows .*; not ${consequence}$`));
  });
  it('P2 and P4 stop work; P3 and P5 have no stop-work', () => {
    expect(PENALTY_CODES.filter((c) => PENALTY_RULES[c].stopsWork)).toEqual(['P2', 'P4']);
  });
  it('who orders each code', () => {
    expect(PENALTY_RULES.P1.authorities).toEqual(['HRSS']);
    for (const c of ['P2', 'P3', 'P4'] as const)
      expect(PENALTY_RULES[c].authorities).toEqual(['HRSS', 'INDUSTRY_AUTHORITY']);
    expect(PENALTY_RULES.P5.authorities).toEqual(['FINANCIAL_REGULATOR']);
  });
});

describe('formatYuan', () => {
  it.each([
    [0n, '¥0.00'],
    [1n, '¥0.01'],
    [100n, '¥1.00'],
    [99_999n, '¥999.99'],
    [100_000n, '¥1,000.00'],
    [2_000_000n, '¥20,000.00'],
    [10_000_000n, '¥100,000.00'],
    [123_456_789_01n, '¥123,456,789.01'],
    [-150n, '-¥1.50'],
  ])('%s fen → %s', (fen, text) => expect(formatYuan(fen)).toBe(text));
});
