import { defineJob } from './job-definition';
import { shanghaiDateOf } from '../src/domain/dates';
import { runMaintenance } from '../src/services/blacklist/maintenance';
import { now as clockNow } from '../src/clock';

/**
 * The blacklist's daily upkeep (B2, B3): expiries and overdue listing decisions, as of today in
 * Asia/Shanghai — an entry whose last day was yesterday is off the list from today. It runs on the
 * compliance sweep's schedule (COMPLIANCE_SWEEP_CRON). Unlike the sweep's tick it does its work
 * itself instead of fanning out: the work is two set-based statements, not a job per entity, and a
 * per-day job id would make a second run on the same day (after a listing decided late) a no-op.
 * Both statements are idempotent, so a tick delivered twice changes nothing twice.
 */
export const blacklistMaintenanceJob = defineJob<{ asOf?: string }>({
  name: 'blacklist-maintenance',
  queue: 'blacklist',
  jobId: (d) => `blacklist-maintenance-${d.asOf ?? 'today'}`,
  async handle(d, deps) {
    const report = await runMaintenance(deps.orm.em, d.asOf ?? shanghaiDateOf(clockNow()));
    if (report.expired || report.escalated) deps.log.info(report, 'blacklist maintenance');
    return report;
  },
});
