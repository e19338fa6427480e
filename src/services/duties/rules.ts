import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../../auth/scope';
import { validateDepositRules, type DepositRules } from '../../domain/duties/deposit-rules';
import { DepositRulesRecord } from '../../entities';
import { now as clockNow, todayInShanghai } from '../../clock';
import type { ServiceContext } from '../context';
import { assertIsoDate } from '../../domain/dates';
import { recorder } from './access';

export type DepositRulesInput = Omit<DepositRules, 'effectiveFrom'> & { effectiveFrom?: string | null };

export const rulesOf = (r: DepositRulesRecord): DepositRules => ({
  effectiveFrom: r.effectiveFrom,
  baseRatioBp: r.baseRatioBp,
  severalProjectsRatioBp: r.severalProjectsRatioBp,
  capFen: r.capFen,
  exemptionBelowFen: r.exemptionBelowFen,
  arrearsRaisePct: r.arrearsRaisePct,
  listedRaisePct: r.listedRaisePct,
  bankPayWorkingDays: r.bankPayWorkingDays,
  topUpWorkingDays: r.topUpWorkingDays,
  correctionWorkingDays: r.correctionWorkingDays,
  freezeObjectionWorkingDays: r.freezeObjectionWorkingDays,
  watchedFrom: r.watchedFrom,
});

/** Every version, oldest first: the requirement takes the one in force on a project's base date. */
export async function loadDepositRules(em: EntityManager): Promise<DepositRules[]> {
  const rows = await em.find(DepositRulesRecord, {}, { orderBy: { effectiveFrom: 'asc' } });
  return rows.map(rulesOf);
}

export async function listDepositRules(ctx: ServiceContext): Promise<DepositRulesRecord[]> {
  return ctx.em.find(DepositRulesRecord, {}, { orderBy: { effectiveFrom: 'asc' } });
}

/**
 * City HRSS sets a version of the rules from `effectiveFrom` (default today); a version of the same
 * day is replaced. Projects whose base date is on or after it are measured by it; earlier ones keep
 * theirs, so a deposit made is never made short by a later policy.
 */
export async function setDepositRules(
  ctx: ServiceContext,
  input: DepositRulesInput,
): Promise<DepositRulesRecord> {
  assertCityHrss(ctx.caller, 'set the wage-deposit rules');
  const effectiveFrom = input.effectiveFrom ?? todayInShanghai();
  assertIsoDate(effectiveFrom, 'effectiveFrom');
  if (input.watchedFrom !== null) assertIsoDate(input.watchedFrom, 'watchedFrom');
  const rules = validateDepositRules({ ...input, effectiveFrom });
  // one statement (insert … on conflict do update), so two settings of one day cannot collide
  return ctx.em.upsert(
    DepositRulesRecord,
    { id: randomUUID(), ...rules, setBy: recorder(ctx.caller), setAt: clockNow() },
    { onConflictFields: ['effectiveFrom'], onConflictExcludeFields: ['id'] },
  );
}
