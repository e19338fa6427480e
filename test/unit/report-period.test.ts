import { previousMonth, reportPeriod } from '../../src/domain/reports/period';
import { rate } from '../../src/services/reports/sections';

describe('a report period (R21): a Shanghai calendar month, to date while it is not over', () => {
  it("the monthly job's month is the one before its run date, across a year's end", () => {
    expect(previousMonth('2026-10-01')).toBe('2026-09');
    expect(previousMonth('2027-01-01')).toBe('2026-12');
    expect(previousMonth('2026-03-31')).toBe('2026-02');
  });

  it("a month over runs to its last day (February's 28th, a leap year's 29th); the current month to today", () => {
    expect(reportPeriod('2026-02', '2026-12-01')).toEqual({
      month: '2026-02',
      from: '2026-02-01',
      through: '2026-02-28',
      toDate: false,
    });
    expect(reportPeriod('2028-02', '2028-03-01').through).toBe('2028-02-29');
    expect(reportPeriod('2026-12', '2026-12-01')).toMatchObject({ through: '2026-12-01', toDate: true });
    // the month's last day itself: not over until it is
    expect(reportPeriod('2026-11', '2026-11-30')).toMatchObject({ through: '2026-11-30', toDate: true });
  });

  it('refuses what is not a month, or a month not begun, naming the field', () => {
    for (const bad of ['2026-13', '2026-00', '2026-9', '26-09', '2026-09-01', ''])
      expect(() => reportPeriod(bad, '2026-12-01')).toThrow(expect.objectContaining({ field: 'period' }));
    expect(() => reportPeriod('2027-01', '2026-12-01')).toThrow(/has not begun/);
  });

  it('a rate of nothing is a dash, not 0% or NaN', () => {
    expect(rate(0, 0)).toBe('—');
    expect(rate(1, 3)).toBe('33.3%');
    expect(rate(2, 2)).toBe('100.0%');
  });
});
