import { sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import { caseScopeSql } from '../../auth/scope-sql';
import type { CaseView } from '../views/views';
import {
  CASE_COLUMNS,
  CASE_FROM,
  caseOf,
  CASE_LINE_COLUMNS,
  CASE_PAYMENT_COLUMNS,
  CASE_STEP_COLUMNS,
  caseLineOf,
  casePaymentOf,
  caseStepOf,
  type Row,
} from '../views/rows';

/**
 * A case's history, lines and payments for every case of a page in one read each, as views. The
 * cases are ones the caller already sees (they come from its scoped list or look-up).
 */
async function rowsOfCases<T extends { wageCase: { id: string } }>(
  ctx: ServiceContext,
  from: string,
  columns: string,
  orderBy: string,
  map: (row: Row) => T,
  caseIds: readonly string[],
): Promise<T[][]> {
  const rows = await sql(
    ctx.em,
    `select ${columns} from ${from} where case_id = any(?::uuid[]) order by ${orderBy}`,
    [[...new Set(caseIds)]],
  );
  const byCase = new Map<string, T[]>();
  for (const row of rows.map(map)) byCase.set(row.wageCase.id, [...(byCase.get(row.wageCase.id) ?? []), row]);
  return caseIds.map((id) => byCase.get(id) ?? []);
}

export const caseHistories = (ctx: ServiceContext, caseIds: readonly string[]) =>
  rowsOfCases(ctx, 'wage_case_transition', CASE_STEP_COLUMNS, 'recorded_at, id', caseStepOf, caseIds);

export const linesOfCases = (ctx: ServiceContext, caseIds: readonly string[]) =>
  rowsOfCases(ctx, 'wage_case_line', CASE_LINE_COLUMNS, 'position', caseLineOf, caseIds);

export const paymentsOfCases = (ctx: ServiceContext, caseIds: readonly string[]) =>
  rowsOfCases(ctx, 'wage_case_payment', CASE_PAYMENT_COLUMNS, 'paid_on, recorded_at', casePaymentOf, caseIds);

/** Cases by id, as views, those out of the caller's scope null: for fields that link a case (a clue's). */
export async function casesByIds(ctx: ServiceContext, ids: readonly string[]): Promise<(CaseView | null)[]> {
  const scope = caseScopeSql(ctx.caller, 'w');
  if (!scope) return ids.map(() => null);
  const rows = await sql(
    ctx.em,
    `select ${CASE_COLUMNS} from ${CASE_FROM} where w.id = any(?::uuid[]) and ${scope.sql}`,
    [[...new Set(ids)], ...scope.params],
  );
  const byId = new Map(rows.map(caseOf).map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id) ?? null);
}
