import { sql } from '../../db/sql';
import type { ServiceContext } from '../context';
import {
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
