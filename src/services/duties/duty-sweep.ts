import type { EntityManager } from '@mikro-orm/postgresql';
import { watchedFromOf } from '../../domain/duties/deposit-rules';
import { loadWorkingCalendar } from '../calendar';
import { emptyCounts, type SweepCounts } from '../compliance/evaluate-batch';
import { loadDutyFacts } from './facts';
import { evaluateDutyBatch } from './evaluate-duties';
import { loadDepositRules } from './rules';
import { sql } from '../../db/sql';
import type { DutyKind } from '../../domain/duties/duty-rules';

/** What is evaluated while city HRSS has not set watchedFrom: a freeze only (R10: flagged whatever the switch). */
const UNWATCHED: readonly DutyKind[] = ['SPECIAL_ACCOUNT_FREEZE'];

/**
 * One partition of the daily sweep's duty part, in its own transaction: the projects whose id
 * hashes to it, as the agreements' partitions do. While city HRSS has not set `watchedFrom` only
 * freezes are raised, and a hub without any freeze attempt pays two reads (the rules, one exists).
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
    const watched = watchedFromOf(versions) !== null;
    if (!watched && !(await anyFreezeAttempt(em))) return emptyCounts();
    const calendar = await loadWorkingCalendar(em);
    const batch = await loadDutyFacts(em, { partition, of }, { lock: true });
    return evaluateDutyBatch(em, batch, versions, calendar, asOf, watched ? {} : { kinds: UNWATCHED });
  });
}

/**
 * After a fact was recorded (a deposit, a top-up, a guarantee, a return, a completion): the
 * projects' duty alerts brought up to date as of today, in the caller's transaction, so one made
 * good is resolved at once, with its notices. Opens nothing (today has not ended) but the kinds
 * named in `openKinds`: what a bank's event opens at once (a freeze, an early closing, R5/R10).
 * `freezes`: the change may touch a freeze (an event, an objection), which is watched whatever
 * watchedFrom says.
 */
export async function refreshProjectDuties(
  em: EntityManager,
  projectIds: readonly string[],
  today: string,
  opts: { openKinds?: readonly DutyKind[]; freezes?: boolean } = {},
): Promise<SweepCounts> {
  if (projectIds.length === 0) return emptyCounts();
  const versions = await loadDepositRules(em);
  const watched = watchedFromOf(versions) !== null;
  if (!watched && !opts.freezes) return emptyCounts();
  const calendar = await loadWorkingCalendar(em);
  const batch = await loadDutyFacts(em, { projectIds }, { lock: true });
  return evaluateDutyBatch(em, batch, versions, calendar, today, {
    existingOnly: true,
    openKinds: opts.openKinds,
    ...(watched ? {} : { kinds: UNWATCHED }),
  });
}

async function anyFreezeAttempt(em: EntityManager): Promise<boolean> {
  const rows = await sql(em, `select 1 from account_event where type = 'FREEZE_ATTEMPT' limit 1`);
  return rows.length > 0;
}
