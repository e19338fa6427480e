import type { Caller } from '../../auth/caller';
import { limitLiteral, sql } from '../../db/sql';
import type { WarningGrade, WarningReason } from '../../domain/warnings';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceContext } from '../context';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from '../pagination';
import { warningScopeSql } from './scope';

export interface WarningView {
  id: string;
  subjectKind: 'PROJECT' | 'ENTERPRISE';
  subjectId: string;
  grade: WarningGrade;
  reasons: WarningReason[];
  districts: string[];
  authorities: string[];
  openedOn: string;
  evaluatedOn: string;
  acknowledgeBy: string;
  deadlineProvisional: boolean;
  escalatedOn: string | null;
  escalatedTo: string[];
  closedOn: string | null;
  closeReason: string | null;
  urges: { by: string; at: string; note: string }[];
  recipients: { recipient: string; acknowledgedAt: string | null; acknowledgedBy: string | null }[];
  createdAt: Date;
}

const d = (col: string) => `to_char(${col}, 'YYYY-MM-DD')`;
export const WARNING_COLUMNS = `w.id, w.subject_kind as "subjectKind", w.subject_id as "subjectId", w.grade, w.reasons,
  w.districts, w.authorities, ${d('w.opened_on')} as "openedOn", ${d('w.evaluated_on')} as "evaluatedOn",
  ${d('w.acknowledge_by')} as "acknowledgeBy", w.deadline_provisional as "deadlineProvisional",
  ${d('w.escalated_on')} as "escalatedOn", w.escalated_to as "escalatedTo", ${d('w.closed_on')} as "closedOn",
  w.close_reason as "closeReason", w.urges, w.created_at as "createdAt",
  coalesce((select json_agg(json_build_object('recipient', r.recipient, 'acknowledgedAt', r.acknowledged_at,
            'acknowledgedBy', r.acknowledged_by) order by r.recipient)
              from warning_recipient r where r.warning_id = w.id), '[]') as recipients`;

export interface WarningFilter {
  grade?: WarningGrade | null;
  districtCode?: string | null;
  acknowledged?: boolean | null;
  escalated?: boolean | null;
  open?: boolean | null;
  subjectKind?: 'PROJECT' | 'ENTERPRISE' | null;
}

function filterSql(f: WarningFilter | null | undefined): { parts: string[]; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f?.grade) {
    parts.push('w.grade = ?');
    params.push(f.grade);
  }
  if (f?.subjectKind) {
    parts.push('w.subject_kind = ?');
    params.push(f.subjectKind);
  }
  if (f?.districtCode) {
    parts.push('? = any(w.districts)');
    params.push(f.districtCode);
  }
  if (f?.open === true) parts.push('w.closed_on is null');
  if (f?.open === false) parts.push('w.closed_on is not null');
  if (f?.escalated === true) parts.push('w.escalated_on is not null');
  if (f?.escalated === false) parts.push('w.escalated_on is null');
  const unacked = `exists (select 1 from warning_recipient r where r.warning_id = w.id and r.acknowledged_at is null)`;
  if (f?.acknowledged === true) parts.push(`not ${unacked}`);
  if (f?.acknowledged === false) parts.push(unacked);
  return { parts, params };
}

/** `warnings(filter, first, after)`: the newest first, history included (filter `open` for the open only). */
export async function listWarnings(
  ctx: ServiceContext,
  filter: WarningFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<WarningView>> {
  const size = pageSize(first);
  const cursor = decodeInstantIdCursor(after);
  const scope = warningScopeSql(ctx.caller, 'w');
  const cursorOf = (w: WarningView) => encodeCursor([new Date(w.createdAt).toISOString(), w.id]);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const { parts, params } = filterSql(filter);
  const where = [scope.sql, ...parts].join(' and ');
  const [rows, [count]] = await Promise.all([
    sql<WarningView>(
      ctx.em,
      `select ${WARNING_COLUMNS} from warning w where ${where}
         ${cursor ? 'and (w.created_at, w.id) < (?::timestamptz, ?::uuid)' : ''}
       order by w.created_at desc, w.id desc limit ${limitLiteral(size + 1)}`,
      [...scope.params, ...params, ...(cursor ? [cursor[0], cursor[1]] : [])],
    ),
    sql<{ n: number }>(ctx.em, `select count(*)::int as n from warning w where ${where}`, [
      ...scope.params,
      ...params,
    ]),
  ]);
  return { nodes: rows.slice(0, size), cursorOf, totalCount: count?.n ?? 0, hasNextPage: rows.length > size };
}

/** The open warning of each subject, in scope (null otherwise): one statement per page of subjects. */
export async function openWarningsOf(
  em: EntityManager,
  caller: Caller,
  kind: 'PROJECT' | 'ENTERPRISE',
  ids: readonly string[],
): Promise<(WarningView | null)[]> {
  const scope = warningScopeSql(caller, 'w');
  if (!scope || ids.length === 0) return ids.map(() => null);
  const rows = await sql<WarningView>(
    em,
    `select ${WARNING_COLUMNS} from warning w
      where w.closed_on is null and w.subject_kind = ? and w.subject_id = any(?::uuid[]) and ${scope.sql}`,
    [kind, [...ids], ...scope.params],
  );
  const bySubject = new Map(rows.map((r) => [r.subjectId, r]));
  return ids.map((id) => bySubject.get(id) ?? null);
}

export async function findWarning(
  ctx: ServiceContext,
  id: string,
  lock = false,
): Promise<WarningView | null> {
  const scope = warningScopeSql(ctx.caller, 'w');
  if (!scope) return null;
  const [row] = await sql<WarningView>(
    ctx.em,
    `select ${WARNING_COLUMNS} from warning w where w.id = ?::uuid and ${scope.sql} ${lock ? 'for update of w' : ''}`,
    [id, ...scope.params],
  );
  return row ?? null;
}
