import { randomUUID } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountEvent } from '../domain/account-event';
import { forbidden } from '../domain/errors';
import { isCityHrss } from '../auth/scope';
import { sql } from '../db/sql';
import { ConflictingReplayRecord } from '../entities';
import type { ServiceContext } from './context';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from './pagination';

/**
 * A bankEventId is the bank's word that two deliveries are the same booking. Sent again with the
 * same content it is a duplicate; with other content (amount, account, type, bookedAt, reverses)
 * one of the two is wrong, and the hub cannot know which: the stored event stays untouched, the
 * replay is rejected as CONFLICTING_REPLAY and recorded, for the bank and city HRSS to sort out.
 * Memo and counterparty may differ (banks re-render them between statement and notification).
 */
export interface ReplayConflict {
  index: number;
  bankEventId: string;
  differing: string[];
}

interface Comparable {
  accountNo: string;
  type: string;
  amountFen: string | null;
  bookedAtMs: number;
  reverses: string | null;
}

const comparable = (e: AccountEvent): Comparable => ({
  accountNo: e.accountNo,
  type: e.type,
  amountFen: e.amountFen === null ? null : e.amountFen.toString(),
  bookedAtMs: e.bookedAt.getTime(),
  reverses: e.reverses ?? null,
});

const FIELDS: [keyof Comparable, string][] = [
  ['amountFen', 'amount'],
  ['accountNo', 'accountNo'],
  ['type', 'type'],
  ['bookedAtMs', 'bookedAt'],
  ['reverses', 'reverses'],
];

function differ(a: Comparable, b: Comparable): string[] {
  return FIELDS.filter(([k]) => a[k] !== b[k]).map(([, name]) => name);
}

/** The contract's field names in which two deliveries of one bankEventId differ; [] when the same. */
export const differingFields = (a: AccountEvent, b: AccountEvent): string[] =>
  differ(comparable(a), comparable(b));

/**
 * Compares events the insert skipped (their bankEventId was already stored) with what is stored.
 * Runs after the insert: by then a concurrent push of the same id has committed (the unique index
 * made the insert wait for it), so this read sees it.
 */
export async function conflictsWithStored(
  em: EntityManager,
  bankCode: string,
  skipped: { index: number; event: AccountEvent }[],
): Promise<ReplayConflict[]> {
  if (skipped.length === 0) return [];
  const rows = await sql<{
    bank_event_id: string;
    account_no: string;
    type: string;
    amount_fen: string | null;
    booked_at: Date;
    reverses: string | null;
  }>(
    em,
    `select bank_event_id, account_no, type, amount_fen::text as amount_fen, booked_at, reverses
       from account_event
      where bank_code = ? and bank_event_id in (select jsonb_array_elements_text(?::jsonb))`,
    [bankCode, JSON.stringify(skipped.map((s) => s.event.bankEventId))],
  );
  const stored = new Map(rows.map((r) => [r.bank_event_id, r]));
  const conflicts: ReplayConflict[] = [];
  for (const { index, event } of skipped) {
    const row = stored.get(event.bankEventId);
    if (!row) continue; // cannot happen: the insert skipped it because it is stored
    const differing = differ(comparable(event), {
      accountNo: row.account_no,
      type: row.type,
      amountFen: row.amount_fen,
      bookedAtMs: new Date(row.booked_at).getTime(),
      reverses: row.reverses,
    });
    if (differing.length) conflicts.push({ index, bankEventId: event.bankEventId, differing });
  }
  return conflicts;
}

export async function recordConflicts(
  em: EntityManager,
  bankCode: string,
  conflicts: ReplayConflict[],
  receivedAt: Date,
  documentId: string | null,
): Promise<void> {
  if (conflicts.length === 0) return;
  await sql(
    em,
    `insert into conflicting_replay (id, bank_code, bank_event_id, differing, received_at, document_id)
     select (c->>'id')::uuid, ?, c->>'bankEventId', array(select jsonb_array_elements_text(c->'differing')), ?, ?::uuid
       from jsonb_array_elements(?::jsonb) c`,
    [
      bankCode,
      receivedAt,
      documentId,
      JSON.stringify(
        conflicts.map((c) => ({ id: randomUUID(), bankEventId: c.bankEventId, differing: c.differing })),
      ),
    ],
  );
}

export const conflictMessage = (c: ReplayConflict): string =>
  `bankEventId: ${c.bankEventId} is already stored with another ${c.differing.join(', ')}; ` +
  'the stored event is kept and this replay is recorded for the bank and city HRSS';

/** A bank sees its own conflicting replays; city HRSS sees every bank's (or one's). Newest first. */
export async function listConflictingReplays(
  ctx: ServiceContext,
  bankCode: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<ConflictingReplayRecord>> {
  const { caller } = ctx;
  let bank: string | null = bankCode ?? null;
  if (caller.org === 'BANK' && caller.bank) {
    // Another bank's code is answered as an empty list would leak nothing either, but say why.
    if (bank && bank !== caller.bank) throw forbidden('a bank sees only its own conflicting replays');
    bank = caller.bank;
  } else if (!isCityHrss(caller)) {
    throw forbidden('only the bank itself and city-level HRSS (210500) see conflicting replays');
  }
  const limit = pageSize(first);
  const where: FilterQuery<ConflictingReplayRecord> = bank ? { bank: { code: bank } } : {};
  const key = decodeInstantIdCursor(after);
  const keyset: FilterQuery<ConflictingReplayRecord> = key
    ? { $or: [{ receivedAt: { $lt: key[0] } }, { receivedAt: key[0], id: { $lt: key[1] } }] }
    : {};
  const nodes = await ctx.em.find(
    ConflictingReplayRecord,
    { $and: [where, keyset] },
    { orderBy: { receivedAt: 'desc', id: 'desc' }, limit: limit + 1 },
  );
  return {
    nodes: nodes.slice(0, limit),
    cursorOf: (r) => encodeCursor([r.receivedAt.toISOString(), r.id]),
    totalCount: await ctx.em.count(ConflictingReplayRecord, where),
    hasNextPage: nodes.length > limit,
  };
}
