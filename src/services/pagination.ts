import { badInput } from '../domain/errors';

/** A Relay page as services return it; schema/ turns it into a connection. */
export interface Page<T> {
  nodes: T[];
  cursorOf: (node: T) => string;
  totalCount: number;
  hasNextPage: boolean;
}

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
