import { badInput } from '../domain/errors';
import { isUuid } from '../domain/uuid';

/** A Relay page as services return it; schema/ turns it into a connection. */
export interface Page<T> {
  nodes: T[];
  cursorOf: (node: T) => string;
  totalCount: number;
  hasNextPage: boolean;
}

/**
 * What a caller's answer shows of a list: its rows (and whether there are more), its total. A list
 * reads only what is wanted (a `projects(first: 1) { totalCount }` needs no row); what is not
 * wanted is answered empty.
 */
export interface ListWant {
  rows: boolean;
  total: boolean;
}
export const WANT_ALL: ListWant = { rows: true, total: true };

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 500;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE)
    throw badInput('first', `must be from 0 to ${MAX_PAGE}`);
  return first;
}

/** Keyset cursors: opaque base64url of the sort key, so pages stay stable while rows are added. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through to the error below
  }
  throw badInput('after', 'is not a cursor this list gave out');
}

/**
 * The (instant, id) key of a cursor a list ordered by creation time gave out. A cursor is opaque
 * but not signed, so a well-formed array of the wrong things is refused here, not by the database:
 * the instant must round-trip through Date#toISOString() (as the list wrote it), the id be a UUID.
 */
export function decodeInstantIdCursor(after: string | null | undefined): [Date, string] | null {
  const key = decodeCursor(after, 2);
  if (!key) return null;
  const [instant, id] = key;
  const date = typeof instant === 'string' ? new Date(instant) : null;
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    date.toISOString() !== instant ||
    typeof id !== 'string' ||
    !isUuid(id)
  ) {
    throw badInput('after', 'is not a cursor this list gave out');
  }
  return [date, id];
}
