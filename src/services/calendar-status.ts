/**
 * Whether the calendar the deadline engine needs is loaded, and the daily warning to city HRSS
 * when it is not. The State Council publishes next year's holidays each November, so from
 * 1 November (Asia/Shanghai) next year counts as needed: deadlines late in December already reach
 * into it. The current year is always needed. Until every needed year is loaded, the daily job
 * sends city HRSS one CALENDAR_YEAR_MISSING notice a day.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { yearOf } from '../domain/dates';
import { loadWorkingCalendar } from './calendar';
import { addNotices, noticeDedupeKey, recipientKey } from './outbox';

export const CALENDAR_YEAR_MISSING_TOPIC = 'CALENDAR_YEAR_MISSING';
/** City HRSS loads the calendar (setCalendarYear), so it is the one warned. */
export const CITY_HRSS_RECIPIENT = recipientKey.hrss('210500');
/** The month and day from which next year's calendar is needed. */
export const NEXT_YEAR_NEEDED_FROM = '11-01';

export interface CalendarStatus {
  today: string;
  yearsLoaded: number[];
  currentYearLoaded: boolean;
  nextYear: number;
  nextYearLoaded: boolean;
  /** today's year-11-01: from then next year is needed */
  nextYearNeededFrom: string;
  /** needed years not loaded, ascending: what the warning is about */
  missingYears: number[];
  warningActive: boolean;
}

export async function calendarStatus(em: EntityManager, today: string): Promise<CalendarStatus> {
  const calendar = await loadWorkingCalendar(em);
  const year = yearOf(today);
  const nextYearNeededFrom = `${year}-${NEXT_YEAR_NEEDED_FROM}`;
  const needed = today >= nextYearNeededFrom ? [year, year + 1] : [year];
  const missingYears = needed.filter((y) => !calendar.hasYear(y));
  return {
    today,
    yearsLoaded: calendar.years(),
    currentYearLoaded: calendar.hasYear(year),
    nextYear: year + 1,
    nextYearLoaded: calendar.hasYear(year + 1),
    nextYearNeededFrom,
    missingYears,
    warningActive: missingYears.length > 0,
  };
}

/**
 * The daily step: when the warning is active, one notice to city HRSS for `today` (its dedupe key
 * carries the date, so a job delivered twice, or run by hand, sends one a day). Its own
 * transaction. Returns the status and whether a notice was stored.
 */
export async function warnIfCalendarMissing(
  root: EntityManager,
  today: string,
): Promise<CalendarStatus & { noticeSent: boolean }> {
  return root.fork().transactional(async (tx) => {
    const em = tx as EntityManager;
    const status = await calendarStatus(em, today);
    if (!status.warningActive) return { ...status, noticeSent: false };
    const sent = await addNotices(em, [
      {
        topic: CALENDAR_YEAR_MISSING_TOPIC,
        recipient: CITY_HRSS_RECIPIENT,
        dedupeKey: noticeDedupeKey(CALENDAR_YEAR_MISSING_TOPIC, today, CITY_HRSS_RECIPIENT),
        payload: {
          topic: CALENDAR_YEAR_MISSING_TOPIC,
          asOf: today,
          missingYears: status.missingYears,
          action:
            'load the State Council holiday schedule with setCalendarYear; until then deadlines in these ' +
            'years are provisional (Monday–Friday less 01-01, 05-01, 05-02, 10-01, 10-02, 10-03)',
        },
      },
    ]);
    return { ...status, noticeSent: sent > 0 };
  });
}
