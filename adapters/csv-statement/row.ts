import type { AccountEvent, RejectedEvent } from '../../src/domain/account-event';
import { BadAmount } from '../xml/amount';
import { fingerprint, reversalMemo, reversalType } from '../xml/event-ids';
import { BadDate, shanghaiInstant } from '../xml/shanghai-time';
import { csvAmountToFen, isZeroOrEmpty } from './amount';
import type { CompiledDateFormat } from './date-format';
import { neutraliseFormula } from './formula';
import { ACCOUNT_NO, markerKey, type CsvField, type CsvLayout } from './layout';
import type { CsvRecord } from './reader';
import { q, refKey, reversalDetail, validDay } from './row-text';

/**
 * One data line of a statement to one canonical event, or to a RejectedEvent whose message names
 * the line and the column ("line 7, column 3 (amount): "12,5" is not an amount"). A line is
 * rejected on the first problem found; the other lines go on.
 */
export interface RowReader {
  layout: CsvLayout;
  positions: Partial<Record<CsvField, number>>;
  dateFormat: CompiledDateFormat;
  timeFormat: CompiledDateFormat | null;
}

type Direction = 'CREDIT' | 'DEBIT';
const MAX_TEXT = 500;
/** RMB as statements spell it; an empty currency cell is RMB too */
const CNY = new Set(['CNY', 'RMB', '人民币', '156']);

class RowProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function readRow(record: CsvRecord, index: number, reader: RowReader): AccountEvent | RejectedEvent {
  try {
    return toEvent(record, reader);
  } catch (err) {
    if (err instanceof RowProblem) return { index, code: err.code, message: err.message };
    throw err;
  }
}

function toEvent(record: CsvRecord, { layout, positions, dateFormat, timeFormat }: RowReader): AccountEvent {
  const where = (field: CsvField) => {
    const p = positions[field]!;
    return `line ${record.cellLines[p]}, column ${p + 1} (${field})`;
  };
  const problem = (field: CsvField, code: string, why: string) =>
    new RowProblem(code, `${where(field)}: ${why}`);
  /** the trimmed cell, `="…"` (the spreadsheet way of keeping leading zeros) unwrapped; null when no column */
  const cell = (field: CsvField): string | null => {
    const p = positions[field];
    if (p === undefined) return null;
    const v = (record.cells[p] ?? '').trim();
    const excel = /^="(.*)"$/s.exec(v);
    return excel ? excel[1].trim() : v;
  };
  const required = (field: CsvField): string => {
    const v = cell(field)!;
    if (v === '') throw problem(field, 'MISSING_VALUE', 'is empty');
    return v;
  };

  const accountNo = layout.fixedAccountNo ?? required('accountNo');
  if (!ACCOUNT_NO.test(accountNo)) {
    throw problem(
      'accountNo',
      'BAD_ACCOUNT_NO',
      `${q(accountNo)} is not an account number (4–64 characters from 0-9, A-Z and "-", starting with a letter or digit)`,
    );
  }

  const bookedAt = readBookedAt();

  const unit = layout.amountUnit;
  const amount = (field: CsvField, text: string): bigint => {
    try {
      return csvAmountToFen(text, unit, layout.thousandsSeparators);
    } catch (err) {
      if (!(err instanceof BadAmount)) throw err;
      throw problem(
        field,
        'BAD_AMOUNT',
        `${q(text)} is not an amount${err.message ? ` (${err.message})` : ''}`,
      );
    }
  };
  let side: Direction;
  let fen: bigint;
  let markedReversal: string | null = null;
  switch (layout.directionConvention) {
    case 'SIGNED_AMOUNT': {
      fen = amount('amount', required('amount'));
      if (fen === 0n) throw problem('amount', 'BAD_AMOUNT', 'is zero');
      // The sign is the direction itself, so there is no red ink to undo: negative is a debit.
      side = fen < 0n ? 'DEBIT' : 'CREDIT';
      fen = fen < 0n ? -fen : fen;
      break;
    }
    case 'DIRECTION_COLUMN': {
      fen = amount('amount', required('amount'));
      if (fen === 0n) throw problem('amount', 'BAD_AMOUNT', 'is zero');
      const marker = required('direction');
      if (layout.creditReversalMarkers.some((m) => markerKey(m) === markerKey(marker))) {
        // the layout's 冲正 marker: the credit's money goes back out
        side = 'DEBIT';
        markedReversal = marker;
      } else if (layout.creditMarkers.some((m) => markerKey(m) === markerKey(marker))) side = 'CREDIT';
      else if (layout.debitMarkers.some((m) => markerKey(m) === markerKey(marker))) side = 'DEBIT';
      else {
        throw problem(
          'direction',
          'BAD_DIRECTION',
          `${q(marker)} is neither a credit marker (${layout.creditMarkers.join(', ')}) nor a debit marker (${layout.debitMarkers.join(', ')})`,
        );
      }
      break;
    }
    case 'SEPARATE_COLUMNS': {
      const credit = cell('creditAmount')!;
      const debit = cell('debitAmount')!;
      const both = `line ${record.line}, columns ${positions.creditAmount! + 1} (creditAmount) and ${positions.debitAmount! + 1} (debitAmount)`;
      const creditFen = isZeroOrEmpty(credit) ? null : amount('creditAmount', credit);
      const debitFen = isZeroOrEmpty(debit) ? null : amount('debitAmount', debit);
      if (creditFen !== null && debitFen !== null) {
        throw new RowProblem(
          'AMBIGUOUS_AMOUNT',
          `${both}: both hold an amount (${q(credit)}, ${q(debit)}); one must be empty`,
        );
      }
      if (creditFen === null && debitFen === null) {
        throw new RowProblem('MISSING_AMOUNT', `${both}: neither holds an amount`);
      }
      side = creditFen !== null ? 'CREDIT' : 'DEBIT';
      fen = (creditFen ?? debitFen)!;
      break;
    }
  }
  // With a direction stated apart from the amount, a negative amount is a red-ink (红字) reversal:
  // booked on the original's side, so the money moved the other way (as for the 银企直连 formats).
  const redInk = fen < 0n;
  if (redInk) {
    fen = -fen;
    side = side === 'CREDIT' ? 'DEBIT' : 'CREDIT';
  }
  const reversal = redInk || markedReversal !== null;

  const currency = cell('currency');
  if (currency && !CNY.has(currency.toUpperCase())) {
    throw problem(
      'currency',
      'CURRENCY_NOT_CNY',
      `${q(currency)} is not CNY; only CNY counts as labour cost`,
    );
  }

  const text = (field: 'counterpartyName' | 'counterpartyAccount' | 'memo'): string | null => {
    const v = cell(field);
    if (!v) return null;
    if (v.length > MAX_TEXT)
      throw problem(field, 'FIELD_TOO_LONG', `is ${v.length} characters, at most ${MAX_TEXT}`);
    return v;
  };
  const counterpartyName = text('counterpartyName');
  const counterpartyAccount = text('counterpartyAccount');
  const memo = text('memo');

  const ref = cell('bankEventId');
  const key = ref
    ? refKey(ref, accountNo)
    : // documented in README.md: the fields that together tell two bookings apart, as received
      fingerprint([
        accountNo,
        bookedAt.toISOString(),
        side,
        fen.toString(),
        balanceKey(cell('balance')),
        counterpartyAccount,
        counterpartyName,
        memo,
      ]);
  const safeMemo = neutraliseFormula(memo);
  return {
    bankEventId: `csv:${accountNo}:${key}${reversal && ref ? ':rev' : ''}`,
    accountNo,
    // red ink on the credit side, or the layout's 冲正 marker, takes a credit back: CREDIT_REVERSAL
    // (event-ids.ts reversalType)
    type: reversal ? reversalType(side) : side,
    amountFen: fen,
    bookedAt,
    counterpartyName: neutraliseFormula(counterpartyName),
    counterpartyAccount: neutraliseFormula(counterpartyAccount),
    memo: reversal ? reversalMemo(safeMemo, reversalDetail(redInk, markedReversal)) : safeMemo,
    raw: { line: record.line, cells: record.cells },
  };

  /** fen when the balance reads as an amount, so "1,234.00" and "1234.00" key alike; else the text */
  function balanceKey(text: string | null): string | null {
    if (!text) return null;
    try {
      return `${csvAmountToFen(text, unit, layout.thousandsSeparators)}`;
    } catch (err) {
      if (err instanceof BadAmount) return text;
      throw err;
    }
  }

  function readBookedAt(): Date {
    const date = required('bookedAt');
    const d = dateFormat.read(date);
    if (!d)
      throw problem('bookedAt', 'INVALID_BOOKED_AT', `${q(date)} is not a date written ${layout.dateFormat}`);
    let t = {};
    const time = cell('bookedTime');
    if (timeFormat && time) {
      const read = timeFormat.read(time);
      if (!read)
        throw problem(
          'bookedTime',
          'INVALID_BOOKED_AT',
          `${q(time)} is not a time written ${layout.timeFormat}`,
        );
      t = read;
    }
    const p = { hour: 0, minute: 0, second: 0, ...d, ...t };
    try {
      return shanghaiInstant(p.year!, p.month!, p.day!, p.hour, p.minute, p.second);
    } catch (err) {
      if (!(err instanceof BadDate)) throw err;
      const dayOk = validDay(p.year!, p.month!, p.day!);
      if (dayOk && timeFormat && time)
        throw problem('bookedTime', 'INVALID_BOOKED_AT', `${q(time)} is not a real time`);
      throw problem(
        'bookedAt',
        'INVALID_BOOKED_AT',
        `${q(date)} is not a real ${dayOk ? 'date and time' : 'date'}`,
      );
    }
  }
}
