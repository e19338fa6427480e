import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../../auth/scope';
import { ListingThreshold } from '../../entities/listing-threshold.entity';
import { validateThresholds, type ListingThresholds } from '../../domain/listing-test';
import type { ServiceContext } from '../context';
import { now as clockNow } from '../../clock';

/** The amount test's thresholds as stored (seeded with Liaoning's by the migration). */
export async function loadThresholds(em: EntityManager): Promise<ListingThresholds> {
  const rows = await em.find(ListingThreshold, {});
  const one = rows.find((r) => r.rule === 'ONE_WORKER');
  const many = rows.find((r) => r.rule === 'MANY_WORKERS');
  if (!one || !many) throw new Error('listing_threshold must hold ONE_WORKER and MANY_WORKERS'); // migration seeds both
  return {
    oneWorker: { minMonths: one.minMonths, minAmountFen: one.minAmountFen },
    manyWorkers: { minWorkers: many.minWorkers, minTotalFen: many.minAmountFen },
  };
}

export async function listThresholdRows(ctx: ServiceContext): Promise<ListingThreshold[]> {
  return ctx.em.find(ListingThreshold, {}, { orderBy: { rule: 'desc' } });
}

/**
 * City HRSS sets the province's amounts (within the national ranges); the counts, 3 months and
 * 10 workers, are the interpretation's own. Decisions taken from then on use the new amounts;
 * each entry keeps the finding it was decided on.
 */
export async function setThresholds(
  ctx: ServiceContext,
  input: { oneWorkerMinAmountFen: bigint; manyWorkersMinTotalFen: bigint },
): Promise<ListingThreshold[]> {
  assertCityHrss(ctx.caller, 'set the listing thresholds');
  const current = await loadThresholds(ctx.em);
  validateThresholds({
    oneWorker: { ...current.oneWorker, minAmountFen: input.oneWorkerMinAmountFen },
    manyWorkers: { ...current.manyWorkers, minTotalFen: input.manyWorkersMinTotalFen },
  });
  const rows = await ctx.em.find(ListingThreshold, {});
  for (const row of rows) {
    row.minAmountFen = row.rule === 'ONE_WORKER' ? input.oneWorkerMinAmountFen : input.manyWorkersMinTotalFen;
    row.updatedAt = clockNow();
    row.updatedBy = ctx.caller.sub;
  }
  await ctx.em.flush();
  return rows.sort((a, b) => (a.rule < b.rule ? 1 : -1));
}
