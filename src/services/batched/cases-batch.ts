import { WageCaseLine, WageCasePayment, WageCaseTransition } from '../../entities';
import type { ServiceContext } from '../context';

/**
 * A case's history, lines and payments for every case of a page in one read each. The cases are
 * ones the caller already sees (they come from its scoped list or look-up).
 */
function groupBy<T>(rows: T[], caseIdOf: (row: T) => string, caseIds: readonly string[]): T[][] {
  const byCase = new Map<string, T[]>();
  for (const row of rows) byCase.set(caseIdOf(row), [...(byCase.get(caseIdOf(row)) ?? []), row]);
  return caseIds.map((id) => byCase.get(id) ?? []);
}

export async function caseHistories(
  ctx: ServiceContext,
  caseIds: readonly string[],
): Promise<WageCaseTransition[][]> {
  const rows = await ctx.em.find(
    WageCaseTransition,
    { wageCase: { $in: [...new Set(caseIds)] } },
    { orderBy: { recordedAt: 'asc', id: 'asc' } },
  );
  return groupBy(rows, (r) => r.wageCase.id, caseIds);
}

export async function linesOfCases(
  ctx: ServiceContext,
  caseIds: readonly string[],
): Promise<WageCaseLine[][]> {
  const rows = await ctx.em.find(
    WageCaseLine,
    { wageCase: { $in: [...new Set(caseIds)] } },
    { orderBy: { position: 'asc' } },
  );
  return groupBy(rows, (r) => r.wageCase.id, caseIds);
}

export async function paymentsOfCases(
  ctx: ServiceContext,
  caseIds: readonly string[],
): Promise<WageCasePayment[][]> {
  const rows = await ctx.em.find(
    WageCasePayment,
    { wageCase: { $in: [...new Set(caseIds)] } },
    { orderBy: { paidOn: 'asc', recordedAt: 'asc' } },
  );
  return groupBy(rows, (r) => r.wageCase.id, caseIds);
}
