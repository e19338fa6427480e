import type { EntityClass, FilterQuery, FindOptions } from '@mikro-orm/core';
import { WageCaseLine, WageCasePayment, WageCaseTransition } from '../../entities';
import type { ServiceContext } from '../context';

/**
 * A case's history, lines and payments for every case of a page in one read each. The cases are
 * ones the caller already sees (they come from its scoped list or look-up).
 */
async function rowsOfCases<T extends { wageCase: { id: string } }>(
  ctx: ServiceContext,
  entity: EntityClass<T>,
  orderBy: FindOptions<T>['orderBy'],
  caseIds: readonly string[],
): Promise<T[][]> {
  const rows = await ctx.em.find(
    entity,
    { wageCase: { $in: [...new Set(caseIds)] } } as FilterQuery<T>,
    {
      orderBy,
    } as FindOptions<T>,
  );
  const byCase = new Map<string, T[]>();
  for (const row of rows) byCase.set(row.wageCase.id, [...(byCase.get(row.wageCase.id) ?? []), row]);
  return caseIds.map((id) => byCase.get(id) ?? []);
}

export const caseHistories = (ctx: ServiceContext, caseIds: readonly string[]) =>
  rowsOfCases(ctx, WageCaseTransition, { recordedAt: 'asc', id: 'asc' }, caseIds);

export const linesOfCases = (ctx: ServiceContext, caseIds: readonly string[]) =>
  rowsOfCases(ctx, WageCaseLine, { position: 'asc' }, caseIds);

export const paymentsOfCases = (ctx: ServiceContext, caseIds: readonly string[]) =>
  rowsOfCases(ctx, WageCasePayment, { paidOn: 'asc', recordedAt: 'asc' }, caseIds);
