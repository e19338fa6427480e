import type { AmountUnit } from '../xml/amount';
import { compileDateFormat, DateFormatError } from './date-format';

/**
 * A bank's CSV statement layout: data city HRSS registers per bank (`setBankCsvLayout`), stored
 * in `bank.adapterOptions.csvLayout` and read by the csv-statement adapter on every push. The
 * same validation runs on the way in (BAD_USER_INPUT naming the field) and on the way out (a
 * hand-edited profile is refused as BAD_PROFILE, never half-used).
 */
export const CSV_ENCODINGS = ['UTF8', 'GBK', 'GB18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export const DIRECTION_CONVENTIONS = ['SIGNED_AMOUNT', 'DIRECTION_COLUMN', 'SEPARATE_COLUMNS'] as const;
export type DirectionConvention = (typeof DIRECTION_CONVENTIONS)[number];

/** as the bank profile's `amountUnit` spells them (GraphQL: AmountUnit YUAN | FEN) */
export const CSV_AMOUNT_UNITS = ['yuan', 'fen'] as const satisfies readonly AmountUnit[];
export type CsvAmountUnit = AmountUnit;

/** Every column a layout can map, in the order a reader of the layout expects them. */
export const CSV_FIELDS = [
  'bankEventId',
  'accountNo',
  'bookedAt',
  'bookedTime',
  'amount',
  'direction',
  'creditAmount',
  'debitAmount',
  'currency',
  'balance',
  'counterpartyName',
  'counterpartyAccount',
  'memo',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** A column by its 1-based position, or by its name in the header line. */
export type ColumnRef = { index: number; header?: undefined } | { header: string; index?: undefined };

export interface CsvLayout {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** physical lines before the header (or before the data without one): titles, account details */
  skipLines: number;
  hasHeader: boolean;
  /** physical lines at the end (after trailing blank lines) that are not data: totals, "合计" */
  skipFooterLines: number;
  columns: Partial<Record<CsvField, ColumnRef>>;
  /** the account of a single-account file, instead of an accountNo column */
  fixedAccountNo: string | null;
  directionConvention: DirectionConvention;
  /** DIRECTION_COLUMN only: the direction column's values, compared trimmed and case-insensitively */
  creditMarkers: string[];
  debitMarkers: string[];
  /** DIRECTION_COLUMN only, optional: values meaning "a credit taken back" (冲正), read as CREDIT_REVERSAL */
  creditReversalMarkers: string[];
  /** tokens YYYY MM M DD D HH H mm ss; times are Asia/Shanghai */
  dateFormat: string;
  /** the bookedTime column's format; only with that column (default HH:mm:ss) */
  timeFormat: string | null;
  amountUnit: CsvAmountUnit;
  /** "1,234,567.89": a comma between groups of three digits is allowed */
  thousandsSeparators: boolean;
}

/** A layout that is not valid: `field` is its path, e.g. `layout.columns.amount`. */
export class CsvLayoutError extends Error {
  override name = 'CsvLayoutError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export const MAX_SKIP_LINES = 100;
export const MAX_COLUMN_INDEX = 500;
const MAX_HEADER_NAME = 100;
const MAX_MARKERS = 10;
const MAX_MARKER_LENGTH = 32;
/** the contract's accountNo, and it must start with a letter or digit (never a formula) */
export const ACCOUNT_NO = /^[0-9A-Za-z][0-9A-Za-z-]{3,63}$/;

const REQUIRED_BY_CONVENTION: Record<DirectionConvention, { need: CsvField[]; refuse: CsvField[] }> = {
  SIGNED_AMOUNT: { need: ['amount'], refuse: ['direction', 'creditAmount', 'debitAmount'] },
  DIRECTION_COLUMN: { need: ['amount', 'direction'], refuse: ['creditAmount', 'debitAmount'] },
  SEPARATE_COLUMNS: { need: ['creditAmount', 'debitAmount'], refuse: ['amount', 'direction'] },
};

type Loose = Record<string, unknown>;

/**
 * Checks a layout (a GraphQL input or stored JSON; absent and null are the same) and returns it
 * in its one stored form. Throws CsvLayoutError naming the first wrong field under `path`.
 */
export function validateCsvLayout(input: unknown, path = 'layout'): CsvLayout {
  const at = (field: string) => `${path}.${field}`;
  const fail = (field: string, message: string): never => {
    throw new CsvLayoutError(at(field), message);
  };
  if (!isObject(input)) throw new CsvLayoutError(path, 'must be an object');
  const encoding = oneOf(input.encoding, CSV_ENCODINGS, at('encoding'));
  const delimiter = input.delimiter;
  if (typeof delimiter !== 'string' || !(CSV_DELIMITERS as readonly string[]).includes(delimiter)) {
    fail('delimiter', 'must be one of "," ";" "|" or a tab character');
  }
  const skipLines = intIn(input.skipLines ?? 0, 0, MAX_SKIP_LINES, at('skipLines'));
  const skipFooterLines = intIn(input.skipFooterLines ?? 0, 0, MAX_SKIP_LINES, at('skipFooterLines'));
  const hasHeader = input.hasHeader;
  if (typeof hasHeader !== 'boolean') fail('hasHeader', 'must be true or false');
  const directionConvention = oneOf(
    input.directionConvention,
    DIRECTION_CONVENTIONS,
    at('directionConvention'),
  );
  const amountUnit = oneOf(input.amountUnit, CSV_AMOUNT_UNITS, at('amountUnit'));
  const thousandsSeparators = input.thousandsSeparators ?? false;
  if (typeof thousandsSeparators !== 'boolean') fail('thousandsSeparators', 'must be true or false');

  const columns = readColumns(input.columns, at('columns'), hasHeader as boolean);
  const { need, refuse } = REQUIRED_BY_CONVENTION[directionConvention];
  if (!columns.bookedAt) fail('columns.bookedAt', 'is required');
  for (const f of need) {
    if (!columns[f]) fail(`columns.${f}`, `is required with directionConvention ${directionConvention}`);
  }
  for (const f of refuse) {
    if (columns[f]) fail(`columns.${f}`, `is not used with directionConvention ${directionConvention}`);
  }

  const fixedAccountNo = optionalText(input.fixedAccountNo, at('fixedAccountNo'));
  if (fixedAccountNo !== null && !ACCOUNT_NO.test(fixedAccountNo)) {
    fail('fixedAccountNo', '4–64 characters from 0-9, A-Z and "-", starting with a letter or digit');
  }
  if (columns.accountNo && fixedAccountNo !== null) {
    fail('fixedAccountNo', 'give either columns.accountNo or fixedAccountNo, not both');
  }
  if (!columns.accountNo && fixedAccountNo === null) {
    fail('columns.accountNo', 'is required unless fixedAccountNo names the single account of the file');
  }

  const creditMarkers = markers(input.creditMarkers, at('creditMarkers'));
  const debitMarkers = markers(input.debitMarkers, at('debitMarkers'));
  const creditReversalMarkers = markers(input.creditReversalMarkers, at('creditReversalMarkers'));
  if (directionConvention === 'DIRECTION_COLUMN') {
    if (!creditMarkers.length) fail('creditMarkers', 'at least one is required with DIRECTION_COLUMN');
    if (!debitMarkers.length) fail('debitMarkers', 'at least one is required with DIRECTION_COLUMN');
    const credit = new Set(creditMarkers.map(markerKey));
    const both = debitMarkers.find((m) => credit.has(markerKey(m)));
    if (both !== undefined) fail('debitMarkers', `"${both}" is also a credit marker`);
    const sided = new Set([...creditMarkers, ...debitMarkers].map(markerKey));
    const taken = creditReversalMarkers.find((m) => sided.has(markerKey(m)));
    if (taken !== undefined) fail('creditReversalMarkers', `"${taken}" is also a credit or debit marker`);
  } else {
    if (creditReversalMarkers.length)
      fail('creditReversalMarkers', 'only with directionConvention DIRECTION_COLUMN');
    if (creditMarkers.length) fail('creditMarkers', 'only with directionConvention DIRECTION_COLUMN');
    if (debitMarkers.length) fail('debitMarkers', 'only with directionConvention DIRECTION_COLUMN');
  }

  const dateFormat = requiredFormat(input.dateFormat, at('dateFormat'), 'date');
  let timeFormat = optionalText(input.timeFormat, at('timeFormat'));
  if (columns.bookedTime) {
    if (compileDateFormat(dateFormat, 'date').hasTime) {
      fail('dateFormat', 'must be a date alone when columns.bookedTime holds the time');
    }
    timeFormat = requiredFormat(timeFormat ?? 'HH:mm:ss', at('timeFormat'), 'time');
  } else if (timeFormat !== null) {
    fail('timeFormat', 'only with columns.bookedTime');
  }

  return {
    encoding,
    delimiter: delimiter as CsvDelimiter,
    skipLines,
    hasHeader: hasHeader as boolean,
    skipFooterLines,
    columns,
    fixedAccountNo,
    directionConvention,
    creditMarkers,
    debitMarkers,
    creditReversalMarkers,
    dateFormat,
    timeFormat,
    amountUnit,
    thousandsSeparators: thousandsSeparators as boolean,
  };
}

/** Markers match trimmed and case-insensitively: `c` is `C`, ` 贷 ` is `贷`. */
export const markerKey = (marker: string): string => marker.trim().toUpperCase();

function readColumns(value: unknown, path: string, hasHeader: boolean): Partial<Record<CsvField, ColumnRef>> {
  if (!isObject(value)) throw new CsvLayoutError(path, 'must be an object naming the columns');
  for (const key of Object.keys(value)) {
    if (!(CSV_FIELDS as readonly string[]).includes(key) && value[key] != null) {
      throw new CsvLayoutError(`${path}.${key}`, `is not a column the hub reads (${CSV_FIELDS.join(', ')})`);
    }
  }
  const out: Partial<Record<CsvField, ColumnRef>> = {};
  const taken = new Map<string, CsvField>();
  for (const field of CSV_FIELDS) {
    const ref = value[field];
    if (ref == null) continue;
    const at = `${path}.${field}`;
    if (!isObject(ref)) throw new CsvLayoutError(at, 'must be { index } or { header }');
    const hasIndex = ref.index != null;
    const hasName = ref.header != null;
    if (hasIndex === hasName) throw new CsvLayoutError(at, 'give exactly one of index (1-based) or header');
    let key: string;
    if (hasIndex) {
      const index = intIn(ref.index, 1, MAX_COLUMN_INDEX, `${at}.index`);
      out[field] = { index };
      key = `#${index}`;
    } else {
      if (!hasHeader) throw new CsvLayoutError(`${at}.header`, 'a column by name needs hasHeader: true');
      const header = optionalText(ref.header, `${at}.header`, MAX_HEADER_NAME);
      if (header === null) throw new CsvLayoutError(`${at}.header`, 'must not be empty');
      out[field] = { header };
      key = `=${header.toLowerCase()}`;
    }
    const other = taken.get(key);
    if (other) throw new CsvLayoutError(at, `is the same column as columns.${other}`);
    taken.set(key, field);
  }
  return out;
}

function markers(value: unknown, path: string): string[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw new CsvLayoutError(path, 'must be a list of text values');
  if (value.length > MAX_MARKERS) throw new CsvLayoutError(path, `at most ${MAX_MARKERS} markers`);
  const out: string[] = [];
  value.forEach((m, i) => {
    const marker = optionalText(m, `${path}[${i}]`, MAX_MARKER_LENGTH);
    if (marker === null) throw new CsvLayoutError(`${path}[${i}]`, 'must not be empty');
    if (!out.some((o) => markerKey(o) === markerKey(marker))) out.push(marker);
  });
  return out;
}

function requiredFormat(value: unknown, path: string, kind: 'date' | 'time'): string {
  const format = optionalText(value, path, 40);
  if (format === null) throw new CsvLayoutError(path, 'is required');
  try {
    compileDateFormat(format, kind);
  } catch (err) {
    if (err instanceof DateFormatError) throw new CsvLayoutError(path, err.message);
    throw err;
  }
  return format;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CsvLayoutError(path, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function intIn(value: unknown, min: number, max: number, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CsvLayoutError(path, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** trimmed text, or null when absent or blank */
function optionalText(value: unknown, path: string, max = 64): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') throw new CsvLayoutError(path, 'must be text');
  const text = value.trim();
  if (text.length > max) throw new CsvLayoutError(path, `must be at most ${max} characters`);
  return text || null;
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
