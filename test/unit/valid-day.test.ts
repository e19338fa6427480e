import {
  DEFAULT_ATTENDANCE_RULE as RULE,
  isValidDay,
  managersShareBp,
  ruleOn,
  validDays,
} from '../../src/domain/workforce/valid-day';

const at = (s: string) => new Date(`${s}+08:00`);

describe('the valid attendance day (default: 2 punches, 08–11 and 13–18 Shanghai, 4 h apart)', () => {
  it('counts a morning and an afternoon punch at least 4 hours apart', () => {
    expect(isValidDay([at('2026-11-02T08:30:00'), at('2026-11-02T17:30:00')], RULE)).toBe(true);
  });

  it('takes 4 hours exactly, not a millisecond less', () => {
    expect(isValidDay([at('2026-11-02T09:00:00'), at('2026-11-02T13:00:00')], RULE)).toBe(true);
    expect(isValidDay([at('2026-11-02T09:00:00.001'), at('2026-11-02T13:00:00')], RULE)).toBe(false);
  });

  it('has inclusive windows to the second: 11:00:00 is morning, 11:00:00.001 is not', () => {
    expect(isValidDay([at('2026-11-02T11:00:00'), at('2026-11-02T18:00:00')], RULE)).toBe(true);
    expect(isValidDay([at('2026-11-02T11:00:00.001'), at('2026-11-02T18:00:00')], RULE)).toBe(false);
    expect(isValidDay([at('2026-11-02T08:00:00'), at('2026-11-02T18:00:00.001')], RULE)).toBe(false);
    expect(isValidDay([at('2026-11-02T07:59:59.999'), at('2026-11-02T17:00:00')], RULE)).toBe(false);
  });

  it('refuses one punch, and two in the same window', () => {
    expect(isValidDay([at('2026-11-02T08:30:00')], RULE)).toBe(false);
    expect(isValidDay([at('2026-11-02T13:00:00'), at('2026-11-02T17:30:00')], RULE)).toBe(false);
    expect(isValidDay([], { ...RULE, minPunches: 0 })).toBe(false);
  });

  it('splits punches across Shanghai midnight into two days: a night shift counts on neither', () => {
    const night = [at('2026-11-02T20:00:00'), at('2026-11-03T04:30:00')];
    expect(validDays(night, RULE)).toEqual([]);
    // 00:30 UTC is 08:30 in Shanghai: the day and the windows are Shanghai's, not the server's
    const utcEvening = [new Date('2026-11-02T00:30:00Z'), new Date('2026-11-02T09:00:00Z')];
    expect(validDays(utcEvening, RULE)).toEqual(['2026-11-02']);
  });

  it('counts each valid day once, whatever the punches between', () => {
    const punches = [
      at('2026-11-03T17:00:00'),
      at('2026-11-02T08:10:00'),
      at('2026-11-02T12:00:00'),
      at('2026-11-02T17:40:00'),
      at('2026-11-03T08:59:00'),
      at('2026-11-04T08:59:00'),
    ];
    expect(validDays(punches, RULE)).toEqual(['2026-11-02', '2026-11-03']);
  });

  it('follows the rule as data: three punches and 6 hours', () => {
    const strict = { ...RULE, minPunches: 3, minSpanMinutes: 360 };
    const two = [at('2026-11-02T08:00:00'), at('2026-11-02T17:00:00')];
    expect(isValidDay(two, strict)).toBe(false);
    expect(isValidDay([...two, at('2026-11-02T12:00:00')], strict)).toBe(true);
    const versions = [RULE, { ...strict, effectiveFrom: '2026-12-01' }];
    expect(ruleOn(versions, '2026-11-30').minPunches).toBe(2);
    expect(ruleOn(versions, '2026-12-01').minPunches).toBe(3);
  });

  it("gives managers' share of required days in basis points, capped per manager", () => {
    expect(managersShareBp([17], 21)).toBe(8095);
    expect(managersShareBp([21, 10], 21)).toBe(7380);
    expect(managersShareBp([25], 21)).toBe(10000);
    expect(managersShareBp([], 21)).toBeNull();
    expect(managersShareBp([3], 0)).toBeNull();
  });
});
