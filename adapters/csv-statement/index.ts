import type { AccountEvent, RejectedEvent } from '../../src/domain/account-event';
import {
  DocumentRejected,
  type AdapterResult,
  type BankAdapter,
  type BankProfileOptions,
} from '../bank-adapter';
import { uniqueInDocument } from '../xml/event-ids';
import { describeDelimiter, fits, resolveColumns } from './columns';
import { compileDateFormat } from './date-format';
import { decodeCsv } from './decode';
import { CsvLayoutError, validateCsvLayout, type CsvLayout } from './layout';
import { isBlank, readRecords, statementBody } from './reader';
import { readRow } from './row';

export { CsvLayoutError, validateCsvLayout, type CsvLayout } from './layout';

/** The most data lines one statement may have (a 10 MB push holds about this many). */
export const MAX_CSV_ROWS = 100_000;

/**
 * `text/csv`: a bank's statement file, read with the column layout city HRSS registered for
 * that bank (`adapterOptions.csvLayout`, see layout.ts and README "CSV statements").
 *
 * What refuses the whole document (422, nothing stored), because the layout does not fit the
 * file and every row would be read wrong: no layout (CSV_LAYOUT_MISSING), a stored layout that
 * is not valid (BAD_PROFILE), bytes that are not the layout's encoding (WRONG_ENCODING), broken
 * quoting (MALFORMED_CSV), a missing header or a named column the header lacks
 * (CSV_HEADER_MISMATCH), a column past the end of the lines, or more than half of the data lines
 * with the wrong number of columns (CSV_COLUMN_COUNT), more than MAX_CSV_ROWS lines
 * (TOO_MANY_ROWS). Everything else is one line's problem: that line is rejected, with
 * `index` = its 0-based position among the data lines and a message naming line and column.
 *
 * `raw` keeps each line's cells exactly as received, formula-like text included: it is stored as
 * jsonb for audit and replay, never returned by the API and never written into a CSV or
 * spreadsheet; the fields that are (counterparty, memo) are neutralised (formula.ts).
 */
export const csvStatement: BankAdapter = {
  name: 'csv-statement',
  contentTypes: ['text/csv'],
  accepts: (doc) => doc.contentType === 'text/csv',
  parse(doc, options): AdapterResult {
    const layout = layoutOption(options, doc.bankCode);
    const text = decodeCsv(doc.body, layout.encoding, doc.charset);
    const { body, firstLine } = statementBody(text, layout.skipLines, layout.skipFooterLines);
    const data = readRecords(body, layout.delimiter, firstLine).filter((r) => !isBlank(r));
    const header = layout.hasHeader ? (data.shift() ?? null) : null;
    if (layout.hasHeader && !header) {
      throw new DocumentRejected(
        `the layout expects a header line after line ${firstLine - 1}, but the file has none`,
        'CSV_HEADER_MISMATCH',
      );
    }
    if (data.length > MAX_CSV_ROWS) {
      throw new DocumentRejected(
        `${data.length} data lines, at most ${MAX_CSV_ROWS} per push; send the statement in parts`,
        'TOO_MANY_ROWS',
      );
    }
    if (!header && data.length === 0) return { events: [], rejected: [], statements: [], eventIndexes: [] };
    const columns = resolveColumns(layout, header, data);
    const misfits = data.filter((r) => !fits(r, columns.width));
    if (misfits.length * 2 > data.length) {
      const first = misfits[0];
      throw new DocumentRejected(
        `${misfits.length} of ${data.length} data lines do not have the expected columns (${columns.widthSource}; ` +
          `line ${first.line} has ${first.cells.length}); is the delimiter ${describeDelimiter(layout.delimiter)} right?`,
        'CSV_COLUMN_COUNT',
      );
    }
    const reader = {
      layout,
      positions: columns.positions,
      dateFormat: compileDateFormat(layout.dateFormat, 'date'),
      timeFormat: layout.timeFormat ? compileDateFormat(layout.timeFormat, 'time') : null,
    };
    const events: AccountEvent[] = [];
    const eventIndexes: number[] = [];
    const rejected: RejectedEvent[] = [];
    data.forEach((record, index) => {
      if (!fits(record, columns.width)) {
        rejected.push({
          index,
          code: 'WRONG_COLUMN_COUNT',
          message: `line ${record.line}: ${record.cells.length} columns, but ${columns.widthSource}`,
        });
        return;
      }
      const r = readRow(record, index, reader);
      if ('code' in r) rejected.push(r);
      else {
        events.push(r);
        eventIndexes.push(index);
      }
    });
    return { events: uniqueInDocument(events), rejected, statements: [], eventIndexes };
  },
};

function layoutOption(options: BankProfileOptions, bankCode: string): CsvLayout {
  const stored = options.csvLayout;
  if (stored == null) {
    throw new DocumentRejected(
      `bank ${bankCode} has no CSV layout registered; city HRSS registers one with setBankCsvLayout`,
      'CSV_LAYOUT_MISSING',
    );
  }
  try {
    return validateCsvLayout(stored, 'csvLayout');
  } catch (err) {
    if (err instanceof CsvLayoutError) {
      throw new DocumentRejected(`bank ${bankCode}'s CSV layout is not valid: ${err.message}`, 'BAD_PROFILE');
    }
    throw err;
  }
}
