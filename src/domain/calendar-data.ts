/**
 * The built-in working-day calendar years, exactly as RULES.md "Periods and calendars" lists them
 * from the State Council notices. `holidays` are the full announced days-off ranges (weekend days
 * inside a range are harmless); `workdays` are the weekend days made working days (调休).
 * Later years are loaded by city HRSS with setCalendarYear, never added here as a guess.
 */
import type { CalendarYear } from './calendar';
import { addDays } from './dates';

/** Every date from `from` to `to`, both included. */
function span(from: string, to: string = from): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** 国办发明电〔2024〕12号 */
const Y2025: CalendarYear = {
  year: 2025,
  holidays: [
    ...span('2025-01-01'),
    ...span('2025-01-28', '2025-02-04'),
    ...span('2025-04-04', '2025-04-06'),
    ...span('2025-05-01', '2025-05-05'),
    ...span('2025-05-31', '2025-06-02'),
    ...span('2025-10-01', '2025-10-08'),
  ],
  workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

/** 国办发明电〔2025〕7号 */
const Y2026: CalendarYear = {
  year: 2026,
  holidays: [
    ...span('2026-01-01', '2026-01-03'),
    ...span('2026-02-15', '2026-02-23'),
    ...span('2026-04-04', '2026-04-06'),
    ...span('2026-05-01', '2026-05-05'),
    ...span('2026-06-19', '2026-06-21'),
    ...span('2026-09-25', '2026-09-27'),
    ...span('2026-10-01', '2026-10-07'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

// Frozen all the way down: this is shared module state, and a caller that mutated it would change
// every later deadline in the process.
const frozen = (y: CalendarYear): CalendarYear =>
  Object.freeze({
    ...y,
    holidays: Object.freeze(y.holidays) as string[],
    workdays: Object.freeze(y.workdays) as string[],
  });

export const BUILT_IN_CALENDAR_YEARS: readonly CalendarYear[] = Object.freeze([frozen(Y2025), frozen(Y2026)]);
