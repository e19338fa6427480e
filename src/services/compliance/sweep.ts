import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, assertIsoDate, shanghaiDateOf } from '../../domain/dates';
import { loadWorkingCalendar } from '../calendar';
import { loadAgreementBatch } from './agreement-batch';
import { emptyCounts, evaluateBatch, type SweepCounts } from './evaluate-batch';
import { sql } from '../../db/sql';
import { sweepDutyPartition } from '../duties/duty-sweep';
import { sweepPayAlertPartition } from '../workforce/pay-alerts';

/**
 * The sweep is split into fixed hash partitions of the agreements: each is one transaction and,
 * from the scheduler, one job with a deterministic id, so a lost job is simply run again.
 */
export const SWEEP_PARTITIONS = 32;

export interface SweepReport extends SweepCounts {
  asOf: string;
}

/** The day a daily sweep at 00:30 Asia/Shanghai evaluates: yesterday. */
export const yesterdayInShanghai = (now: Date): string => addDays(shanghaiDateOf(now), -1);

/**
 * Sweeps one partition as of `asOf`: its agreements in one transaction (on a fork of `root`), then
 * the deposit and guarantee duties of its projects in another (src/services/duties), then their
 * pay alerts in a third.
 */
export async function sweepPartition(
  root: EntityManager,
  asOf: string,
  partition: number,
): Promise<SweepCounts> {
  assertIsoDate(asOf, 'asOf');
  const counts = await root.fork().transactional(async (tx) => {
    const em = tx as EntityManager;
    const calendar = await loadWorkingCalendar(em);
    const batch = await loadAgreementBatch(em, { partition, of: SWEEP_PARTITIONS }, asOf);
    return evaluateBatch(em, batch, calendar, asOf);
  });
  addCounts(counts, await sweepDutyPartition(root, asOf, partition, SWEEP_PARTITIONS));
  // the pay alerts time opens (a pay day, a failure's deadline, the manager's): src/services/workforce/pay-alerts
  const pay = await sweepPayAlertPartition(root, asOf, partition, SWEEP_PARTITIONS);
  counts.alertsOpened += pay.opened;
  counts.alertsResolved += pay.resolved;
  return counts;
}

/** Every partition, one after the other: what `runComplianceSweep` and the benchmark run. */
export async function runSweep(root: EntityManager, asOf: string): Promise<SweepReport> {
  const total: SweepReport = { asOf, ...emptyCounts() };
  for (let p = 0; p < SWEEP_PARTITIONS; p += 1) addCounts(total, await sweepPartition(root, asOf, p));
  return total;
}

export function addCounts(total: SweepCounts, part: SweepCounts): void {
  total.alertsOpened += part.alertsOpened;
  total.alertsResolved += part.alertsResolved;
  total.alertsWithdrawn += part.alertsWithdrawn;
  total.escalations += part.escalations;
  total.escalationsRetracted += part.escalationsRetracted;
  total.agreementsEvaluated += part.agreementsEvaluated;
  total.projectsEvaluated += part.projectsEvaluated;
  total.problems.push(...part.problems);
}

/**
 * Brings one account's stored alerts up to date as of today (a chain step changed a deadline);
 * opens nothing, since today has not ended.
 */
export async function refreshAccountAlerts(
  em: EntityManager,
  account: { bankCode: string; accountNo: string },
  asOf: string,
): Promise<SweepCounts> {
  const calendar = await loadWorkingCalendar(em);
  const batch = await loadAgreementBatch(em, { accounts: [account] }, asOf);
  return evaluateBatch(em, batch, calendar, asOf, { existingOnly: true });
}

/**
 * At intake: credits just stored for these accounts may close open alerts today, without waiting
 * for the next sweep, and a reversal may reopen a resolved one (the credit that caught up taken
 * back). Runs in the intake's transaction; opens nothing. The pre-check keeps a plain credit on an
 * account without open alerts to one indexed count.
 */
export async function resolveAtIntake(
  em: EntityManager,
  accounts: { bankCode: string; accountNo: string }[],
  now: Date,
): Promise<SweepCounts> {
  if (accounts.length === 0) return emptyCounts();
  const open: { n: number }[] = await sql(
    em,
    `select count(*)::int as n from alert a join tripartite_agreement ag on ag.id = a.agreement_id
       join special_account sa on sa.id = ag.account_id
      where (a.status = 'OPEN'
             or (a.status = 'RESOLVED' and exists (
                   select 1 from account_event e
                    where e.bank_code = sa.bank_code and e.account_no = sa.account_no and e.type = 'CREDIT_REVERSAL'
                      and e.booked_at >= (a.resolved_on::timestamp at time zone 'Asia/Shanghai'))))
        and (sa.bank_code, sa.account_no) in (select x->>'bankCode', x->>'accountNo' from jsonb_array_elements(?::jsonb) x)`,
    [JSON.stringify(accounts)],
  );
  if (!open[0]?.n) return emptyCounts();
  const today = shanghaiDateOf(now);
  const calendar = await loadWorkingCalendar(em);
  const batch = await loadAgreementBatch(em, { accounts }, today);
  return evaluateBatch(em, batch, calendar, today, { existingOnly: true });
}
