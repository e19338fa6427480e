import { defineJob } from './job-definition';
import { warnIfCalendarMissing } from '../src/services/calendar-status';
import { todayInShanghai } from '../src/clock';

/**
 * The calendar's daily check: from 1 November until next year's working-day calendar is loaded
 * (and whenever the current year is not), one CALENDAR_YEAR_MISSING notice a day to city HRSS.
 * Runs on the compliance sweep's schedule (COMPLIANCE_SWEEP_CRON). The notice's dedupe key is the
 * date, so a tick delivered twice, or a second run the same day, sends nothing twice.
 */
export const calendarWatchJob = defineJob<{ asOf?: string }>({
  name: 'calendar-watch',
  queue: 'calendar',
  jobId: (d) => `calendar-watch-${d.asOf ?? 'today'}`,
  async handle(d, deps) {
    const report = await warnIfCalendarMissing(deps.orm.em, d.asOf ?? todayInShanghai());
    if (report.warningActive) deps.log.warn({ missingYears: report.missingYears }, 'calendar year missing');
    return report;
  },
});
