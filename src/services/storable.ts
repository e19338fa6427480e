import type { AccountEvent } from '../domain/account-event';

/**
 * What PostgreSQL can store of a bank's event, checked before the insert: `text` and `jsonb` refuse
 * U+0000 and `jsonb` refuses a lone UTF-16 surrogate, and either refusal would fail the whole
 * statement, so the whole push (the other 499 events too) would be a 500. The checks here make it
 * that one event's problem instead, with a code and the field named. `raw` (the bank's event as
 * received, kept for audit) is bounded too, so one event cannot make a row of megabytes or a
 * structure too deep to read back.
 */
export const MAX_RAW_DEPTH = 32;
export const MAX_RAW_CHARS = 64 * 1024;

export interface StorageProblem {
  code: string;
  message: string;
}

// A surrogate half not paired with its other half: what UTF-16 cannot encode as a character.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** null when `value` can be stored as text; else why not */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL byte (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (not a character)';
  return null;
}

const TEXT_FIELDS = [
  'bankEventId',
  'accountNo',
  'counterpartyName',
  'counterpartyAccount',
  'memo',
  'reverses',
  'court',
  'orderNo',
] as const;

/**
 * What every adapter's events must fit, whatever the format: a bank's document may carry a
 * reference or account longer than any real one, and that is that row's problem, not a 500.
 */
export function shapeProblem(event: AccountEvent): StorageProblem | null {
  if (!/^[0-9A-Za-z-]{4,64}$/.test(event.accountNo)) {
    return { code: 'INVALID_ACCOUNT_NO', message: 'accountNo: 4–64 characters from 0-9, A-Z and "-"' };
  }
  if (event.bankEventId.length < 1 || event.bankEventId.length > 128) {
    return { code: 'INVALID_BANK_EVENT_ID', message: 'bankEventId: 1–128 characters' };
  }
  return null;
}

/** Every check an event must pass to be stored, in the order BankIntake.add reports them. */
export function storeProblem(event: AccountEvent): StorageProblem | null {
  return shapeProblem(event) ?? eventStorageProblem(event);
}

export function eventStorageProblem(event: AccountEvent): StorageProblem | null {
  for (const field of TEXT_FIELDS) {
    const value = event[field];
    const why = typeof value === 'string' ? textProblem(value) : null;
    if (why) return { code: 'INVALID_TEXT', message: `${field}: ${why}` };
  }
  return rawProblem(event.raw);
}

/** Walks the bank's event as received; names the first offending path, e.g. `event.extra.note` (JSON) or `event.Ntry.AddtlNtryInf` (camt). */
export function rawProblem(raw: unknown): StorageProblem | null {
  let chars = 0;
  const walk = (value: unknown, path: string, depth: number): StorageProblem | null => {
    if (depth > MAX_RAW_DEPTH) {
      return { code: 'FIELD_TOO_DEEP', message: `${path}: nested deeper than ${MAX_RAW_DEPTH} levels` };
    }
    if (typeof value === 'string') {
      chars += value.length;
      const why = textProblem(value);
      if (why) return { code: 'INVALID_TEXT', message: `${path}: ${why}` };
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const p = walk(value[i], `${path}[${i}]`, depth + 1);
        if (p) return p;
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        chars += key.length;
        const why = textProblem(key);
        if (why) return { code: 'INVALID_TEXT', message: `${path}: a field name ${why}` };
        const p = walk(v, `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}`, depth + 1);
        if (p) return p;
      }
    } else chars += 8;
    if (chars > MAX_RAW_CHARS) {
      return {
        code: 'FIELD_TOO_LARGE',
        message: `${path}: the event is larger than ${MAX_RAW_CHARS} characters`,
      };
    }
    return null;
  };
  return walk(raw, 'event', 0);
}
