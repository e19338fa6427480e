/**
 * Row-by-row checks of the workforce batches: each row is accepted or refused on its own, as bank
 * events are (`rejected { index code message }`), the message naming the field. Nothing here logs
 * or echoes a number: a refusal says which check failed, never the value.
 */
import {
  checkResidentId,
  checkUscc,
  luhnValid,
  normalizeResidentId,
  normalizeUscc,
} from '../../domain/identifiers';

export interface RowRejection {
  index: number;
  code: string;
  message: string;
}

export class RowRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const refuse = (code: string, field: string, message: string): never => {
  throw new RowRefusal(code, `${field}: ${message}`);
};

/** Runs `check` on each row; refusals become rejections, anything else is a bug and is thrown. */
export function eachRow<I, O>(
  rows: readonly I[],
  check: (row: I, index: number) => O,
): { ok: { index: number; value: O }[]; rejected: RowRejection[] } {
  const ok: { index: number; value: O }[] = [];
  const rejected: RowRejection[] = [];
  rows.forEach((row, index) => {
    try {
      ok.push({ index, value: check(row, index) });
    } catch (err) {
      if (!(err instanceof RowRefusal)) throw err;
      rejected.push({ index, code: err.code, message: err.message });
    }
  });
  return { ok, rejected };
}

export function text(value: string | null | undefined, field: string, max = 200): string {
  const t = (value ?? '').trim();
  if (!t) refuse('MISSING_FIELD', field, 'must not be empty');
  if (t.length > max) refuse('INVALID_FIELD', field, `must be at most ${max} characters`);
  return t;
}

export function optionalText(value: string | null | undefined, field: string, max = 200): string | null {
  const t = (value ?? '').trim();
  if (!t) return null;
  if (t.length > max) refuse('INVALID_FIELD', field, `must be at most ${max} characters`);
  return t;
}

const ID_REASONS = {
  format: 'is not an 18-character resident ID number',
  date: 'holds no real birth date',
  checksum: 'fails its check digit (GB 11643)',
} as const;

/** A resident ID number (only idCardType 01, 居民身份证, is registered by the hub), normalised. */
export function residentId(value: string, field = 'idNumber', idCardType?: string | null): string {
  if (idCardType && idCardType !== '01')
    refuse('UNSUPPORTED_ID_TYPE', 'idCardType', 'only 01 (resident identity card) is registered here');
  const id = normalizeResidentId((value ?? '').trim());
  const verdict = checkResidentId(id);
  if (!verdict.ok) refuse('INVALID_ID_NUMBER', field, ID_REASONS[verdict.reason]);
  return id;
}

export function bankCard(value: string, field = 'bankCardNo'): string {
  const card = (value ?? '').replace(/\s+/g, '');
  if (!/^\d{12,19}$/.test(card)) refuse('INVALID_CARD_NUMBER', field, 'must be 12–19 digits');
  if (!luhnValid(card)) refuse('INVALID_CARD_NUMBER', field, 'fails its check digit (Luhn)');
  return card;
}

export function uscc(value: string, field: string): string {
  const code = normalizeUscc((value ?? '').trim());
  const verdict = checkUscc(code);
  if (!verdict.ok)
    refuse(
      'INVALID_USCC',
      field,
      verdict.reason === 'format' ? 'is not an 18-character USCC' : 'fails its check character (GB 32100)',
    );
  return code;
}

/** A mainland mobile (11 digits from 1) or a landline with its area code (digits and one '-'). */
export function phoneNumber(value: string, field = 'phone'): string {
  const phone = (value ?? '').replace(/\s+/g, '');
  if (!/^1\d{10}$/.test(phone) && !/^0\d{2,3}-?\d{7,8}$/.test(phone))
    refuse('INVALID_PHONE', field, 'is not a mobile (11 digits) or landline (area code and number) number');
  return phone;
}
