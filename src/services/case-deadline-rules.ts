import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../auth/scope';
import { assertIsoDate } from '../domain/dates';
import { badInput } from '../domain/errors';
import { CaseDeadlineRulesRecord } from '../entities';
import { now as clockNow, todayInShanghai } from '../clock';
import type { ServiceContext } from './context';

/** RECEIVED: at most the clue rule's bound; FILED: art. 17's 60 working days plus its 30-day extension. */
export const MAX_UNORDERED_CASE_WORKING_DAYS = 60;
export const MAX_FILED_CASE_WORKING_DAYS = 90;

/** Every version, oldest first (a handful: the dynamic zero reads them all at once). */
export function loadCaseDeadlineRules(em: EntityManager): Promise<CaseDeadlineRulesRecord[]> {
  return em.find(CaseDeadlineRulesRecord, {}, { orderBy: { effectiveFrom: 'asc' } });
}

export const listCaseDeadlineRules = (ctx: ServiceContext) => loadCaseDeadlineRules(ctx.em);

function wholeDays(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw badInput(field, `must be a whole number from 1 to ${max}`);
  return value;
}

/**
 * City HRSS sets the dynamic zero's case deadlines for counts starting from `effectiveFrom`
 * (default today); a version of the same day is replaced. A case counts from its receipt or
 * filing under the version in force that day.
 */
export async function setCaseDeadlineRules(
  ctx: ServiceContext,
  input: {
    unorderedWithinWorkingDays: number;
    filedWithinWorkingDays: number;
    effectiveFrom?: string | null;
  },
): Promise<CaseDeadlineRulesRecord> {
  assertCityHrss(ctx.caller, 'set the case deadline rules');
  const effectiveFrom = input.effectiveFrom ?? todayInShanghai();
  assertIsoDate(effectiveFrom, 'effectiveFrom');
  const unorderedWithinWorkingDays = wholeDays(
    input.unorderedWithinWorkingDays,
    'unorderedWithinWorkingDays',
    MAX_UNORDERED_CASE_WORKING_DAYS,
  );
  const filedWithinWorkingDays = wholeDays(
    input.filedWithinWorkingDays,
    'filedWithinWorkingDays',
    MAX_FILED_CASE_WORKING_DAYS,
  );
  const { caller } = ctx;
  return ctx.em.upsert(
    CaseDeadlineRulesRecord,
    {
      id: randomUUID(),
      effectiveFrom,
      unorderedWithinWorkingDays,
      filedWithinWorkingDays,
      setBy: `${caller.org}:${caller.district}:${caller.sub}`,
      setAt: clockNow(),
    },
    { onConflictFields: ['effectiveFrom'], onConflictExcludeFields: ['id'] },
  );
}
