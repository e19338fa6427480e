import { defineJob } from './job-definition';
import { purgeRawArchive } from '../src/services/raw-archive-retention';
import { now as clockNow } from '../src/clock';

/**
 * Deletes raw pushed documents older than RAW_ARCHIVE_RETENTION_DAYS, daily on the compliance
 * sweep's schedule; with the setting unset (the default) the archive is kept and this does nothing.
 * A second run the same day finds nothing more to delete.
 */
export const rawArchiveRetentionJob = defineJob<Record<string, never>>({
  name: 'raw-archive-retention',
  queue: 'maintenance',
  jobId: () => 'raw-archive-retention',
  async handle(_d, deps) {
    const days = deps.config.rawArchiveRetentionDays;
    if (days === null) return { purged: 0, retentionDays: null };
    const purged = await purgeRawArchive(deps.orm.em.fork(), clockNow(), days);
    if (purged) deps.log.info({ purged, retentionDays: days }, 'raw bank documents past retention deleted');
    return { purged, retentionDays: days };
  },
});
