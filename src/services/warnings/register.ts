/**
 * The risk register (清单台账, R17): every project and employer a warning was raised on enters it
 * (one open item per subject); items are closed one by one (销号) by HRSS or the industry
 * authority in scope, with the reason, once the subject has no open warning. Closed items stay.
 */
import { isIndustryOrg } from '../../auth/caller';
import { limitLiteral, sql } from '../../db/sql';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import type { WarningGrade } from '../../domain/warnings';
import { now as clockNow, todayInShanghai } from '../../clock';
import { requiredText, type ServiceContext } from '../context';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from '../pagination';
import { callerKey, warningScopeSql } from './scope';

export interface RegisterItemView {
  id: string;
  subjectKind: 'PROJECT' | 'ENTERPRISE';
  subjectId: string;
  warningId: string;
  grade: WarningGrade;
  districts: string[];
  enteredOn: string;
  closedOn: string | null;
  closeReason: string | null;
  closedBy: string | null;
  closedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `w.id, w.subject_kind as "subjectKind", w.subject_id as "subjectId", w.warning_id as "warningId",
  w.grade, w.districts, to_char(w.entered_on, 'YYYY-MM-DD') as "enteredOn", to_char(w.closed_on, 'YYYY-MM-DD') as "closedOn",
  w.close_reason as "closeReason", w.closed_by as "closedBy", w.closed_at as "closedAt", w.created_at as "createdAt"`;

export interface RegisterFilter {
  open?: boolean | null;
  subjectKind?: 'PROJECT' | 'ENTERPRISE' | null;
  districtCode?: string | null;
  grade?: WarningGrade | null;
}

export async function listRiskRegister(
  ctx: ServiceContext,
  filter: RegisterFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<RegisterItemView>> {
  const size = pageSize(first);
  const cursor = decodeInstantIdCursor(after);
  const cursorOf = (i: RegisterItemView) => encodeCursor([new Date(i.createdAt).toISOString(), i.id]);
  const scope = warningScopeSql(ctx.caller, 'w');
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const parts = [scope.sql];
  const params = [...scope.params];
  if (filter?.open === true) parts.push('w.closed_on is null');
  if (filter?.open === false) parts.push('w.closed_on is not null');
  if (filter?.subjectKind) {
    parts.push('w.subject_kind = ?');
    params.push(filter.subjectKind);
  }
  if (filter?.districtCode) {
    parts.push('? = any(w.districts)');
    params.push(filter.districtCode);
  }
  if (filter?.grade) {
    parts.push('w.grade = ?');
    params.push(filter.grade);
  }
  const where = parts.join(' and ');
  const [rows, [count]] = await Promise.all([
    sql<RegisterItemView>(
      ctx.em,
      `select ${COLUMNS} from risk_register_item w where ${where}
         ${cursor ? 'and (w.created_at, w.id) < (?::timestamptz, ?::uuid)' : ''}
       order by w.created_at desc, w.id desc limit ${limitLiteral(size + 1)}`,
      [...params, ...(cursor ? [cursor[0], cursor[1]] : [])],
    ),
    sql<{ n: number }>(ctx.em, `select count(*)::int as n from risk_register_item w where ${where}`, params),
  ]);
  return { nodes: rows.slice(0, size), cursorOf, totalCount: count?.n ?? 0, hasNextPage: rows.length > size };
}

/** 销号: HRSS or the industry authority in scope closes an item, with the reason; kept as closed. */
export async function closeRiskRegisterItem(
  ctx: ServiceContext,
  itemId: string,
  reasonInput: string,
): Promise<RegisterItemView> {
  if (!isUuid(itemId)) throw badInput('itemId', 'is not an id');
  const reason = requiredText(reasonInput, 'reason', 500);
  if (ctx.caller.org !== 'HRSS' && !isIndustryOrg(ctx.caller.org))
    throw forbidden('only HRSS and the industry authorities close risk register items');
  const scope = warningScopeSql(ctx.caller, 'w')!;
  const [item] = await sql<RegisterItemView>(
    ctx.em,
    `select ${COLUMNS} from risk_register_item w where w.id = ?::uuid and ${scope.sql} for update of w`,
    [itemId, ...scope.params],
  );
  if (!item) throw notFound(`risk register item ${itemId}`);
  if (item.closedOn) throw conflict(`risk register item ${itemId} is already closed`, 'itemId');
  const [open] = await sql<{ id: string; grade: string }>(
    ctx.em,
    `select id, grade from warning where subject_kind = ? and subject_id = ?::uuid and closed_on is null`,
    [item.subjectKind, item.subjectId],
  );
  if (open)
    throw conflict(
      `the ${item.subjectKind.toLowerCase()} still has an open ${open.grade} warning (${open.id}): an item is closed once the facts are put right`,
      'itemId',
    );
  const [closed] = await sql<RegisterItemView>(
    ctx.em,
    `update risk_register_item w set closed_on = ?::date, close_reason = ?, closed_by = ?, closed_at = ?::timestamptz
      where w.id = ?::uuid returning ${COLUMNS}`,
    [todayInShanghai(), reason, `${callerKey(ctx.caller)}:${ctx.caller.sub}`, clockNow(), itemId],
  );
  return closed!;
}
