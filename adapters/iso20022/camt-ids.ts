import { fingerprint } from '../xml/event-ids';
import type { CamtEntry, CamtTxDetail } from './camt-entry';

/**
 * Event ids for camt entries. AcctSvcrRef is the bank's unique reference for the booking and the
 * same in camt.054 and the later camt.053, so the two deduplicate. NtryRef is unique only within
 * its report, so it is dated. Entries with neither get a digest of what they say (never of the
 * MsgId, so a re-sent document gives the same ids). A reversal gets its own `R` prefix: some banks
 * repeat the original's reference on it, and it must not be deduplicated away as the original.
 */
export function entryKey(account: string, e: CamtEntry): string {
  return `${e.reversal ? 'R' : ''}${baseKey(account, e)}`;
}

function baseKey(account: string, e: CamtEntry): string {
  if (e.acctSvcrRef) return `A:${e.acctSvcrRef}`;
  if (e.ntryRef) return `N:${e.bookingDate ?? e.valueDate ?? ''}:${e.ntryRef}`;
  const txRefs = e.txDetails.map((t) => JSON.stringify(t.refs));
  return fingerprint([
    account,
    e.amount?.currency,
    e.amount?.value,
    e.creditDebit,
    e.bookingDate,
    e.valueDate,
    e.additionalInfo,
    ...txRefs,
  ]);
}

/** Within a split batch entry: the transaction's own reference, else its position in the entry. */
export function txKey(tx: CamtTxDetail, pos: number): string {
  const r = tx.refs;
  const e2e = r.EndToEndId && r.EndToEndId !== 'NOTPROVIDED' ? r.EndToEndId : undefined;
  return r.AcctSvcrRef ?? r.TxId ?? e2e ?? r.InstrId ?? `#${pos + 1}`;
}
