/**
 * City HRSS's register of trusted documents beside the release manifest: an agency's vendor sends
 * its operations, city HRSS registers each, and the agency's system sends the id it gets back.
 */
import type { GraphQLSchema } from 'graphql';
import { assertCityHrss } from '../auth/scope';
import { now } from '../clock';
import { limitLiteral, sql } from '../db/sql';
import { badInput, conflict, notFound } from '../domain/errors';
import {
  canonicalDocument,
  DocumentProblem,
  loadReleaseManifest,
  parseDocumentId,
  sha256Hex,
  type TrustedDocument,
} from '../trusted-documents/documents';
import type { ServiceContext } from './context';
import { decodeCursor, encodeCursor, pageSize, type Page } from './pagination';

export interface TrustedDocumentRecord extends TrustedDocument {
  note: string | null;
  registeredBy: string | null;
  registeredAt: Date | null;
  retiredAt: Date | null;
}

let release: Map<string, TrustedDocument> | null = null;
const releaseDocuments = () => (release ??= new Map(loadReleaseManifest().map((d) => [d.id, d])));

const COLUMNS = `id, name, type, body, note, registered_by as "registeredBy", registered_at as "registeredAt",
  retired_at as "retiredAt"`;
// raw SQL answers timestamps as text
const asDate = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const registered = (row: Omit<TrustedDocumentRecord, 'source'>): TrustedDocumentRecord => ({
  ...row,
  registeredAt: asDate(row.registeredAt),
  retiredAt: asDate(row.retiredAt),
  source: 'REGISTERED',
});
const released = (doc: TrustedDocument): TrustedDocumentRecord => ({
  ...doc,
  note: null,
  registeredBy: null,
  registeredAt: null,
  retiredAt: null,
});

export async function registerTrustedDocument(
  ctx: ServiceContext,
  schema: GraphQLSchema,
  input: { body: string; note?: string | null },
): Promise<TrustedDocumentRecord> {
  assertCityHrss(ctx.caller, 'register trusted documents');
  let canonical: ReturnType<typeof canonicalDocument>;
  try {
    canonical = canonicalDocument(input.body, schema);
  } catch (err) {
    if (err instanceof DocumentProblem) throw badInput('body', err.message);
    throw err;
  }
  const id = sha256Hex(canonical.body);
  const inRelease = releaseDocuments().get(id);
  if (inRelease)
    throw conflict(`the hub's release already trusts this document, as ${inRelease.name}`, 'body');
  const [row] = await sql<Omit<TrustedDocumentRecord, 'source'>>(
    ctx.em,
    `insert into trusted_document (id, name, type, body, note, registered_by, registered_at)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (id) do update set retired_at = null, retired_by = null, note = coalesce(excluded.note, trusted_document.note)
       where trusted_document.retired_at is not null
     returning ${COLUMNS}`,
    [id, canonical.name, canonical.type, canonical.body, input.note ?? null, ctx.caller.sub, now()],
  );
  // Registered and not retired: registering it again is a mistake worth saying, not a no-op.
  if (!row) throw conflict(`this document is already registered, as sha256:${id}`, 'body');
  return registered(row);
}

export async function retireTrustedDocument(
  ctx: ServiceContext,
  rawId: string,
): Promise<TrustedDocumentRecord> {
  assertCityHrss(ctx.caller, 'retire trusted documents');
  const id = parseDocumentId(rawId);
  if (!id) throw badInput('id', 'must be "sha256:" and 64 hex digits');
  if (releaseDocuments().has(id)) {
    throw badInput(
      'id',
      "is a document of the hub's release (schema/trusted-documents); it goes with the release",
    );
  }
  const [row] = await sql<Omit<TrustedDocumentRecord, 'source'>>(
    ctx.em,
    `update trusted_document set retired_at = coalesce(retired_at, ?), retired_by = coalesce(retired_by, ?)
     where id = ? returning ${COLUMNS}`,
    [now(), ctx.caller.sub, id],
  );
  if (!row) throw notFound(`trusted document sha256:${id}`);
  return registered(row);
}

export async function findTrustedDocument(
  ctx: ServiceContext,
  rawId: string,
): Promise<TrustedDocumentRecord | null> {
  assertCityHrss(ctx.caller, 'read trusted documents');
  const id = parseDocumentId(rawId);
  if (!id) throw badInput('id', 'must be "sha256:" and 64 hex digits');
  const inRelease = releaseDocuments().get(id);
  if (inRelease) return released(inRelease);
  const [row] = await sql<Omit<TrustedDocumentRecord, 'source'>>(
    ctx.em,
    `select ${COLUMNS} from trusted_document where id = ?`,
    [id],
  );
  return row ? registered(row) : null;
}

/** The release's documents (by name), for the console and for city HRSS. */
export function releaseTrustedDocuments(): TrustedDocumentRecord[] {
  return [...releaseDocuments().values()].map(released).sort((a, b) => a.name.localeCompare(b.name));
}

/** Documents city HRSS registered, newest first (retired ones too, with retiredAt). */
export async function listRegisteredTrustedDocuments(
  ctx: ServiceContext,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<TrustedDocumentRecord>> {
  assertCityHrss(ctx.caller, 'read trusted documents');
  const limit = pageSize(first);
  const key = decodeCursor(after, 2);
  if (
    key &&
    (typeof key[0] !== 'string' || Number.isNaN(Date.parse(key[0])) || parseDocumentId(key[1]) === null)
  ) {
    throw badInput('after', 'is not a cursor this list gave out');
  }
  const rows = await sql<Omit<TrustedDocumentRecord, 'source'>>(
    ctx.em,
    `select ${COLUMNS} from trusted_document
     ${key ? 'where (registered_at, id) < (?::timestamptz, ?)' : ''}
     order by registered_at desc, id desc limit ${limitLiteral(limit + 1)}`,
    key ? [key[0], key[1]] : [],
  );
  const [{ count }] = await sql<{ count: string }>(ctx.em, `select count(*) from trusted_document`);
  return {
    nodes: rows.slice(0, limit).map(registered),
    cursorOf: (d) => encodeCursor([d.registeredAt!.toISOString(), d.id]),
    totalCount: Number(count),
    hasNextPage: rows.length > limit,
  };
}
