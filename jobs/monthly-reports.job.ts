import { defineJob } from './job-definition';
import { todayInShanghai } from '../src/clock';
import { previousMonth } from '../src/domain/reports/period';
import { produceMonthlyReports } from '../src/services/reports/archive';

/**
 * The monthly reports (通报, R21): on its run date (REPORTS_MONTHLY_CRON, the 1st at 06:00 Shanghai
 * by default) the previous month's report for the city and each district, for HRSS and each
 * industry department, each stored as it is made. `month` names another month (a re-run). Run
 * twice, it makes the same reports again, replacing the first ones.
 */
export const monthlyReportsJob = defineJob<{ month?: string }>({
  name: 'monthly-reports',
  queue: 'reports',
  jobId: (d) => `monthly-reports-${d.month ?? 'previous'}`,
  async handle(d, deps) {
    const month = d.month ?? previousMonth(todayInShanghai());
    const made = await produceMonthlyReports(deps.orm.em.fork(), month);
    deps.log.info({ month, made }, 'monthly reports made');
    return { month, made };
  },
});
