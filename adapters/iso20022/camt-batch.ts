import { toMinorUnits } from '../xml/amount';
import type { CamtAmount, CamtEntry, CamtTxDetail } from './camt-entry';

/**
 * What one booked entry becomes. A batch entry (several TxDtls) becomes one event per TxDtls only
 * when every TxDtls has an amount in the entry's currency and they add up (signed) to the entry.
 * Otherwise the entry stays one event: its amount is what was booked on the account and what the
 * statement balance adds up, and the public samples show batches whose details do not (genkgo's
 * camt054.v4: a SEK 200000 DBIT entry over CHF 3.1 + 3.2 + 3.2 CRDT details; camt054.v2: details
 * without amounts).
 */
export interface Part {
  amount: CamtAmount | null;
  creditDebit: string | null;
  tx: CamtTxDetail | null;
  /** position of the TxDtls in its entry when the entry was split */
  txPos: number | null;
}

export function parts(entry: CamtEntry): Part[] {
  const whole: Part = { amount: entry.amount, creditDebit: entry.creditDebit, tx: null, txPos: null };
  const txs = entry.txDetails;
  if (txs.length === 1) return [{ ...whole, tx: txs[0] }];
  if (txs.length === 0 || !entry.amount) return [whole];
  const split = txs.map((tx, i) => ({
    amount: tx.amount,
    creditDebit: tx.creditDebit ?? entry.creditDebit,
    tx,
    txPos: i,
  }));
  return addsUp(whole, split) ? split : [whole];
}

function addsUp(whole: Part, split: Part[]): boolean {
  const signed = (p: Part): bigint | null => {
    if (!p.amount || p.amount.currency !== whole.amount?.currency) return null;
    if (p.creditDebit !== 'CRDT' && p.creditDebit !== 'DBIT') return null;
    try {
      const v = toMinorUnits(p.amount.value);
      return p.creditDebit === 'DBIT' ? -v : v;
    } catch {
      return null; // an unreadable detail amount: keep the entry whole
    }
  };
  const total = signed(whole);
  const details = split.map(signed);
  if (total === null || details.some((d) => d === null)) return false;
  return details.reduce<bigint>((sum, d) => sum + (d as bigint), 0n) === total;
}
