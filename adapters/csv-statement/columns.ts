import { DocumentRejected } from '../bank-adapter';
import { CSV_FIELDS, type CsvField, type CsvLayout } from './layout';
import type { CsvRecord } from './reader';

/**
 * Where each layout field is in this file (0-based), and how many columns a line must have:
 * the header's named columns, or — without a header — what most data lines have. A layout that
 * names a column the header lacks, or reads past the last column, does not fit the file and
 * refuses the document.
 */
export interface FileColumns {
  positions: Partial<Record<CsvField, number>>;
  width: number;
  /** for messages: "the header on line 3 has 8 columns" */
  widthSource: string;
}

export function resolveColumns(layout: CsvLayout, header: CsvRecord | null, data: CsvRecord[]): FileColumns {
  const names = header ? withoutTrailingEmpty(header.cells.map(headerName)) : [];
  const width = header ? names.length : mostCommonWidth(data);
  const columns = `${width} column${width === 1 ? '' : 's'}`;
  const widthSource = header
    ? `the header on line ${header.line} has ${columns}`
    : `most of the file's lines have ${columns}`;
  const positions: Partial<Record<CsvField, number>> = {};
  const holder = new Map<number, CsvField>();
  for (const field of CSV_FIELDS) {
    const ref = layout.columns[field];
    if (!ref) continue;
    let position: number;
    if (ref.index !== undefined) {
      if (ref.index > width) {
        throw new DocumentRejected(
          `the layout reads column ${ref.index} (${field}), but ${widthSource}` +
            (width === 1 ? `; is the delimiter ${describeDelimiter(layout.delimiter)} right?` : ''),
          'CSV_COLUMN_COUNT',
        );
      }
      position = ref.index - 1;
    } else {
      position = findHeader(names, ref.header, field, header!);
    }
    const other = holder.get(position);
    if (other) {
      throw new DocumentRejected(
        `line ${header?.line ?? '?'}: ${other} and ${field} both read column ${position + 1}`,
        'CSV_HEADER_MISMATCH',
      );
    }
    holder.set(position, field);
    positions[field] = position;
  }
  return { positions, width, widthSource };
}

/** A line fits when it has the expected columns, or more of which the extra ones are empty (a trailing delimiter). */
export function fits(record: CsvRecord, width: number): boolean {
  const n = record.cells.length;
  return n === width || (n > width && record.cells.slice(width).every((c) => c.trim() === ''));
}

export const describeDelimiter = (d: string): string => (d === '\t' ? 'tab' : `"${d}"`);

const headerName = (cell: string): string => cell.replace(/^\uFEFF/, '').trim();

function findHeader(names: string[], wanted: string, field: CsvField, header: CsvRecord): number {
  const key = wanted.toLowerCase();
  const found = names.flatMap((n, i) => (n.toLowerCase() === key ? [i] : []));
  if (found.length === 1) return found[0];
  const message =
    found.length === 0
      ? `no column named "${wanted}" (${field}); the header has: ${listNames(names)}`
      : `the header names "${wanted}" (${field}) ${found.length} times (columns ${found.map((i) => i + 1).join(', ')}); use index instead`;
  throw new DocumentRejected(`line ${header.line} (header): ${message}`, 'CSV_HEADER_MISMATCH');
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 30).map((n) => `"${n}"`);
  return names.length > 30 ? `${shown.join(', ')}, …` : shown.join(', ') || '(nothing)';
}

function withoutTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 1 && cells[end - 1] === '') end -= 1;
  return cells.slice(0, end);
}

/** The column count most data lines have; ties go to the wider, so no column the data has is cut off. */
function mostCommonWidth(data: CsvRecord[]): number {
  const counts = new Map<number, number>();
  for (const r of data) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of counts) {
    if (count > bestCount || (count === bestCount && width > best)) [best, bestCount] = [width, count];
  }
  return best;
}
