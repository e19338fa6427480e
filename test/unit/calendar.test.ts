import fc from 'fast-check';
import { validateCalendarYear, WorkingCalendar, type CalendarYear } from '../../src/domain/calendar';
import { BUILT_IN_CALENDAR_YEARS } from '../../src/domain/calendar-data';
import {
  addDays,
  compareDates,
  dayOfWeek,
  daysInMonth,
  isValidIsoDate,
  shanghaiDateOf,
} from '../../src/domain/dates';
import { DomainError } from '../../src/domain/errors';
import cd2025 from '../fixtures/holidays/chinese-days-1.5.7-2025.json';
import cd2026 from '../fixtures/holidays/chinese-days-1.5.7-2026.json';

const cal = WorkingCalendar.builtIn();
const working = (...ds: string[]) => ds.map((d) => [d, cal.isWorkingDay(d)]);
const all = (ds: string[], v: boolean) => ds.map((d) => [d, v]);

/** The DomainError a call throws, for checking code, field and message together. */
function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('dates', () => {
  it('validates real calendar dates only', () => {
    expect(['2024-02-29', '2025-12-31', '2026-01-01'].every(isValidIsoDate)).toBe(true);
    expect(
      ['2025-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '', '2026-01-01T00:00'].some(isValidIsoDate),
    ).toBe(false);
    expect(isValidIsoDate(20260101)).toBe(false);
  });

  it('adds days across month, year and leap day', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('compares, names weekdays, counts month days', () => {
    expect([compareDates('2026-01-02', '2026-01-10'), compareDates('2026-01-02', '2026-01-02')]).toEqual([
      -1, 0,
    ]);
    expect(dayOfWeek('2026-01-04')).toBe(0); // Sunday
    expect(dayOfWeek('2026-02-14')).toBe(6); // Saturday
    expect([daysInMonth(2024, 2), daysInMonth(2026, 2), daysInMonth(1900, 2), daysInMonth(2000, 2)]).toEqual([
      29, 28, 28, 29,
    ]);
  });

  it('takes the Shanghai (UTC+8) date of an instant', () => {
    expect(shanghaiDateOf(new Date('2026-02-14T15:59:59.999Z'))).toBe('2026-02-14');
    expect(shanghaiDateOf(new Date('2026-02-14T16:00:00Z'))).toBe('2026-02-15');
    expect(shanghaiDateOf(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
    expect(() => shanghaiDateOf(new Date('nope'))).toThrow(DomainError);
  });
});

describe('WorkingCalendar, 2026', () => {
  it('New Year: Jan 1–3 off, Sunday Jan 4 works', () => {
    expect(
      working('2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'),
    ).toEqual([
      ['2025-12-31', true],
      ['2026-01-01', false],
      ['2026-01-02', false],
      ['2026-01-03', false],
      ['2026-01-04', true],
      ['2026-01-05', true],
    ]);
    // Civil Code 201: counting starts on Jan 1; Jan 4, 5, 6 are the three working days.
    expect(cal.addWorkingDays('2025-12-31', 3)).toBe('2026-01-06');
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(cal.nextWorkingDayOnOrAfter('2026-01-01')).toBe('2026-01-04');
    expect(cal.previousWorkingDayOnOrBefore('2026-01-03')).toBe('2025-12-31');
  });

  it('Spring Festival: Feb 14 and Feb 28 (Saturdays) work, Feb 15–23 off', () => {
    const off = ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => `2026-02-${d}`);
    expect(working(...off)).toEqual(all(off, false));
    expect(working('2026-02-13', '2026-02-14', '2026-02-24', '2026-02-28', '2026-03-01')).toEqual([
      ['2026-02-13', true],
      ['2026-02-14', true],
      ['2026-02-24', true],
      ['2026-02-28', true],
      ['2026-03-01', false],
    ]);
    expect(cal.nextWorkingDayOnOrAfter('2026-02-15')).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-12', 3)).toBe('2026-02-24'); // Feb 13, Sat 14, Feb 24
    expect(cal.previousWorkingDayOnOrBefore('2026-02-23')).toBe('2026-02-14');
  });

  it('Qingming: Apr 4–6 off', () => {
    expect(working('2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06', '2026-04-07')).toEqual([
      ['2026-04-03', true],
      ['2026-04-04', false],
      ['2026-04-05', false],
      ['2026-04-06', false],
      ['2026-04-07', true],
    ]);
    expect(cal.nextWorkingDayOnOrAfter('2026-04-04')).toBe('2026-04-07');
    expect(cal.addWorkingDays('2026-04-03', 1)).toBe('2026-04-07');
  });

  it('Labour Day: May 1–5 off, Saturday May 9 works', () => {
    const off = ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'];
    expect(working(...off)).toEqual(all(off, false));
    expect(working('2026-05-09', '2026-05-10')).toEqual([
      ['2026-05-09', true],
      ['2026-05-10', false],
    ]);
    expect(cal.addWorkingDays('2026-04-30', 3)).toBe('2026-05-08');
    expect(cal.addWorkingDays('2026-04-30', 4)).toBe('2026-05-09');
  });

  it('Dragon Boat and Mid-Autumn: Fri Jun 19 and Fri Sep 25 off, Sunday Sep 20 works', () => {
    expect(working('2026-06-19', '2026-06-22', '2026-09-20', '2026-09-25', '2026-09-28')).toEqual([
      ['2026-06-19', false],
      ['2026-06-22', true],
      ['2026-09-20', true],
      ['2026-09-25', false],
      ['2026-09-28', true],
    ]);
  });

  it('National Day: Oct 1–7 off, Saturday Oct 10 works', () => {
    const off = ['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-10-${d}`);
    expect(working(...off)).toEqual(all(off, false));
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.nextWorkingDayOnOrAfter('2026-10-03')).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-10-08', 2)).toBe('2026-10-10'); // Fri 9, Sat 10
    expect(cal.previousWorkingDayOnOrBefore('2026-10-07')).toBe('2026-09-30');
    expect(cal.previousWorkingDayOnOrBefore('2026-10-11')).toBe('2026-10-10');
  });

  it('n = 0 is the day itself; a negative or fractional n is refused', () => {
    expect(cal.addWorkingDays('2026-02-15', 0)).toBe('2026-02-15');
    expect(thrown(() => cal.addWorkingDays('2026-02-15', -1)).field).toBe('n');
    expect(thrown(() => cal.addWorkingDays('2026-02-15', 1.5)).field).toBe('n');
  });
});

describe('WorkingCalendar, 2025', () => {
  it('Spring Festival: Jan 28–Feb 4 off, Sunday Jan 26 and Saturday Feb 8 work', () => {
    expect(
      working('2025-01-26', '2025-01-27', '2025-01-28', '2025-02-04', '2025-02-05', '2025-02-08'),
    ).toEqual([
      ['2025-01-26', true],
      ['2025-01-27', true],
      ['2025-01-28', false],
      ['2025-02-04', false],
      ['2025-02-05', true],
      ['2025-02-08', true],
    ]);
    expect(cal.nextWorkingDayOnOrAfter('2025-01-28')).toBe('2025-02-05');
    expect(cal.addWorkingDays('2025-01-24', 2)).toBe('2025-01-27'); // Sun 26, Mon 27
  });

  it('Labour Day, Dragon Boat and National Day', () => {
    expect(
      working('2025-04-27', '2025-05-05', '2025-06-02', '2025-09-28', '2025-10-08', '2025-10-11'),
    ).toEqual([
      ['2025-04-27', true],
      ['2025-05-05', false],
      ['2025-06-02', false],
      ['2025-09-28', true],
      ['2025-10-08', false],
      ['2025-10-11', true],
    ]);
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(cal.previousWorkingDayOnOrBefore('2025-10-08')).toBe('2025-09-30');
  });
});

describe('years that are not loaded', () => {
  const expectMissing = (fn: () => unknown, year: number) => {
    const e = thrown(fn);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe(
      `the working-day calendar has no data for ${year}; city HRSS must load it with setCalendarYear`,
    );
  };

  it('refuses a date in 2027 or 2024 instead of guessing Monday–Friday', () => {
    expect(cal.hasYear(2026)).toBe(true);
    expect(cal.hasYear(2027)).toBe(false);
    expectMissing(() => cal.isWorkingDay('2027-01-04'), 2027);
    expectMissing(() => cal.isWorkingDay('2024-12-31'), 2024);
    expectMissing(() => cal.nextWorkingDayOnOrAfter('2027-03-01'), 2027);
    expectMissing(() => cal.addWorkingDays('2024-12-31', 1), 2024);
  });

  it('refuses a walk that crosses a year boundary into an unloaded year', () => {
    expect(cal.addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
    expectMissing(() => cal.addWorkingDays('2026-12-30', 2), 2027);
    expectMissing(() => cal.addWorkingDays('2026-12-31', 1), 2027);
    expectMissing(() => cal.previousWorkingDayOnOrBefore('2025-01-01'), 2024);
  });

  it('works once the year is loaded, without changing the original calendar', () => {
    const with2027 = cal.withYear({ year: 2027, holidays: ['2027-01-01'], workdays: [] });
    expect(with2027.years()).toEqual([2025, 2026, 2027]);
    expect(with2027.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(cal.hasYear(2027)).toBe(false);
  });
});

describe('validateCalendarYear', () => {
  const y = (holidays: unknown[], workdays: unknown[] = [], year = 2027) =>
    ({ year, holidays, workdays }) as CalendarYear;
  const fieldOf = (input: CalendarYear) => {
    const e = thrown(() => validateCalendarYear(input));
    expect(e.code).toBe('BAD_USER_INPUT');
    return [e.field, e.message];
  };

  it('names the field of the first bad date', () => {
    expect(fieldOf(y(['2027-01-01', '2027-02-30']))).toEqual([
      'holidays[1]',
      'holidays[1]: "2027-02-30" is not a real date (YYYY-MM-DD)',
    ]);
    expect(fieldOf(y(['2027-01-01', '2027-02-10', '2027-02-11', '2026-12-31']))).toEqual([
      'holidays[3]',
      'holidays[3]: 2026-12-31 is not in 2027',
    ]);
    expect(fieldOf(y([], [20270206]))[0]).toBe('workdays[0]');
    expect(fieldOf(y([], 'nope' as unknown as unknown[]))[0]).toBe('workdays');
    expect(fieldOf(y([], [], 2026.5))[0]).toBe('year');
  });

  it('refuses a make-up workday that is a weekday or also a holiday', () => {
    // 2027-02-08 is a Monday.
    expect(fieldOf(y([], ['2027-02-06', '2027-02-08']))).toEqual([
      'workdays[1]',
      'workdays[1]: 2027-02-08 is a Monday; a make-up working day (调休) is a Saturday or Sunday',
    ]);
    expect(fieldOf(y(['2027-02-06'], ['2027-02-06']))).toEqual([
      'workdays[0]',
      'workdays[0]: 2027-02-06 is also listed in holidays',
    ]);
  });

  it('sorts and deduplicates a valid year; refuses a year given twice', () => {
    expect(validateCalendarYear(y(['2027-02-08', '2027-01-01', '2027-02-08'], ['2027-02-06']))).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-02-08'],
      workdays: ['2027-02-06'],
    });
    expect(
      thrown(() => new WorkingCalendar([...BUILT_IN_CALENDAR_YEARS, BUILT_IN_CALENDAR_YEARS[0]])).field,
    ).toBe('year');
  });
});

describe('cross-check against chinese-days 1.5.7', () => {
  type Oracle = { holidays: Record<string, string>; workdays: Record<string, string> };
  // chinese-days lists the days off it counts as holidays and the make-up workdays; any other day
  // is a working day iff it is Monday–Friday.
  const oracle = (o: Oracle) => (d: string) => {
    if (d in o.workdays) return true;
    const dow = dayOfWeek(d);
    return dow !== 0 && dow !== 6 && !(d in o.holidays);
  };

  it.each([
    [2025, cd2025 as Oracle],
    [2026, cd2026 as Oracle],
  ])('agrees on every day of %i', (year, data) => {
    const isWorking = oracle(data);
    const disagreements: string[] = [];
    let days = 0;
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1), days++) {
      if (cal.isWorkingDay(d) !== isWorking(d)) disagreements.push(d);
    }
    expect(days).toBe(365);
    expect(disagreements).toEqual([]);
    // Stronger than day-by-day: the listed days off and make-up days are the same sets.
    const builtIn = BUILT_IN_CALENDAR_YEARS.find((y) => y.year === year)!;
    expect(Object.keys(data.holidays).sort()).toEqual(builtIn.holidays);
    expect(Object.keys(data.workdays).sort()).toEqual(
      BUILT_IN_CALENDAR_YEARS.find((y) => y.year === year)!.workdays,
    );
  });
});

describe('properties', () => {
  const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2025-01-01', n)); // to 2026-12-02

  it('addWorkingDays(d, n) is a working day with exactly n working days in (d, result]', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 15 }), (d, n) => {
        const r = cal.addWorkingDays(d, n);
        let count = 0;
        for (let x = addDays(d, 1); x <= r; x = addDays(x, 1)) if (cal.isWorkingDay(x)) count++;
        return count === n && (n === 0 ? r === d : cal.isWorkingDay(r));
      }),
    );
  });

  it('next/previous working day are the nearest working days on each side', () => {
    fc.assert(
      fc.property(
        day.filter((d) => d >= '2025-01-02'),
        (d) => {
          const next = cal.nextWorkingDayOnOrAfter(d);
          const prev = cal.previousWorkingDayOnOrBefore(d);
          for (let x = d; x < next; x = addDays(x, 1)) if (cal.isWorkingDay(x)) return false;
          for (let x = d; x > prev; x = addDays(x, -1)) if (cal.isWorkingDay(x)) return false;
          return (
            cal.isWorkingDay(next) &&
            cal.isWorkingDay(prev) &&
            (cal.isWorkingDay(d) ? next === d && prev === d : true)
          );
        },
      ),
    );
  });
});
