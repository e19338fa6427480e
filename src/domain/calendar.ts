/**
 * The working-day calendar (RULES.md "Periods and calendars"): Monday–Friday, less the statutory
 * days off, plus the weekend days made working days (调休). It is data per year; a date in a year
 * that is not loaded is an error naming the year, never a Monday–Friday guess, because a wrong
 * guess would silently move every legal deadline around an unannounced holiday.
 */
import { BUILT_IN_CALENDAR_YEARS } from './calendar-data';
import { addDays, assertIsoDate, dayOfWeek, yearOf } from './dates';
import { badInput, DomainError } from './errors';

export interface CalendarYear {
  year: number;
  /** days off; listing a weekend day inside an announced range is allowed */
  holidays: string[];
  /** weekend days made working days (调休) */
  workdays: string[];
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const calendarYearMissing = (year: number): DomainError =>
  new DomainError(
    'BAD_USER_INPUT',
    `the working-day calendar has no data for ${year}; city HRSS must load it with setCalendarYear`,
  );

/** Checks a year as an administrator would enter it; returns it with the dates sorted and deduplicated. */
export function validateCalendarYear(input: CalendarYear): CalendarYear {
  const { year } = input;
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw badInput('year', `${year} is not a year`);
  const checkDates = (field: 'holidays' | 'workdays', dates: unknown): string[] => {
    if (!Array.isArray(dates)) throw badInput(field, 'must be a list of dates');
    dates.forEach((d: unknown, i) => {
      assertIsoDate(d, `${field}[${i}]`);
      if (yearOf(d) !== year) throw badInput(`${field}[${i}]`, `${d} is not in ${year}`);
    });
    return [...new Set(dates as string[])].sort();
  };
  const holidays = checkDates('holidays', input.holidays);
  const workdays = checkDates('workdays', input.workdays);
  const off = new Set(holidays);
  (input.workdays as string[]).forEach((d, i) => {
    const dow = dayOfWeek(d);
    if (dow !== 0 && dow !== 6) {
      throw badInput(
        `workdays[${i}]`,
        `${d} is a ${DAY_NAMES[dow]}; a make-up working day (调休) is a Saturday or Sunday`,
      );
    }
    if (off.has(d)) throw badInput(`workdays[${i}]`, `${d} is also listed in holidays`);
  });
  return { year, holidays, workdays };
}

interface YearSets {
  data: CalendarYear;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

/** Immutable: loading a year gives a new calendar, so a computation never sees a year change under it. */
export class WorkingCalendar {
  private readonly byYear = new Map<number, YearSets>();
  // Safe to memoise because the calendar never changes; a sweep asks the same few hundred dates
  // hundreds of thousands of times, and each walk re-checks every day it passes.
  private readonly nextCache = new Map<string, string>();
  private readonly addCache = new Map<string, string>();

  constructor(years: readonly CalendarYear[]) {
    for (const input of years) {
      const data = validateCalendarYear(input);
      if (this.byYear.has(data.year)) throw badInput('year', `${data.year} is given twice`);
      this.byYear.set(data.year, {
        data,
        holidays: new Set(data.holidays),
        workdays: new Set(data.workdays),
      });
    }
  }

  static builtIn(): WorkingCalendar {
    return new WorkingCalendar(BUILT_IN_CALENDAR_YEARS);
  }

  /** A calendar with `year` added, or replaced when it was already loaded. */
  withYear(year: CalendarYear): WorkingCalendar {
    return new WorkingCalendar([...this.yearsData().filter((y) => y.year !== year.year), year]);
  }

  hasYear(year: number): boolean {
    return this.byYear.has(year);
  }

  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  yearsData(): CalendarYear[] {
    return this.years().map((y) => {
      const { data } = this.byYear.get(y)!;
      return { year: y, holidays: [...data.holidays], workdays: [...data.workdays] };
    });
  }

  isWorkingDay(d: string): boolean {
    assertIsoDate(d);
    const y = this.byYear.get(yearOf(d));
    if (!y) throw calendarYearMissing(yearOf(d));
    if (y.holidays.has(d)) return false;
    if (y.workdays.has(d)) return true;
    const dow = dayOfWeek(d);
    return dow !== 0 && dow !== 6;
  }

  // The walks below terminate: each step goes through isWorkingDay, which throws on the first day
  // of a year that is not loaded, so no walk can run past the loaded years.

  /** Civil Code 203: a period (or a cycle due date) ending on a day off ends on the next working day. */
  nextWorkingDayOnOrAfter(d: string): string {
    const known = this.nextCache.get(d);
    if (known !== undefined) return known;
    let day = d;
    while (!this.isWorkingDay(day)) day = addDays(day, 1);
    this.nextCache.set(d, day);
    return day;
  }

  /** Regulation art. 14: a wage pay date on a day off moves earlier, to the last working day before it. */
  previousWorkingDayOnOrBefore(d: string): string {
    let day = d;
    while (!this.isWorkingDay(day)) day = addDays(day, -1);
    return day;
  }

  /**
   * "Within n working days after d": counting starts the day after d (Civil Code 201), so the
   * result is the n-th working day after d. n = 0 gives d itself. d's own year must be loaded too,
   * so that every date the engine handles is checked the same way.
   */
  addWorkingDays(d: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw badInput('n', `${n} is not a whole number of working days`);
    const key = `${d}+${n}`;
    const known = this.addCache.get(key);
    if (known !== undefined) return known;
    this.isWorkingDay(d);
    let day = d;
    for (let left = n; left > 0;) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) left--;
    }
    this.addCache.set(key, day);
    return day;
  }
}
