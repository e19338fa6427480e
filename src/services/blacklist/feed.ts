import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { limitLiteral, sql } from '../../db/sql';
import { assertIsoDate, shanghaiDateOf } from '../../domain/dates';
import { badInput } from '../../domain/errors';
import { BlacklistEntry } from '../../entities/blacklist-entry.entity';
import type { ServiceContext } from '../context';
import { decodeCursor, encodeCursor, pageSize } from '../pagination';
import type { PublishedChange } from './changes';
import { assertFeedReader } from './access';
import { publishedEntry, type PublishedEntry } from './published';
import { now as clockNow } from '../../clock';

/** A feed position: the number of the last change seen (0: before the first). Opaque to clients. */
export const feedCursor = (seq: string | bigint): string => encodeCursor([String(seq)]);

function feedPosition(after: string | null | undefined): string {
  const key = decodeCursor(after, 1);
  if (!key) return '0';
  const [seq] = key;
  if (typeof seq !== 'string' || !/^(0|[1-9]\d{0,17})$/.test(seq)) {
    throw badInput('after', 'is not a cursor this feed gave out');
  }
  return seq;
}

export interface FeedPage {
  changes: PublishedChange[];
  /** the position after this page: the last change's, or `after` itself when nothing is new */
  endCursor: string | null;
  hasNextPage: boolean;
  /** every change in the feed; counted only when asked for */
  totalCount: () => Promise<number>;
}

/**
 * `blacklistChanges`: the changes after a position, in commit order (see changes.ts for why the
 * numbers are in commit order). An empty page answers the position it was asked from, so a poller
 * that always passes `endCursor` back as `after` neither restarts nor skips.
 */
export async function listChanges(
  ctx: ServiceContext,
  after: string | null | undefined,
  first: number | null | undefined,
): Promise<FeedPage> {
  assertFeedReader(ctx.caller);
  const limit = pageSize(first);
  const from = feedPosition(after);
  const rows = await sql<PublishedChange>(
    ctx.em,
    // ordered by the column, not the text alias of the same name (which would put 10 before 9)
    `select c.seq::text as seq, c.kind, c.at, c.entry from blacklist_change c
      where c.seq > ?::bigint order by c.seq limit ${limitLiteral(limit + 1)}`,
    [from],
  );
  const changes = rows.slice(0, limit);
  const last = changes.at(-1);
  return {
    changes,
    endCursor: last ? feedCursor(last.seq) : after ? feedCursor(from) : null,
    hasNextPage: rows.length > limit,
    totalCount: async () =>
      (await sql<{ n: number }>(ctx.em, `select count(*)::int as n from blacklist_change`))[0].n,
  };
}

export interface BlacklistSnapshot {
  asOf: string;
  entries: PublishedEntry[];
  /** for today's list: the feed position the entries reflect; null for a past day */
  cursor: string | null;
}

/**
 * `blacklist(asOf)`: who was on the list on the day `asOf` (default today, Asia/Shanghai).
 *
 * Today's list is every entry now LISTED, read in one REPEATABLE READ snapshot together with the
 * feed's last number: every change up to `cursor` is already reflected in `entries`, every later
 * one is in the feed after `cursor`. A consumer loads this once and then follows
 * `blacklistChanges(after: cursor)`, missing and repeating nothing.
 *
 * A past day's list is rebuilt from the dates (decided on or before it, listed until it or later,
 * not removed on or before it) and each entry is shown as it stood that day (LISTED). It has no
 * cursor: the feed orders changes by when they were recorded, not by the dates they carry.
 */
export async function blacklistSnapshot(
  ctx: ServiceContext,
  asOf: string | null | undefined,
  now = clockNow(),
): Promise<BlacklistSnapshot> {
  assertFeedReader(ctx.caller);
  const today = shanghaiDateOf(now);
  const day = asOf ?? today;
  assertIsoDate(day, 'asOf');
  if (day > today) throw badInput('asOf', `must be today (${today}, Asia/Shanghai) or earlier`);
  return ctx.em.fork().transactional(
    async (tx) => {
      const em = tx as EntityManager;
      const order = { decidedOn: 'asc', caseId: 'asc', subjectKind: 'asc', id: 'asc' } as const;
      if (day === today) {
        const [{ seq }] = await sql<{ seq: string }>(
          em,
          `select coalesce(max(seq), 0)::text as seq from blacklist_change`,
        );
        const entries = await em.find(BlacklistEntry, { status: 'LISTED' }, { orderBy: order });
        return { asOf: day, entries: entries.map(publishedEntry), cursor: feedCursor(seq) };
      }
      const entries = await em.find(
        BlacklistEntry,
        {
          decidedOn: { $lte: day },
          listedUntil: { $gte: day },
          $or: [{ removedOn: null }, { removedOn: { $gt: day } }],
        },
        { orderBy: order },
      );
      const asThen = (e: PublishedEntry): PublishedEntry => ({
        ...e,
        status: 'LISTED',
        removedOn: null,
        removalReason: null,
      });
      return { asOf: day, entries: entries.map((e) => asThen(publishedEntry(e))), cursor: null };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}
