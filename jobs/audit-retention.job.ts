import { defineJob } from './job-definition';
import { purgeAudit } from '../src/services/audit-log';
import { now as clockNow } from '../src/clock';

/**
 * Purges audit entries older than AUDIT_RETENTION_DAYS, daily on the compliance sweep's schedule.
 * The purge is the only delete the audit table's trigger lets through; running it twice a day
 * changes nothing the second time.
 */
export const auditRetentionJob = defineJob<Record<string, never>>({
  name: 'audit-retention',
  queue: 'maintenance',
  jobId: () => 'audit-retention',
  async handle(_d, deps) {
    const purged = await purgeAudit(deps.orm.em.fork(), clockNow(), deps.config.auditRetentionDays);
    if (purged) deps.log.info({ purged }, 'audit entries past retention purged');
    return { purged };
  },
});
