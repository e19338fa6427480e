import { createHash } from 'node:crypto';

/**
 * Helpers for `bankEventId`, the key ingestion deduplicates on. It must come out the same every
 * time the bank sends the same booking (a re-push, a paged query, a statement after a notification)
 * and differ between bookings. Adapters prefer the bank's own unique reference; these helpers cover
 * rows that lack one.
 */

/** A short stable digest of the fields that together identify a booking, for rows without a reference. */
export function fingerprint(fields: readonly (string | null | undefined)[]): string {
  const canonical = JSON.stringify(fields.map((f) => f ?? ''));
  return `F${createHash('sha256').update(canonical).digest('hex').slice(0, 24)}`;
}

/**
 * Makes ids unique within one document: the second and later holders of an id get `#2`, `#3`, …
 * in document order. Identical input gives identical suffixes, so ids stay stable across re-pushes;
 * it only matters when a bank lists two rows that no field tells apart.
 */
export function uniqueInDocument<T extends { bankEventId: string }>(
  events: T[],
  /** the ids seen so far, when a document is read a batch at a time */
  seen = new Map<string, number>(),
): T[] {
  return events.map((e) => {
    const n = (seen.get(e.bankEventId) ?? 0) + 1;
    seen.set(e.bankEventId, n);
    return n === 1 ? e : { ...e, bankEventId: `${e.bankEventId}#${n}` };
  });
}

/**
 * Reversals keep the direction the money actually moved (see each adapter) and say so in the memo,
 * so a reader of the event list sees why a credit appears on a payroll account.
 */
export const REVERSAL_MARKER = '[REVERSAL]';

/**
 * The event type of a booking the bank marks as a reversal (camt RvslInd, 冲正/冲帐, red ink),
 * given the side the money moved NOW. Money going out is a credit taken back: CREDIT_REVERSAL,
 * which lowers the labour cost counted. Money coming back in is a debit undone (a returned wage
 * payment or fee): a wage payment out of the account is not funding, so its return is not a
 * reversal of funding either, and it stays a CREDIT marked [REVERSAL], as before.
 */
export function reversalType(side: 'CREDIT' | 'DEBIT'): 'CREDIT' | 'CREDIT_REVERSAL' {
  return side === 'DEBIT' ? 'CREDIT_REVERSAL' : 'CREDIT';
}

export function reversalMemo(memo: string | null, detail?: string): string {
  return [REVERSAL_MARKER, detail, memo].filter((p) => p).join(' ');
}

/** Joins the distinct non-empty memo parts a bank splits over several fields (摘要, 用途, 附言). */
export function joinMemo(parts: readonly (string | null | undefined)[]): string | null {
  const distinct = [...new Set(parts.map((p) => p?.trim()).filter((p): p is string => !!p))];
  return distinct.length ? distinct.join(' | ') : null;
}
