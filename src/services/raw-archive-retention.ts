/**
 * The raw archive's retention (RAW_ARCHIVE_RETENTION_DAYS): pushed documents received longer ago are
 * deleted by the daily job. Their events stay — each keeps its own `raw` fields — and only lose the
 * link to the document (`documentId` becomes null); a document that is gone cannot be replayed.
 * Deleted in small batches, each its own transaction, so the purge never holds the table for long.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';

export interface ArchivePurgeLimits {
  /** documents deleted per transaction */
  batchSize: number;
  /** batches per run; what is left waits for the next day */
  maxBatches: number;
}

export const DEFAULT_ARCHIVE_PURGE: ArchivePurgeLimits = { batchSize: 500, maxBatches: 200 };

/** Deletes documents received before `now` − `retentionDays`, oldest first; returns how many. */
export async function purgeRawArchive(
  em: EntityManager,
  now: Date,
  retentionDays: number,
  limits: ArchivePurgeLimits = DEFAULT_ARCHIVE_PURGE,
): Promise<number> {
  let purged = 0;
  for (let batch = 0; batch < limits.maxBatches; batch++) {
    const gone = await em.transactional(async (tx) => {
      const rows = await sql<{ n: string }>(
        tx as EntityManager,
        `with gone as (
           delete from inbound_document where id in (
             select id from inbound_document
              where received_at < ?::timestamptz - make_interval(days => ?)
              order by received_at, id limit ?)
           returning 1)
         select count(*)::text as n from gone`,
        [now, retentionDays, limits.batchSize],
      );
      return Number(rows[0].n);
    });
    purged += gone;
    if (gone < limits.batchSize) break;
  }
  return purged;
}
