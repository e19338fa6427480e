import {
  ACCOUNT_EVENT_TYPES,
  type AccountEvent,
  type AccountEventType,
  type RejectedEvent,
} from '../../src/domain/account-event';
import { DomainError } from '../../src/domain/errors';
import { InvalidInstant, parseInstant } from '../../src/domain/instant';
import { formatMoney, parseMoney } from '../../src/domain/money';

/**
 * Validates one event of the contract's `AccountEventInput` shape, whether it came as JSON
 * (amount a string, bookedAt a string) or through GraphQL (amount already fen, bookedAt a Date).
 * Each event stands alone: a bad one is rejected with its index, the rest go on.
 */
export function toAccountEvent(
  input: unknown,
  index: number,
): { event: AccountEvent } | { rejected: RejectedEvent } {
  const reject = (code: string, message: string) => ({ rejected: { index, code, message } });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return reject('NOT_AN_OBJECT', 'each event must be a JSON object');
  }
  const raw = input as Record<string, unknown>;
  const bankEventId = raw.bankEventId;
  if (typeof bankEventId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(bankEventId)) {
    return reject(
      'INVALID_BANK_EVENT_ID',
      'bankEventId: required, 1–128 printable ASCII characters without spaces',
    );
  }
  const accountNo = raw.accountNo;
  if (typeof accountNo !== 'string' || !/^[0-9A-Za-z-]{4,64}$/.test(accountNo)) {
    return reject('INVALID_ACCOUNT_NO', 'accountNo: required, 4–64 characters from 0-9, A-Z and "-"');
  }
  const type = raw.type;
  if (typeof type !== 'string' || !(ACCOUNT_EVENT_TYPES as readonly string[]).includes(type)) {
    return reject('INVALID_TYPE', `type: must be one of ${ACCOUNT_EVENT_TYPES.join(', ')}`);
  }
  const amount = readAmount(raw.amount, type as AccountEventType);
  if (typeof amount === 'string') return reject('INVALID_AMOUNT', amount);
  const bookedAt = readBookedAt(raw.bookedAt);
  if (typeof bookedAt === 'string') return reject('INVALID_BOOKED_AT', bookedAt);
  const reverses = raw.reverses;
  if (reverses != null) {
    if (type !== 'CREDIT_REVERSAL') return reject('INVALID_FIELD', 'reverses: only for a CREDIT_REVERSAL');
    if (typeof reverses !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(reverses))
      return reject(
        'INVALID_FIELD',
        'reverses: the bankEventId of a credit, 1–128 printable ASCII characters',
      );
  }
  // a freeze order's court and number (R10), when the bank gives them: only on a FREEZE_ATTEMPT
  for (const [field, max] of [
    ['court', 200],
    ['orderNo', 64],
  ] as const) {
    const value = raw[field];
    if (value == null) continue;
    if (type !== 'FREEZE_ATTEMPT') return reject('INVALID_FIELD', `${field}: only for a FREEZE_ATTEMPT`);
    if (typeof value !== 'string' || value.trim() === '' || value.length > max)
      return reject('INVALID_FIELD', `${field}: must be text of 1 to ${max} characters`);
  }
  const optional = ['counterpartyName', 'counterpartyAccount', 'memo'] as const;
  for (const field of optional) {
    const value = raw[field];
    if (value != null && (typeof value !== 'string' || value.length > 500)) {
      return reject('INVALID_FIELD', `${field}: must be text of at most 500 characters`);
    }
  }
  return {
    event: {
      bankEventId,
      accountNo,
      type: type as AccountEventType,
      amountFen: amount,
      bookedAt,
      counterpartyName: (raw.counterpartyName as string | undefined) ?? null,
      counterpartyAccount: (raw.counterpartyAccount as string | undefined) ?? null,
      memo: (raw.memo as string | undefined) ?? null,
      reverses: (reverses as string | null | undefined) ?? null,
      court: (raw.court as string | undefined)?.trim() ?? null,
      orderNo: (raw.orderNo as string | undefined)?.trim() ?? null,
      raw: jsonSafe(raw),
    },
  };
}

/** fen, or the message that says what is wrong */
function readAmount(value: unknown, type: AccountEventType): bigint | null | string {
  const moves = type === 'CREDIT' || type === 'CREDIT_REVERSAL' || type === 'DEBIT';
  if (value === null || value === undefined) return moves ? `amount: required for ${type}` : null;
  let fen: bigint;
  if (typeof value === 'bigint') fen = value;
  else {
    try {
      fen = parseMoney(value, 'amount');
    } catch (err) {
      if (err instanceof DomainError) return err.message;
      throw err;
    }
  }
  if (fen <= 0n) return `amount: must be more than 0.00`;
  return fen;
}

/** the instant, or the message saying what is wrong: an impossible date is refused, never moved */
function readBookedAt(value: unknown): Date | string {
  const usage = 'ISO 8601 with an offset, e.g. 2026-03-05T10:15:00+08:00';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? `bookedAt: required, ${usage}` : value;
  if (typeof value !== 'string') return `bookedAt: required, ${usage}`;
  try {
    return parseInstant(value);
  } catch (err) {
    if (err instanceof InvalidInstant) return `bookedAt: ${err.message}; ${usage}`;
    throw err;
  }
}

/** The payload as the bank sent it, with GraphQL's parsed values (fen, Date) turned back into their wire form. */
function jsonSafe(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    out[k] = typeof v === 'bigint' ? formatMoney(v) : v instanceof Date ? v.toISOString() : v;
  }
  return out;
}
