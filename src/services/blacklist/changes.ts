import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlacklistEntry } from '../../entities/blacklist-entry.entity';
import type { ChangeKind } from '../../entities/blacklist-change.entity';
import { sql } from '../../db/sql';
import { addNotices, CREDIT_PLATFORM_RECIPIENT, noticeDedupeKey } from '../outbox';
import { feedCursor } from './feed';
import { publishedEntry, type PublishedEntry } from './published';

/**
 * How the credit feed is kept in commit order — the one rule every writer of `blacklist_change`
 * follows: take the transaction-scoped advisory lock FEED_LOCK, then insert, then commit.
 *
 * A plain sequence gives numbers in the order transactions *draw* them, not the order they
 * commit: writer A draws 5, writer B draws 6 and commits, a poller reads up to 6 and moves its
 * cursor past 5, then A commits 5, which that poller never sees. With the lock, a writer draws its
 * numbers only after the previous writer has committed (PostgreSQL releases transaction locks
 * after the commit is visible), so numbers are drawn in commit order, and any snapshot that sees
 * number n also sees every committed number below it. The feed is then a plain keyset walk:
 * `seq > cursor order by seq`, one integer cursor, and a snapshot's cursor is just `max(seq)`.
 *
 * Chosen over exposing only rows whose `pg_current_xact_id()` is below the snapshot's xmin: that
 * orders by transaction start, not commit; any long transaction anywhere in the database (a
 * sweep partition, an intake batch, BullMQ's PostgreSQL backend) holds back every later change;
 * and its cursor is a pair. The lock's cost is that writers of changes queue from their insert to
 * their commit, so the insert is the last statement of each transaction (entries are flushed
 * first) and the window is one short INSERT and a COMMIT; listings are a few a day.
 */
export const FEED_LOCK = 0x424c4b4c; // "BLKL"

export interface PublishedChange {
  seq: string;
  kind: ChangeKind;
  at: Date;
  entry: PublishedEntry;
}

/**
 * Publishes changes of entries, in the caller's transaction (it never commits): flushes the
 * entries, takes the feed lock and inserts one change per entry with the entry as it now stands.
 * When city HRSS has set an endpoint for CREDIT_PLATFORM, each change is also pushed to it through
 * the outbox (signed by the relay), deduplicated by its feed number, with its feed cursor; the feed stays the record.
 * Call it last in the transaction: the lock is held until commit.
 */
export async function publishChanges(
  em: EntityManager,
  changes: { kind: ChangeKind; entry: BlacklistEntry }[],
): Promise<PublishedChange[]> {
  if (changes.length === 0) return [];
  await em.flush();
  await sql(em, `select pg_advisory_xact_lock(?)`, [FEED_LOCK]);
  const rows = await sql<{ seq: string; kind: ChangeKind; at: Date; entry: PublishedEntry }>(
    em,
    `insert into blacklist_change (kind, entry_id, entry, at)
     select c.kind, c.entry_id, c.entry, clock_timestamp()
       from rows from (jsonb_to_recordset(?::jsonb) as (kind text, entry_id uuid, entry jsonb))
            with ordinality as c(kind, entry_id, entry, n)
      order by c.n
     returning seq::text as seq, kind, at, entry`,
    [
      JSON.stringify(
        changes.map((c) => ({ kind: c.kind, entry_id: c.entry.id, entry: publishedEntry(c.entry) })),
      ),
    ],
  );
  await pushToCreditPlatform(em, rows);
  return rows;
}

async function pushToCreditPlatform(em: EntityManager, changes: PublishedChange[]): Promise<void> {
  const [endpoint] = await sql(em, `select 1 from notice_endpoint where recipient = ?`, [
    CREDIT_PLATFORM_RECIPIENT,
  ]);
  if (!endpoint) return;
  await addNotices(
    em,
    changes.map((c) => ({
      topic: 'BLACKLIST_CHANGE',
      recipient: CREDIT_PLATFORM_RECIPIENT,
      dedupeKey: noticeDedupeKey('BLACKLIST_CHANGE', c.seq, CREDIT_PLATFORM_RECIPIENT),
      // the published entry: the list is public (Order 45 art. 11); the ID number is masked
      payload: { cursor: feedCursor(c.seq), kind: c.kind, at: new Date(c.at).toISOString(), entry: c.entry },
    })),
  );
}
