import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';

/**
 * Bytes a push's archived body is sent to PostgreSQL in at a time: pg copies a bind parameter
 * into its message writer in one go (twice: the parameter's writer, then the message's), which
 * for a 146 MB camt.054 held the hub's thread for 0.2–0.6 s and held two more copies of the body
 * in memory meanwhile. A 4 MiB slice is about a millisecond of copying.
 */
export const ARCHIVE_SLICE_BYTES = 4 * 1024 * 1024;

/** Whether `body` is sent in slices (a large object) rather than as one bind parameter. */
export const archivedInSlices = (body: Buffer): boolean => body.length > ARCHIVE_SLICE_BYTES;

/** Where each slice starts and ends; the last may be shorter. */
export function slicesOf(length: number, slice = ARCHIVE_SLICE_BYTES): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 0; at < length; at += slice) out.push([at, Math.min(length, at + slice)]);
  return out;
}

/**
 * Writes `body` into a PostgreSQL large object, a slice a statement, in the caller's transaction,
 * and answers its oid: the archive's insert then reads it whole on the server (`lo_get(oid)`),
 * and unlinkBody drops it. Other requests run between the slices (each is a round trip). Linear:
 * appending to a bytea (`body || $1`) would rewrite the whole value at every slice.
 */
export async function bodyAsLargeObject(em: EntityManager, body: Buffer): Promise<string> {
  const [first = [0, 0], ...rest] = slicesOf(body.length);
  const [{ oid }] = await sql<{ oid: string }>(em, `select lo_from_bytea(0, ?::bytea)::text as oid`, [
    body.subarray(first[0], first[1]),
  ]);
  for (const [at, end] of rest)
    await sql(em, `select lo_put(?::oid, ?::bigint, ?::bytea)`, [oid, at, body.subarray(at, end)]);
  return oid;
}

export async function unlinkBody(em: EntityManager, oid: string): Promise<void> {
  await sql(em, `select lo_unlink(?::oid)`, [oid]);
}
