import { DocumentRejected } from '../bank-adapter';

/**
 * A small RFC 4180 reader: fields separated by the layout's delimiter, records by CRLF, LF or a
 * lone CR; a field in double quotes may hold delimiters, line breaks and `""` for a quote. Each
 * record remembers the physical line it starts on, so every message can name it. Lenient where
 * no data is at risk (a quote inside an unquoted field is literal, as spreadsheet exports write
 * it); strict where the record boundaries themselves are in doubt (an unclosed quote, text after
 * a closing quote), which refuses the document as MALFORMED_CSV naming line and column.
 */
export interface CsvRecord {
  /** 1-based physical line of the file on which the record starts */
  line: number;
  cells: string[];
  /** the physical line each cell starts on (later than `line` after a quoted line break) */
  cellLines: number[];
}

const BREAK = /\r\n|\n|\r/g;

/**
 * The part of the file that holds header and data: without the layout's `skipLines` leading
 * lines, trailing blank lines, and the `skipFooterLines` lines before them.
 */
export function statementBody(
  text: string,
  skipLines: number,
  skipFooterLines: number,
): { body: string; firstLine: number } {
  const starts = [0];
  const ends: number[] = [];
  for (const m of text.matchAll(BREAK)) {
    ends.push(m.index);
    starts.push(m.index + m[0].length);
  }
  ends.push(text.length);
  let last = starts.length - 1;
  while (last >= skipLines && text.slice(starts[last], ends[last]).trim() === '') last -= 1;
  last -= skipFooterLines;
  if (last < skipLines) return { body: '', firstLine: skipLines + 1 };
  return { body: text.slice(starts[skipLines], ends[last]), firstLine: skipLines + 1 };
}

export function readRecords(text: string, delimiter: string, firstLine: number): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = firstLine;
  while (i < n) {
    const record: CsvRecord = { line, cells: [], cellLines: [] };
    for (;;) {
      const column = record.cells.length + 1;
      record.cellLines.push(line);
      if (text[i] === '"') {
        const opened = line;
        let cell = '';
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            throw new DocumentRejected(
              `line ${opened}, column ${column}: the quoted field opened here is never closed`,
              'MALFORMED_CSV',
            );
          }
          line += breaksIn(text, i, q);
          if (text[q + 1] === '"') {
            cell += text.slice(from, q + 1);
            i = from = q + 2;
            continue;
          }
          cell += text.slice(from, q);
          i = q + 1;
          break;
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          throw new DocumentRejected(
            `line ${line}, column ${column}: text after the closing quote (write "" for a quote inside a quoted field)`,
            'MALFORMED_CSV',
          );
        }
        record.cells.push(cell);
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j += 1;
        record.cells.push(text.slice(i, j));
        i = j;
      }
      if (i < n && text[i] === delimiter) {
        i += 1;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i += text[i + 1] === '\n' ? 2 : 1;
    else if (text[i] === '\n') i += 1;
    line += 1;
    records.push(record);
  }
  return records;
}

/** A record with nothing in it (an empty line, or only delimiters): not a row at all. */
export const isBlank = (record: CsvRecord): boolean => record.cells.every((c) => c.trim() === '');

function breaksIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k += 1) {
    const c = text[k];
    if (c === '\n' || (c === '\r' && text[k + 1] !== '\n')) count += 1;
  }
  return count;
}
