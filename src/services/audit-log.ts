/**
 * The audit log (append-only; see its migration): written after each mutation and each answer that
 * carried personal data, read by city HRSS, purged past AUDIT_RETENTION_DAYS by the daily job.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import { assertCityHrss } from '../auth/scope';
import { limitLiteral, sql } from '../db/sql';
import { assertIsoDate } from '../domain/dates';
import type { ServiceContext } from './context';
import { decodeCursor, encodeCursor, pageSize, type Page } from './pagination';

export type AuditKind = 'MUTATION' | 'PERSONAL_DATA_READ';

export interface AuditRecord {
  kind: AuditKind;
  caller: Caller;
  /** the bearer token as sent: only a short hash of it is kept, to tell one token from another */
  token: string;
  operationName: string | null;
  objectIds: string[];
  outcome: string;
  requestId: string | null;
  at: Date;
}

export interface AuditEntry {
  id: string;
  at: Date;
  kind: AuditKind;
  sub: string;
  org: string;
  district: string;
  bank: string | null;
  uscc: string | null;
  tokenHash: string;
  operationName: string | null;
  objectIds: string[];
  outcome: string;
  requestId: string | null;
}

export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex').slice(0, 16);

export async function recordAudit(em: EntityManager, r: AuditRecord): Promise<void> {
  await sql(
    em,
    `insert into audit_entry (at, kind, sub, org, district, bank, uscc, token_hash, operation_name, object_ids, outcome, request_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?)`,
    [
      r.at,
      r.kind,
      r.caller.sub,
      r.caller.org,
      r.caller.district,
      r.caller.bank ?? null,
      r.caller.uscc ?? null,
      tokenHash(r.token),
      r.operationName?.slice(0, 200) ?? null,
      r.objectIds.slice(0, 20),
      r.outcome.slice(0, 40),
      r.requestId,
    ],
  );
}

export interface AuditFilter {
  sub?: string | null;
  org?: string | null;
  kind?: AuditKind | null;
  operationName?: string | null;
  /** Shanghai dates, inclusive */
  from?: string | null;
  to?: string | null;
}

const COLUMNS = `id::text, at, kind, sub, org, district, bank, uscc, token_hash as "tokenHash",
  operation_name as "operationName", object_ids as "objectIds", outcome, request_id as "requestId"`;

/** Newest first; totalCount only when the caller asks for it (the log is the hub's largest list). */
export async function listAudit(
  ctx: ServiceContext,
  filter: AuditFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<AuditEntry> & { countTotal: () => Promise<number> }> {
  assertCityHrss(ctx.caller, 'read the audit log');
  const limit = pageSize(first);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (filter?.sub) add('sub = ?', filter.sub);
  if (filter?.org) add('org = ?', filter.org);
  if (filter?.kind) add('kind = ?', filter.kind);
  if (filter?.operationName) add('operation_name = ?', filter.operationName);
  if (filter?.from) {
    assertIsoDate(filter.from, 'filter.from');
    add(`at >= (?::date)::timestamp at time zone 'Asia/Shanghai'`, filter.from);
  }
  if (filter?.to) {
    assertIsoDate(filter.to, 'filter.to');
    add(`at < (?::date + 1)::timestamp at time zone 'Asia/Shanghai'`, filter.to);
  }
  const filtered = [...where];
  const filteredParams = [...params];
  const key = decodeCursor(after, 2);
  if (key) {
    where.push('(at, id) < (?::timestamptz, ?::bigint)');
    params.push(String(key[0]), String(key[1]));
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const rows = await sql<AuditEntry>(
    ctx.em,
    `select ${COLUMNS} from audit_entry ${clause} order by at desc, id desc limit ${limitLiteral(limit + 1)}`,
    params,
  );
  return {
    // raw SQL answers timestamps as text here (MikroORM's type parsers)
    nodes: rows.slice(0, limit).map((r) => ({ ...r, at: new Date(r.at) })),
    cursorOf: (e) => encodeCursor([e.at.toISOString(), e.id]),
    totalCount: -1,
    hasNextPage: rows.length > limit,
    countTotal: async () => {
      const c = await sql<{ n: string }>(
        ctx.em,
        `select count(*)::text as n from audit_entry ${filtered.length ? `where ${filtered.join(' and ')}` : ''}`,
        filteredParams,
      );
      return Number(c[0].n);
    },
  };
}

/** Removes entries older than `retentionDays` before `now`; the only delete the table allows. */
export async function purgeAudit(em: EntityManager, now: Date, retentionDays: number): Promise<number> {
  return em.transactional(async (tx) => {
    await sql(tx as EntityManager, `select set_config('wagewatch.audit_purge', 'on', true)`);
    const gone = await sql<{ n: string }>(
      tx as EntityManager,
      `with gone as (delete from audit_entry where at < ?::timestamptz - make_interval(days => ?) returning 1)
       select count(*)::text as n from gone`,
      [now, retentionDays],
    );
    return Number(gone[0].n);
  });
}
