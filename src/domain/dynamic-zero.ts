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
 *
 * The two periods are data city HRSS sets (setCaseDeadlineRules): the version in force on the day
 * the count starts (receipt, filing) applies, so a later version never moves a count already
 * running from before it. 10 and 60 are the defaults.
 */
import type { WorkingCalendar } from './calendar';
import { CLUE_CLOSE_WORKING_DAYS } from './clues';

export const FILED_CASE_WORKING_DAYS = 60;
export const UNORDERED_CASE_WORKING_DAYS = CLUE_CLOSE_WORKING_DAYS;

export type DeadlineBasis = 'ORDER' | 'FILED' | 'RECEIVED';

export interface CaseDeadlineDays {
  unorderedWithinWorkingDays: number;
  filedWithinWorkingDays: number;
}
export const DEFAULT_CASE_DEADLINE_DAYS: CaseDeadlineDays = {
  unorderedWithinWorkingDays: UNORDERED_CASE_WORKING_DAYS,
  filedWithinWorkingDays: FILED_CASE_WORKING_DAYS,
};

/** The periods in force on a day (the version effective then, else the defaults). */
export type CaseDeadlineDaysOn = (day: string) => CaseDeadlineDays;

/** The periods on each day from versions `{ effectiveFrom, ... }` (any order). */
export function deadlineDaysFrom(
  versions: readonly (CaseDeadlineDays & { effectiveFrom: string })[],
): CaseDeadlineDaysOn {
  const latestFirst = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  return (day) => latestFirst.find((v) => v.effectiveFrom <= day) ?? DEFAULT_CASE_DEADLINE_DAYS;
}

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
  daysOn: CaseDeadlineDaysOn = () => DEFAULT_CASE_DEADLINE_DAYS,
): { date: string; basis: DeadlineBasis; provisional: boolean } {
  if (c.orderIssuedOn && c.orderDeadline && c.orderIssuedOn <= asOf)
    return { date: c.orderDeadline, basis: 'ORDER', provisional: false };
  if (c.filedOn && c.filedOn <= asOf)
    return {
      basis: 'FILED',
      ...calendar.workingDaysAfter(c.filedOn, daysOn(c.filedOn).filedWithinWorkingDays),
    };
  return {
    basis: 'RECEIVED',
    ...calendar.workingDaysAfter(c.receivedOn, daysOn(c.receivedOn).unorderedWithinWorkingDays),
  };
}
