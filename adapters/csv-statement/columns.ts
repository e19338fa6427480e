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
  const place = (field: CsvField, position: number) => {
    const other = holder.get(position);
    if (other) {
      throw new DocumentRejected(
        `line ${header?.line ?? '?'}: ${other} and ${field} both read column ${position + 1}`,
        'CSV_HEADER_MISMATCH',
      );
    }
    holder.set(position, field);
    positions[field] = position;
  };
  const refs = CSV_FIELDS.flatMap((field) => {
    const ref = layout.columns[field];
    return ref ? [{ field, ref }] : [];
  });
  // Named columns first: a header that lacks them says more about the misfit than a width does.
  const missing: string[] = [];
  for (const { field, ref } of refs) {
    if (ref.header === undefined) continue;
    const found = findHeader(names, ref.header, field, header!);
    if (found === null) missing.push(`"${ref.header}" (${field})`);
    else place(field, found);
  }
  if (missing.length) {
    throw new DocumentRejected(
      `line ${header!.line} (header): no column named ${missing.join(', ')}; the header has: ${listNames(names)}`,
      'CSV_HEADER_MISMATCH',
    );
  }
  for (const { field, ref } of refs) {
    if (ref.index === undefined) continue;
    if (ref.index > width) {
      throw new DocumentRejected(
        `the layout reads column ${ref.index} (${field}), but ${widthSource}` +
          (width === 1 ? `; is the delimiter ${describeDelimiter(layout.delimiter)} right?` : ''),
        'CSV_COLUMN_COUNT',
      );
    }
    place(field, ref.index - 1);
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

/** the named column's position, null when the header lacks it; refuses a name the header has twice */
function findHeader(names: string[], wanted: string, field: CsvField, header: CsvRecord): number | null {
  const key = wanted.toLowerCase();
  const found = names.flatMap((n, i) => (n.toLowerCase() === key ? [i] : []));
  if (found.length <= 1) return found[0] ?? null;
  throw new DocumentRejected(
    `line ${header.line} (header): the header names "${wanted}" (${field}) ${found.length} times ` +
      `(columns ${found.map((i) => i + 1).join(', ')}); use index instead`,
    'CSV_HEADER_MISMATCH',
  );
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

/**
 * The column count most data lines have. Ties go to the narrower: a wider line still fits it
 * when its extra cells are empty (a trailing delimiter), a narrower one never fits the wider.
 */
function mostCommonWidth(data: CsvRecord[]): number {
  const counts = new Map<number, number>();
  for (const r of data) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of counts) {
    if (count > bestCount || (count === bestCount && width < best)) [best, bestCount] = [width, count];
  }
  return best;
}
