import { WorkingCalendar } from '../../src/domain/calendar';
import {
  clampedDay,
  movedEarlier,
  nextMonthOf,
  payDayOf,
  previousMonthOf,
  workingDaysInMonth,
} from '../../src/domain/workforce/pay-day';

const calendar = WorkingCalendar.builtIn();

describe('the pay day of a month’s wages (art. 14: a rest day moves it earlier)', () => {
  it('is the pay day in the following month', () => {
    expect(payDayOf('2026-06', 15, calendar)).toEqual({ date: '2026-07-15', provisional: false });
    expect(nextMonthOf('2026-12')).toBe('2027-01');
    expect(previousMonthOf('2026-01')).toBe('2025-12');
  });

  it('the issue’s example: a pay day on 2026-10-04 (National Day) moves to 2026-09-30', () => {
    expect(payDayOf('2026-09', 4, calendar).date).toBe('2026-09-30');
    // the whole holiday run 10-01..07 lands on the last working day before it
    for (const d of [1, 2, 3, 5, 6, 7]) expect(payDayOf('2026-09', d, calendar).date).toBe('2026-09-30');
  });

  it('a make-up working day is a working day: it stays, and a rest day after it moves onto it', () => {
    // 2026-10-10 is a Saturday made a working day (调休)
    expect(payDayOf('2026-09', 10, calendar).date).toBe('2026-10-10');
    // 2026-10-11 is a plain Sunday: back to the make-up Saturday, not to Friday the 9th
    expect(payDayOf('2026-09', 11, calendar).date).toBe('2026-10-10');
    // 2026-09-20 (a Sunday made working) keeps a pay day of the 20th for August's wages
    expect(payDayOf('2026-08', 20, calendar).date).toBe('2026-09-20');
  });

  it('across Mid-Autumn 2026 (09-25..27): the 27th moves to Thursday the 24th', () => {
    expect(payDayOf('2026-08', 27, calendar).date).toBe('2026-09-24');
  });

  it('a pay day past the month’s end is its last day, then moved earlier if that is a rest day', () => {
    expect(clampedDay('2026-02', 31)).toBe('2026-02-28');
    expect(clampedDay('2028-02', 30)).toBe('2028-02-29');
    expect(clampedDay('2026-04', 31)).toBe('2026-04-30');
    // 2026-02-28 is a make-up working Saturday (Spring Festival)
    expect(payDayOf('2026-01', 31, calendar).date).toBe('2026-02-28');
    // 2026-05-31 is a Sunday: Friday 05-29
    expect(payDayOf('2026-04', 31, calendar).date).toBe('2026-05-29');
  });

  it('a pay day on 1 January moves into the work month itself (2026-12-31)', () => {
    // 2027 is not loaded: 01-01 is a fixed-date holiday, counted provisionally
    expect(payDayOf('2026-12', 1, calendar)).toEqual({ date: '2026-12-31', provisional: true });
  });

  it('counts a month’s working days with holidays and make-up days', () => {
    // October 2026: 22 weekdays − 5 weekday holidays (10-01,02,05,06,07) + make-up Saturday 10-10 = 18
    expect(workingDaysInMonth('2026-10', calendar)).toBe(18);
    // September 2026: 22 weekdays − Friday 09-25 + make-up Sunday 09-20 = 22
    expect(workingDaysInMonth('2026-09', calendar)).toBe(22);
    expect(movedEarlier('2026-09-27', calendar).date).toBe('2026-09-24');
  });
});
