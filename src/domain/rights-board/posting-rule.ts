/**
 * When a project's rights-protection board (R7) must be up, and the RIGHTS_BOARD_MISSING finding.
 * The texts (Regulation art. 34, Benxi opinions §7) require the board at every site under
 * construction but fix no period; the hub counts `postingWorkingDays` working days (a setting city
 * HRSS keeps, default 15) after the base date — the construction permit, or the contract's signing
 * where none is needed, the day the deposit clock also starts from — as Civil Code art. 201 counts
 * (from the next day), on the working-day calendar.
 */
import type { CalendarDate, WorkingCalendar } from '../calendar';

export const DEFAULT_POSTING_WORKING_DAYS = 15;
export const MAX_POSTING_WORKING_DAYS = 60;

export const boardDueDate = (
  baseDate: string,
  postingWorkingDays: number,
  calendar: WorkingCalendar,
): CalendarDate => calendar.workingDaysAfter(baseDate, postingWorkingDays);

export interface BoardFacts {
  baseDate: string;
  completedOn: string | null;
  postedOn: string | null;
  postingWorkingDays: number;
}

export interface BoardMissing {
  dueDate: CalendarDate;
  /** the day it was posted, or the works completed (no site left to post it at), if by `asOf` */
  resolvedOn: string | null;
}

/**
 * Missing when, at the end of the due date, the project is still under construction (not
 * completed on or before it) and no board is recorded as posted on or before it.
 */
export function boardMissing(f: BoardFacts, calendar: WorkingCalendar, asOf: string): BoardMissing | null {
  const due = boardDueDate(f.baseDate, f.postingWorkingDays, calendar);
  if (due.date > asOf) return null;
  if (f.completedOn !== null && f.completedOn <= due.date) return null;
  if (f.postedOn !== null && f.postedOn <= due.date) return null;
  const ends = [f.postedOn, f.completedOn].filter((d): d is string => d !== null && d <= asOf).sort();
  return { dueDate: due, resolvedOn: ends[0] ?? null };
}
