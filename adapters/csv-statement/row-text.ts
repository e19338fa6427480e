import { createHash } from 'node:crypto';

/** Helpers of row.ts: how a line's values are quoted, keyed and described. */

export function reversalDetail(redInk: boolean, marker: string | null): string {
  return [marker !== null ? `reversal marker ${q(marker)}` : null, redInk ? 'red-ink negative amount' : null]
    .filter((d) => d)
    .join(', ');
}

/** a cell as messages quote it: at most 40 characters, so a huge cell does not make a huge answer */
export function q(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

export function validDay(y: number, m: number, d: number): boolean {
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

/**
 * The bank's own reference, prefixed with the account (a reference need only be unique per
 * account). A reference that is not printable ASCII, or too long for the 128-character id,
 * is replaced by its digest, which is just as stable.
 */
export function refKey(ref: string, accountNo: string): string {
  const plain = `ref:${ref}`;
  if (/^[\x21-\x7e]+$/.test(ref) && `csv:${accountNo}:${plain}:rev`.length <= 128) return plain;
  return `refh:${createHash('sha256').update(ref).digest('hex').slice(0, 24)}`;
}
