/**
 * Who answers for a warning (R17), pure: the district HRSS and the industry authority of each
 * district the facts come from; a RED one also city HRSS and the district government. An
 * unacknowledged warning escalates to each silent agency's superior: a district's agency to the
 * city's agency of its kind, a city-level agency to the city government.
 */
import { CITY_DISTRICT } from './districts';
import type { CalendarDate, WorkingCalendar } from './calendar';
import type { WarningGrade } from './warnings';

export function warningRecipients(
  grade: WarningGrade,
  districts: readonly string[],
  authorities: readonly string[],
): string[] {
  const keys = new Set<string>();
  for (const d of districts) keys.add(`HRSS:${d}`);
  for (const a of authorities) keys.add(a);
  if (grade === 'RED') {
    keys.add(`HRSS:${CITY_DISTRICT}`);
    for (const d of districts) keys.add(`GOVERNMENT:${d}`);
  }
  return [...keys].sort();
}

/** The agency above a recipient key, or null for the city government (the top of the hub's chain). */
export function superiorOf(recipient: string): string | null {
  const [org, district] = recipient.split(':');
  if (!org || !district) return null;
  if (district !== CITY_DISTRICT) return `${org}:${CITY_DISTRICT}`;
  return org === 'GOVERNMENT' ? null : `GOVERNMENT:${CITY_DISTRICT}`;
}

/**
 * The last day every routed agency has to acknowledge: the `days`-th working day after the
 * warning opened, counted from the next day on the working-day calendar.
 */
export const acknowledgeDeadline = (
  calendar: WorkingCalendar,
  openedOn: string,
  days: number,
): CalendarDate => calendar.workingDaysAfter(openedOn, days);
