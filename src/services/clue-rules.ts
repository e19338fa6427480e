import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../auth/scope';
import { CLUE_CLOSE_WORKING_DAYS } from '../domain/clues';
import { assertIsoDate } from '../domain/dates';
import { badInput } from '../domain/errors';
import { ClueRulesRecord } from '../entities';
import { now as clockNow, todayInShanghai } from '../clock';
import type { ServiceContext } from './context';

export const MAX_CLUE_WORKING_DAYS = 60;

/** The working days a clue received on `receivedOn` has: the version in force then, else the default. */
export async function clueWorkingDaysFor(em: EntityManager, receivedOn: string): Promise<number> {
  const rule = await em.findOne(
    ClueRulesRecord,
    { effectiveFrom: { $lte: receivedOn } },
    { orderBy: { effectiveFrom: 'desc' } },
  );
  return rule?.closeWithinWorkingDays ?? CLUE_CLOSE_WORKING_DAYS;
}

export async function listClueRules(ctx: ServiceContext): Promise<ClueRulesRecord[]> {
  return ctx.em.find(ClueRulesRecord, {}, { orderBy: { effectiveFrom: 'asc' } });
}

/**
 * City HRSS sets the working days to close a clue received from `effectiveFrom` (default today); a
 * version of the same day is replaced. Clues already received keep the days they arrived with.
 */
export async function setClueRules(
  ctx: ServiceContext,
  closeWithinWorkingDays: number,
  effectiveFromInput?: string | null,
): Promise<ClueRulesRecord> {
  assertCityHrss(ctx.caller, 'set the clue rules');
  const effectiveFrom = effectiveFromInput ?? todayInShanghai();
  assertIsoDate(effectiveFrom, 'effectiveFrom');
  if (
    !Number.isInteger(closeWithinWorkingDays) ||
    closeWithinWorkingDays < 1 ||
    closeWithinWorkingDays > MAX_CLUE_WORKING_DAYS
  )
    throw badInput('closeWithinWorkingDays', `must be a whole number from 1 to ${MAX_CLUE_WORKING_DAYS}`);
  const { caller } = ctx;
  return ctx.em.upsert(
    ClueRulesRecord,
    {
      id: randomUUID(),
      effectiveFrom,
      closeWithinWorkingDays,
      setBy: `${caller.org}:${caller.district}:${caller.sub}`,
      setAt: clockNow(),
    },
    { onConflictFields: ['effectiveFrom'], onConflictExcludeFields: ['id'] },
  );
}
