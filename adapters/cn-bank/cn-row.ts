import type { AccountEvent, RejectedEvent } from '../../src/domain/account-event';
import { BadAmount, toMinorUnits, type AmountUnit } from '../xml/amount';
import { reversalMemo, reversalType } from '../xml/event-ids';
import { BadDate } from '../xml/shanghai-time';

/**
 * The part every 银企直连 detail row shares once a bank adapter has read its own field names:
 * amount unit, red-ink reversals, currency and date checks, and the event itself.
 */
export type Direction = 'CREDIT' | 'DEBIT';

export interface CnRow {
  index: number;
  accountNo: string;
  /** decoded 借贷标志, or null when the code is unknown */
  direction: Direction | null;
  directionCode: string | null;
  amount: string | null;
  /** null: the row's currency is CNY (or the format has no currency field) */
  foreignCurrency: string | null;
  /** the bank flagged the row as 冲帐/冲正; `reversalDetail` names the flag for the memo */
  reversal: boolean;
  reversalDetail: string;
  /** may throw BadDate */
  bookedAt: () => Date;
  /** stable key within the account, without prefix; see each adapter */
  key: (bookedAt: Date) => string;
  idPrefix: string;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  memo: string | null;
  raw: unknown;
}

export function rowToEvent(row: CnRow, unit: AmountUnit): AccountEvent | RejectedEvent {
  const reject = (code: string, why: string): RejectedEvent => ({
    index: row.index,
    code,
    message: `row ${row.index + 1}: ${why}`,
  });
  if (row.foreignCurrency !== null) {
    return reject(
      'CURRENCY_NOT_CNY',
      `currency ${row.foreignCurrency} is not CNY; only CNY counts as labour cost`,
    );
  }
  if (!row.direction)
    return reject('BAD_DIRECTION', `debit/credit flag "${row.directionCode ?? ''}" is not known`);
  if (!row.amount) return reject('MISSING_AMOUNT', 'no amount');
  let fen: bigint;
  let bookedAt: Date;
  try {
    fen = toMinorUnits(row.amount, unit);
    bookedAt = row.bookedAt();
  } catch (e) {
    if (e instanceof BadAmount) return reject('BAD_AMOUNT', e.message);
    if (e instanceof BadDate) return reject('INVALID_BOOKED_AT', e.message);
    throw e;
  }
  if (fen === 0n) return reject('BAD_AMOUNT', 'amount is zero');
  // A negative amount is a red-ink (红字) reversal: booked against the original's side, so the
  // money moved the other way.
  const redInk = fen < 0n;
  const type: Direction = redInk ? (row.direction === 'CREDIT' ? 'DEBIT' : 'CREDIT') : row.direction;
  const details = [
    row.reversal ? row.reversalDetail : null,
    redInk ? 'red-ink negative amount' : null,
  ].filter((d) => d);
  // Reversal rows may repeat the original's serial; the suffix keeps them from deduplicating away.
  const reversal = row.reversal || redInk;
  return {
    bankEventId: `${row.idPrefix}:${row.accountNo}:${row.key(bookedAt)}${reversal ? ':R' : ''}`,
    accountNo: row.accountNo,
    // 冲正/冲帐 or red ink with the money going out takes a credit back (event-ids.ts reversalType).
    // The rows do not name the original posting, so `reverses` stays empty.
    type: reversal ? reversalType(type) : type,
    amountFen: redInk ? -fen : fen,
    bookedAt,
    counterpartyName: row.counterpartyName,
    counterpartyAccount: row.counterpartyAccount,
    memo: details.length ? reversalMemo(row.memo, details.join(', ')) : row.memo,
    raw: row.raw,
  };
}

/** RMB as the banks spell it: ISO code, the 3-letter habit, ICBC's 001, CMB's 10, or the word. */
const CNY_CODES = new Set(['CNY', 'RMB', '001', '01', '10', '人民币']);

export function foreignCurrency(code: string | null): string | null {
  if (!code) return null;
  return CNY_CODES.has(code.trim().toUpperCase()) ? null : code;
}
