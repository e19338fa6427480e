/**
 * The working-day calendar as the hub keeps it (interface.md "Deadlines (R5)"): one row per year,
 * 2025 and 2026 built in by the migration, later years loaded by city HRSS. The deadline engine and
 * the cases count a year not loaded provisionally, and flag it (src/domain/calendar.ts); the
 * `isWorkingDay` query still answers only for loaded years, naming the year otherwise.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CalendarYearRecord } from '../entities';
import { assertCityHrss } from '../auth/scope';
import { validateCalendarYear, WorkingCalendar, type CalendarYear } from '../domain/calendar';
import { assertIsoDate, yearOf } from '../domain/dates';
import { badInput } from '../domain/errors';
import type { ServiceContext } from './context';
import { now as clockNow, todayInShanghai } from '../clock';
import { recomputeProvisionalDeadlines } from './calendar-recompute';

/** The years an administrator may load: a sanity range that catches a mistyped year. */
export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
/** A year has at most 366 days; a longer list is a mistake (or an attempt to make the hub work). */
const MAX_DATES = 366;

export type CalendarYearInput = CalendarYear;

/**
 * Checks a year as city HRSS enters it: the year in range, each list at most a year long, then
 * validateCalendarYear (every date real and in the year, workdays on weekends and not also
 * holidays; errors name the field, e.g. `holidays[3]`). Returns it sorted and deduplicated.
 */
export function checkCalendarYearInput(input: CalendarYearInput): CalendarYear {
  const { year } = input;
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw badInput('year', `${year} is outside ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`);
  }
  for (const field of ['holidays', 'workdays'] as const) {
    if (Array.isArray(input[field]) && input[field].length > MAX_DATES) {
      throw badInput(field, `has ${input[field].length} dates; a year has at most ${MAX_DATES} days`);
    }
  }
  return validateCalendarYear(input);
}

/** The plain calendar data of a stored year, dates sorted. */
export function calendarYearOf(record: CalendarYearRecord): CalendarYear {
  return {
    year: record.year,
    holidays: [...record.holidays].sort(),
    workdays: [...record.workdays].sort(),
  };
}

/** Every stored year as one calendar; the deadline engine calls this once per sweep. */
export async function loadWorkingCalendar(em: EntityManager): Promise<WorkingCalendar> {
  return new WorkingCalendar((await listCalendarYears(em)).map(calendarYearOf));
}

/**
 * City HRSS loads a year, or corrects one: a year already stored is replaced as a whole. Records
 * who did it and when, and in the same transaction recomputes every alert and case whose deadlines
 * were provisional across that year. Returns the stored year. Never commits: the caller's
 * transaction does.
 */
export async function setCalendarYear(
  ctx: ServiceContext,
  input: CalendarYearInput,
): Promise<CalendarYearRecord> {
  assertCityHrss(ctx.caller, 'load the working-day calendar');
  const { year, holidays, workdays } = checkCalendarYearInput(input);
  // One statement (insert … on conflict do update), so two loads of a new year cannot collide.
  const stored = await ctx.em.upsert(CalendarYearRecord, {
    year,
    holidays,
    workdays,
    updatedAt: clockNow(),
    updatedBy: ctx.caller.sub,
  });
  const calendar = (await loadWorkingCalendar(ctx.em)).withYear({ year, holidays, workdays });
  await recomputeProvisionalDeadlines(ctx.em, calendar, year, todayInShanghai());
  return stored;
}

export function getCalendarYear(em: EntityManager, year: number): Promise<CalendarYearRecord | null> {
  if (!Number.isInteger(year)) return Promise.resolve(null);
  return em.findOne(CalendarYearRecord, { year });
}

export function listCalendarYears(em: EntityManager): Promise<CalendarYearRecord[]> {
  return em.find(CalendarYearRecord, {}, { orderBy: { year: 'asc' } });
}

/** Whether `date` is a working day; BAD_USER_INPUT naming the year when that year is not loaded. */
export async function isWorkingDay(em: EntityManager, date: string): Promise<boolean> {
  assertIsoDate(date, 'date');
  const stored = await getCalendarYear(em, yearOf(date));
  return new WorkingCalendar(stored ? [calendarYearOf(stored)] : []).isWorkingDay(date);
}
