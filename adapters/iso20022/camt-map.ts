import type { AccountEvent, RejectedEvent } from '../../src/domain/account-event';
import { DocumentRejected } from '../bank-adapter';
import { BadAmount, toMinorUnits } from '../xml/amount';
import { reversalMemo, reversalType, uniqueInDocument } from '../xml/event-ids';
import { BadDate, parseIsoDateOrDateTime } from '../xml/shanghai-time';
import { lookup } from '../xml/lookup';
import { toPlain } from '../xml/xml-tree';
import { parts, type Part } from './camt-batch';
import type { CamtEntry } from './camt-entry';
import { entryKey, txKey } from './camt-ids';
import type { CamtDocument } from './camt-read';

/**
 * Policy from camt entries to AccountEvents.
 * - Only booked entries count; others are reported as NOT_BOOKED.
 * - Direction is the entry's CdtDbtInd even for reversals: ISO 20022 defines a reversal's
 *   indicator as the opposite of the original booking, i.e. it already says which way the money
 *   moved now (a returned salary payment is a CRDT with RvslInd). Flipping it again would book
 *   the return as a second payment. The memo starts with [REVERSAL] instead.
 * - A DBIT entry with RvslInd takes back a credit (an owner's transfer returned): CREDIT_REVERSAL,
 *   which lowers the labour cost counted. A CRDT with RvslInd undoes a debit (a returned wage
 *   payment): money back in, not a reversal of funding, so it stays a CREDIT (event-ids.ts).
 *   camt does not name the original entry in our id scheme, so `reverses` stays empty.
 * - Batch entries: see camt-batch.ts. Ids: see camt-ids.ts.
 * - Only CNY is labour cost: other currencies are rejected per event as CURRENCY_NOT_CNY.
 */
const DIRECTION: Record<string, 'CREDIT' | 'DEBIT'> = { CRDT: 'CREDIT', DBIT: 'DEBIT' };

export function mapCamtEntries(
  doc: CamtDocument,
  /** event ids already given in this document (camt-batches.ts reads it a batch at a time) */
  seenIds?: Map<string, number>,
): { events: AccountEvent[]; rejected: RejectedEvent[] } {
  const events: AccountEvent[] = [];
  const rejected: RejectedEvent[] = [];
  for (const rec of doc.records) {
    const account = rec.account;
    if (!account)
      throw new DocumentRejected(`${doc.message} record ${rec.id ?? ''} names no account`, 'MISSING_ACCOUNT');
    for (const entry of rec.entries) {
      if (entry.status !== 'BOOK') {
        rejected.push(
          reject(entry, null, 'NOT_BOOKED', `status ${entry.status ?? '(none)'}; only booked entries count`),
        );
        continue;
      }
      const entryId = `camt:${account}:${entryKey(account, entry)}`;
      for (const part of parts(entry)) {
        const r = mapPart(account, entry, part, entryId);
        if ('code' in r) rejected.push(r);
        else events.push(r);
      }
    }
  }
  return { events: uniqueInDocument(events, seenIds), rejected };
}

function mapPart(
  account: string,
  entry: CamtEntry,
  part: Part,
  entryId: string,
): AccountEvent | RejectedEvent {
  const { amount, tx } = part;
  if (!amount) return reject(entry, part, 'MISSING_AMOUNT', 'no amount');
  if (amount.currency !== 'CNY') {
    return reject(
      entry,
      part,
      'CURRENCY_NOT_CNY',
      `${amount.currency ?? 'no currency'} ${amount.value} is not CNY; only CNY counts as labour cost`,
    );
  }
  const type = lookup(DIRECTION, part.creditDebit);
  if (!type)
    return reject(
      entry,
      part,
      'BAD_DIRECTION',
      `CdtDbtInd "${part.creditDebit ?? ''}" is neither CRDT nor DBIT`,
    );
  let amountFen: bigint;
  let bookedAt: Date;
  try {
    amountFen = toMinorUnits(amount.value);
    if (amountFen <= 0n) throw new BadAmount(`amount ${amount.value} must be positive`);
    const date = entry.bookingDate ?? entry.valueDate;
    if (!date) throw new BadDate('no booking or value date');
    bookedAt = parseIsoDateOrDateTime(date);
  } catch (e) {
    if (e instanceof BadAmount) return reject(entry, part, 'BAD_AMOUNT', e.message);
    if (e instanceof BadDate) return reject(entry, part, 'INVALID_BOOKED_AT', e.message);
    throw e;
  }
  const party = type === 'CREDIT' ? tx?.debtor : tx?.creditor;
  const memo = tx
    ? (tx.unstructured ?? tx.additionalInfo ?? entry.additionalInfo ?? tx.creditorReference)
    : entry.additionalInfo;
  const reason = tx?.returnReason ? `return reason ${tx.returnReason}` : undefined;
  const splitTx = part.txPos !== null && tx ? { tx, pos: part.txPos } : null;
  return {
    bankEventId: splitTx ? `${entryId}/${txKey(splitTx.tx, splitTx.pos)}` : entryId,
    accountNo: account,
    type: entry.reversal ? reversalType(type) : type,
    amountFen,
    bookedAt,
    counterpartyName: party?.name ?? null,
    counterpartyAccount: party?.account ?? null,
    memo: entry.reversal ? reversalMemo(memo, reason) : memo,
    // A split event keeps its own TxDtls only: a 1,000-payment batch must not store the batch 1,000 times.
    raw: splitTx
      ? { Ntry: toPlain(entry.el, ['NtryDtls']), TxDtls: toPlain(splitTx.tx.el) }
      : { Ntry: toPlain(entry.el) },
  };
}

function reject(entry: CamtEntry, part: Part | null, code: string, why: string): RejectedEvent {
  const where =
    part?.txPos != null ? `Ntry ${entry.index + 1} TxDtls ${part.txPos + 1}` : `Ntry ${entry.index + 1}`;
  const ref = entry.acctSvcrRef ?? entry.ntryRef;
  return { index: entry.index, code, message: `${where}${ref ? ` (${ref})` : ''}: ${why}` };
}
