/**
 * The working-day calendar (RULES.md "Periods and calendars"): Monday–Friday, less the statutory
 * days off, plus the weekend days made working days (调休). It is data per year, loaded by city HRSS.
 *
 * A year that is not loaded is answered PROVISIONALLY, never silently: Monday to Friday are working
 * days, less the statutory holidays whose Gregorian dates are fixed by the State Council's
 * 全国年节及纪念日放假办法 (as amended by 国务院令第795号, in force 2025-01-01): 元旦 01-01,
 * 劳动节 05-01 and 05-02, 国庆节 10-01, 10-02 and 10-03. Nothing else is guessed: the lunar
 * holidays (春节, 端午, 中秋), 清明 (a solar term, 04-04 or 04-05), the days off in lieu of a fixed
 * holiday that falls on a weekend, and the make-up working days (调休) are only known from that
 * year's notice, published each November. Every answer says whether it was provisional
 * (`CalendarDate.provisional`), so the deadline engine and the cases can flag what they computed
 * and recompute it when the year is loaded. The strict methods (isWorkingDay,
 * nextWorkingDayOnOrAfter, addWorkingDays) still refuse a year not loaded, naming it.
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

/** A date the calendar computed, and whether a year not loaded went into it (see the file comment). */
export interface CalendarDate {
  date: string;
  provisional: boolean;
}

/**
 * The statutory holidays whose Gregorian dates are fixed (全国年节及纪念日放假办法, 国务院令第795号):
 * the only days off a year not loaded is assumed to have besides Saturdays and Sundays.
 */
export const FIXED_DATE_HOLIDAYS: ReadonlySet<string> = new Set([
  '01-01', // 元旦
  '05-01', // 劳动节
  '05-02',
  '10-01', // 国庆节
  '10-02',
  '10-03',
]);

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
  private readonly nextCache = new Map<string, CalendarDate>();
  private readonly addCache = new Map<string, CalendarDate>();

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

  /** Strict: BAD_USER_INPUT naming the year when it is not loaded (the `isWorkingDay` query). */
  isWorkingDay(d: string): boolean {
    const { working, provisional } = this.workingDayStatus(d);
    if (provisional) throw calendarYearMissing(yearOf(d));
    return working;
  }

  /** Whether `d` is a working day, provisionally (see the file comment) when its year is not loaded. */
  workingDayStatus(d: string): { working: boolean; provisional: boolean } {
    assertIsoDate(d);
    const dow = dayOfWeek(d);
    const weekday = dow !== 0 && dow !== 6;
    const y = this.byYear.get(yearOf(d));
    if (!y) return { working: weekday && !FIXED_DATE_HOLIDAYS.has(d.slice(5)), provisional: true };
    if (y.holidays.has(d)) return { working: false, provisional: false };
    if (y.workdays.has(d)) return { working: true, provisional: false };
    return { working: weekday, provisional: false };
  }

  /**
   * Whether an answer that looked at every day from `from` to `to` used a year not loaded. A walk
   * visits every day between its ends, so the years of its ends bound the years it used.
   */
  private spansMissingYear(from: string, to: string): boolean {
    for (let y = yearOf(from); y <= yearOf(to); y++) if (!this.byYear.has(y)) return true;
    return false;
  }

  // The walks below terminate: even a provisional year has a working day in every week.

  /** Civil Code 203: a period (or a cycle due date) ending on a day off ends on the next working day. */
  nextWorkingDayFrom(d: string): CalendarDate {
    const known = this.nextCache.get(d);
    if (known !== undefined) return known;
    let day = d;
    while (!this.workingDayStatus(day).working) day = addDays(day, 1);
    const answer = Object.freeze({ date: day, provisional: this.spansMissingYear(d, day) });
    this.nextCache.set(d, answer);
    return answer;
  }

  /** Strict nextWorkingDayFrom: BAD_USER_INPUT naming the first year not loaded that it needed. */
  nextWorkingDayOnOrAfter(d: string): string {
    return this.strict(d, this.nextWorkingDayFrom(d));
  }

  /** Regulation art. 14: a wage pay date on a day off moves earlier, to the last working day before it. */
  previousWorkingDayOnOrBefore(d: string): string {
    let day = d;
    while (!this.isWorkingDay(day)) day = addDays(day, -1);
    return day;
  }

  /**
   * "Within n working days after d": counting starts the day after d (Civil Code 201), so the
   * result is the n-th working day after d. n = 0 gives d itself. Provisional when any year from
   * d's own to the result's is not loaded (d's own too, so that every date the engine handles is
   * judged the same way).
   */
  workingDaysAfter(d: string, n: number): CalendarDate {
    if (!Number.isInteger(n) || n < 0) throw badInput('n', `${n} is not a whole number of working days`);
    const key = `${d}+${n}`;
    const known = this.addCache.get(key);
    if (known !== undefined) return known;
    assertIsoDate(d);
    let day = d;
    for (let left = n; left > 0;) {
      day = addDays(day, 1);
      if (this.workingDayStatus(day).working) left--;
    }
    const answer = Object.freeze({ date: day, provisional: this.spansMissingYear(d, day) });
    this.addCache.set(key, answer);
    return answer;
  }

  /** Strict workingDaysAfter: BAD_USER_INPUT naming the first year not loaded that it needed. */
  addWorkingDays(d: string, n: number): string {
    return this.strict(d, this.workingDaysAfter(d, n));
  }

  private strict(from: string, answer: CalendarDate): string {
    if (!answer.provisional) return answer.date;
    let y = yearOf(from);
    while (this.byYear.has(y)) y++;
    throw calendarYearMissing(y);
  }
}
