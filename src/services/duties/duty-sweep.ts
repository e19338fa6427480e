import type { EntityManager } from '@mikro-orm/postgresql';
import { watchedFromOf } from '../../domain/duties/deposit-rules';
import { loadWorkingCalendar } from '../calendar';
import { emptyCounts, type SweepCounts } from '../compliance/evaluate-batch';
import { loadDutyFacts } from './facts';
import { evaluateDutyBatch } from './evaluate-duties';
import { loadDepositRules } from './rules';

/**
 * One partition of the daily sweep's duty part, in its own transaction: the projects whose id
 * hashes to it, as the agreements' partitions do. While city HRSS has not set `watchedFrom` there
 * is nothing to raise, and the partition costs one read of the rules.
 */
export async function sweepDutyPartition(
  root: EntityManager,
  asOf: string,
  partition: number,
  of: number,
): Promise<SweepCounts> {
  return root.fork().transactional(async (tx) => {
    const em = tx as EntityManager;
    const versions = await loadDepositRules(em);
    if (watchedFromOf(versions) === null) return emptyCounts();
    const calendar = await loadWorkingCalendar(em);
    const batch = await loadDutyFacts(em, { partition, of }, { lock: true });
    return evaluateDutyBatch(em, batch, versions, calendar, asOf);
  });
}

/**
 * After a fact was recorded (a deposit, a top-up, a guarantee, a return, a completion): the
 * projects' duty alerts brought up to date as of today, in the caller's transaction, so one made
 * good is resolved at once, with its notices. Opens nothing: today has not ended.
 */
export async function refreshProjectDuties(
  em: EntityManager,
  projectIds: readonly string[],
  today: string,
): Promise<SweepCounts> {
  const versions = await loadDepositRules(em);
  if (watchedFromOf(versions) === null || projectIds.length === 0) return emptyCounts();
  const calendar = await loadWorkingCalendar(em);
  const batch = await loadDutyFacts(em, { projectIds }, { lock: true });
  return evaluateDutyBatch(em, batch, versions, calendar, today, { existingOnly: true });
}
