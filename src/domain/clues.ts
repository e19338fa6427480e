/**
 * Clues (线索) from the national clue platform (全国根治欠薪线索反映平台) and the Liaoning wage-arrears
 * warning system (辽宁省欠薪预警信息系统), R18 and C1. Pure: the services in src/services/clues.ts
 * take them in, route them as claims are routed, and close them with one of the outcomes below.
 */
import type { WorkingCalendar } from './calendar';

export const CLUE_SOURCES = ['NATIONAL_PLATFORM', 'PROVINCIAL_SYSTEM'] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];

/**
 * How a clue was closed. Neither REQUIREMENTS.md, RULES.md nor the Benxi document names the
 * categories, so the hub keeps this small set (the platforms' feedback reduces to them):
 * - VERIFIED_PAID: the arrears were real and have been paid (化解);
 * - VERIFIED_CASE_FILED: real and not settled at once: a case was made from the clue (C3);
 * - NOT_SUBSTANTIATED: verification found no arrears (不属实);
 * - DUPLICATE: the same claim as another clue or case;
 * - OUT_OF_JURISDICTION: not Benxi's, or not a wage claim (returned to the platform).
 */
export const CLUE_OUTCOMES = [
  'VERIFIED_PAID',
  'VERIFIED_CASE_FILED',
  'NOT_SUBSTANTIATED',
  'DUPLICATE',
  'OUT_OF_JURISDICTION',
] as const;
export type ClueOutcome = (typeof CLUE_OUTCOMES)[number];

/**
 * The default working days a routed clue has to be verified and closed. RULES.md and the Benxi
 * document fix no figure (they say 立即核实, 及时流转); 10 working days is the common period the
 * provincial systems give a district for feedback. **Configurable**: city HRSS sets versions with
 * `setClueRules` (src/services/clue-rules.ts). Kept on each clue when it arrives
 * (`closeWithinWorkingDays`), so a later rule never moves an existing clue's deadline.
 */
export const CLUE_CLOSE_WORKING_DAYS = 10;

/**
 * The day a clue received on `receivedOn` must be closed by: the n-th working day after it
 * (counting starts the next day, Civil Code art. 201), on the loaded calendar; provisional when
 * that needed a year not loaded.
 */
export function clueDueOn(
  calendar: WorkingCalendar,
  receivedOn: string,
  workingDays: number = CLUE_CLOSE_WORKING_DAYS,
): { date: string; provisional: boolean } {
  return calendar.workingDaysAfter(receivedOn, workingDays);
}

/** Closed on or before its deadline is on time; the day after is late. */
export const closedLate = (dueOn: string, closedOn: string): boolean => closedOn > dueOn;

/** A closing outcome that needs a case made from the clue first. */
export const outcomeNeedsCase = (outcome: ClueOutcome): boolean => outcome === 'VERIFIED_CASE_FILED';
