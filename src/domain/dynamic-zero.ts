/**
 * 动态清零 (R12): an arrears case still open past its deadline counts against its industry authority
 * and district; the document wants the count at zero all year. Pure: which deadline a case has as
 * of a day, on the working-day calendar.
 *
 * A case's deadline, as of `asOf` (only the steps stated on or before it count):
 * - ORDER: with an order to pay, the order's deadline (责令限期支付, C2);
 * - FILED: filed (立案) without an order, 60 working days from filing (劳动保障监察条例 art. 17:
 *   an investigation is finished within 60 working days of filing);
 * - RECEIVED: neither, the clue-handling period from receipt (CLUE_CLOSE_WORKING_DAYS, 10
 *   working days: verify at once and order the debtor to pay, C2).
 * Past it means the deadline is before `asOf` (its last day is still in time).
 */
import type { WorkingCalendar } from './calendar';
import { CLUE_CLOSE_WORKING_DAYS } from './clues';

export const FILED_CASE_WORKING_DAYS = 60;
export const UNORDERED_CASE_WORKING_DAYS = CLUE_CLOSE_WORKING_DAYS;

export type DeadlineBasis = 'ORDER' | 'FILED' | 'RECEIVED';

export interface CaseDates {
  receivedOn: string;
  orderIssuedOn: string | null;
  orderDeadline: string | null;
  filedOn: string | null;
}

export function caseDeadline(
  calendar: WorkingCalendar,
  c: CaseDates,
  asOf: string,
): { date: string; basis: DeadlineBasis; provisional: boolean } {
  if (c.orderIssuedOn && c.orderDeadline && c.orderIssuedOn <= asOf)
    return { date: c.orderDeadline, basis: 'ORDER', provisional: false };
  if (c.filedOn && c.filedOn <= asOf)
    return { basis: 'FILED', ...calendar.workingDaysAfter(c.filedOn, FILED_CASE_WORKING_DAYS) };
  return { basis: 'RECEIVED', ...calendar.workingDaysAfter(c.receivedOn, UNORDERED_CASE_WORKING_DAYS) };
}
