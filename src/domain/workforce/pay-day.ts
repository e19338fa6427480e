/**
 * The pay day of a month's wages (R6). Reading: wages for month M are paid by the contract's pay
 * day in month M+1 — the Regulation pays at least monthly (arts. 11–12) and a month's workload is
 * assessed and its payroll made after the month ends (art. 31, RULES.md "Payroll paid through the
 * special account"), so the pay day of the month the work was done cannot be meant. A pay day past
 * the month's end (31 in a 30-day month, 29–31 in February) is its last day. A pay day on a rest
 * day moves EARLIER, to the last working day before it (art. 14), on the working-day calendar with
 * its make-up working days; a year not loaded is counted provisionally (weekends and fixed-date
 * holidays only) and flagged, as the deadline engine does.
 */
import { addDays, daysInMonth } from '../dates';
import type { CalendarDate, WorkingCalendar } from '../calendar';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function nextMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function previousMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The nominal pay day `payDay` (1–31) in `month`, clamped to the month's length. */
export function clampedDay(month: string, payDay: number): string {
  const [y, m] = month.split('-').map(Number);
  const day = Math.min(Math.max(1, Math.trunc(payDay)), daysInMonth(y, m));
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** Art. 14: on a rest day, the last working day before it. */
export function movedEarlier(day: string, calendar: WorkingCalendar): CalendarDate {
  let d = day;
  let provisional = false;
  for (;;) {
    const s = calendar.workingDayStatus(d);
    provisional ||= s.provisional;
    if (s.working) return { date: d, provisional };
    d = addDays(d, -1);
  }
}

/** When the wages for `workMonth` are due: the pay day in the following month, moved earlier off a rest day. */
export function payDayOf(workMonth: string, payDay: number, calendar: WorkingCalendar): CalendarDate {
  return movedEarlier(clampedDay(nextMonthOf(workMonth), payDay), calendar);
}

/** Working days of `month` on the calendar (make-up days counted, holidays not). */
export function workingDaysInMonth(month: string, calendar: WorkingCalendar): number {
  const [y, m] = month.split('-').map(Number);
  let n = 0;
  for (let d = 1; d <= daysInMonth(y, m); d++)
    if (calendar.workingDayStatus(`${month}-${String(d).padStart(2, '0')}`).working) n += 1;
  return n;
}
