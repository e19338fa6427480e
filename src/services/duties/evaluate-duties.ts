/**
 * Evaluates the deposit and guarantee duties of a batch of projects and writes the difference
 * with its notices, in the caller's transaction: the duty counterpart of
 * src/services/compliance/evaluate-batch.ts, through the same alert diff, so duty alerts open,
 * resolve, are withdrawn and have their escalations retracted exactly as labour-cost alerts do.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffAlerts, type AlertChange } from '../../domain/alert-diff';
import type { WorkingCalendar } from '../../domain/calendar';
import { computeDepositRequirement, baseDateOf } from '../../domain/duties/deposit-requirement';
import { rulesInForce, watchedFromOf, type DepositRules } from '../../domain/duties/deposit-rules';
import {
  DUTY_ALERT_KINDS,
  evaluateDuties,
  type DutyFinding,
  type DutyKind,
} from '../../domain/duties/duty-rules';
import { DomainError } from '../../domain/errors';
import { sql } from '../../db/sql';
import { todayInShanghai } from '../../clock';
import { addNotices, type NoticeDraft } from '../outbox';
import { emptyCounts, type SweepCounts } from '../compliance/evaluate-batch';
import { historyOf, type DutyFactsBatch, type ProjectDutyRow } from './facts';
import {
  asCycle,
  insertDutyAlerts,
  loadDutyAlerts,
  updateDutyAlerts,
  type DutyInsert,
  type StoredDutyAlert,
} from './duty-alerts-store';
import { dutyNotices } from './duty-notices';

/** A project's findings as of a day: the requirement, then the duties (pure; see src/domain/duties). */
export function findingsOf(
  batch: DutyFactsBatch,
  project: ProjectDutyRow,
  versions: readonly DepositRules[],
  calendar: WorkingCalendar,
  asOf: string,
): DutyFinding[] {
  const rules = rulesInForce(versions, baseDateOf(project));
  const requirement = computeDepositRequirement(project, rules, historyOf(batch, project), calendar);
  return evaluateDuties(
    {
      baseDate: requirement.baseDate,
      completedOn: project.completedOn,
      requirement,
      deposits: batch.deposits.get(project.id) ?? [],
      returnConfirmedOn: batch.returnConfirmedOn.get(project.id) ?? null,
      paymentGuarantees: batch.guarantees.get(project.id) ?? [],
      rightsBoard: { postedOn: project.rightsBoardPostedOn, postingWorkingDays: batch.postingWorkingDays },
      account: batch.accounts.get(project.id),
    },
    { ...rules, watchedFrom: watchedFromOf(versions) },
    calendar,
    asOf,
  );
}

export async function evaluateDutyBatch(
  em: EntityManager,
  batch: DutyFactsBatch,
  versions: readonly DepositRules[],
  calendar: WorkingCalendar,
  asOf: string,
  opts: {
    existingOnly?: boolean;
    /** kinds that open even with existingOnly: what a bank's event opens at once (a freeze) */
    openKinds?: readonly DutyKind[];
    /** only these kinds are compared with what is stored (none other is opened or withdrawn) */
    kinds?: readonly DutyKind[];
  } = {},
): Promise<SweepCounts> {
  const counts = emptyCounts();
  const learnedOn = todayInShanghai();
  const stored = group(
    await loadDutyAlerts(
      em,
      batch.projects.map((p) => p.id),
    ),
  );
  const changes: {
    project: ProjectDutyRow;
    kind: DutyKind;
    change: AlertChange;
    finding: DutyFinding | null;
  }[] = [];
  const swept: { id: string; on: string }[] = [];
  for (const project of batch.projects) {
    const evaluatedAs =
      opts.existingOnly || !project.dutiesSweptThrough || project.dutiesSweptThrough < asOf
        ? asOf
        : project.dutiesSweptThrough;
    let findings: DutyFinding[];
    try {
      findings = findingsOf(batch, project, versions, calendar, evaluatedAs);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      counts.problems.push(`project ${project.id}: ${err.message}`);
      continue;
    }
    counts.projectsEvaluated += 1;
    if (!opts.existingOnly) swept.push({ id: project.id, on: evaluatedAs });
    for (const kind of opts.kinds ?? DUTY_ALERT_KINDS) {
      const mine = findings.filter((f) => f.kind === kind);
      const byDue = new Map(mine.map((f) => [f.dueDate, f]));
      const diff = diffAlerts(stored.get(`${project.id}|${kind}`) ?? [], mine.map(asCycle), {
        existingOnly: opts.existingOnly && !opts.openKinds?.includes(kind),
        asOf: evaluatedAs,
        learnedOn,
      });
      for (const change of diff)
        changes.push({
          project,
          kind,
          change,
          finding: 'cycle' in change ? (byDue.get(change.cycle.dueDate) ?? null) : null,
        });
    }
  }
  await write(em, changes, asOf, counts);
  if (swept.length)
    await sql(
      em,
      `update project p set duties_swept_through = greatest(coalesce(p.duties_swept_through, v.on), v.on)
         from jsonb_to_recordset(?::jsonb) as v(id uuid, "on" date)
        where p.id = v.id and p.duties_swept_through is distinct from greatest(coalesce(p.duties_swept_through, v.on), v.on)`,
      [JSON.stringify(swept)],
    );
  return counts;
}

function group(alerts: StoredDutyAlert[]): Map<string, StoredDutyAlert[]> {
  const out = new Map<string, StoredDutyAlert[]>();
  for (const a of alerts) {
    const key = `${a.projectId}|${a.kind}`;
    out.set(key, [...(out.get(key) ?? []), a]);
  }
  return out;
}

async function write(
  em: EntityManager,
  changes: { project: ProjectDutyRow; kind: DutyKind; change: AlertChange; finding: DutyFinding | null }[],
  asOf: string,
  counts: SweepCounts,
): Promise<void> {
  const inserts: (DutyInsert & {
    project: ProjectDutyRow;
    newEscalations: { kind: string; on: string; seq: number }[];
  })[] = [];
  const updates: Parameters<typeof updateDutyAlerts>[1] = [];
  const notices: NoticeDraft[] = [];
  for (const { project, kind, change, finding } of changes) {
    if (change.type === 'withdraw') {
      updates.push({
        id: change.id,
        withdrawOn: asOf,
        cycle: null,
        finding: null,
        escalations: change.escalations,
      });
      counts.alertsWithdrawn += 1;
      notices.push(...dutyNotices(project, kind, change.id, { event: 'withdrawn' }));
      counts.escalationsRetracted += change.retracted.length;
      for (const e of change.retracted)
        notices.push(...dutyNotices(project, kind, change.id, { event: 'retracted', escalation: e }));
      continue;
    }
    const f = finding!;
    if (change.type === 'open') {
      inserts.push({
        projectId: project.id,
        kind,
        finding: f,
        cycle: change.cycle,
        escalations: change.escalations,
        project,
        newEscalations: change.newEscalations,
      });
      counts.alertsOpened += 1;
      if (change.cycle.resolvedOn) counts.alertsResolved += 1;
      counts.escalations += change.newEscalations.length;
      continue;
    }
    updates.push({
      id: change.id,
      withdrawOn: null,
      cycle: change.cycle,
      finding: f,
      escalations: change.escalations,
    });
    if (change.resolved) {
      counts.alertsResolved += 1;
      notices.push(...dutyNotices(project, kind, change.id, { event: 'resolved', finding: f }));
    }
    if (change.unresolvedFrom)
      notices.push(
        ...dutyNotices(project, kind, change.id, {
          event: 'unresolved',
          finding: f,
          was: change.unresolvedFrom,
        }),
      );
    if (change.reopened) counts.alertsOpened += 1;
    counts.escalations += change.newEscalations.length;
    for (const e of change.newEscalations)
      notices.push(
        ...dutyNotices(project, kind, change.id, { event: 'escalated', finding: f, escalation: e }),
      );
    counts.escalationsRetracted += change.retracted.length;
    for (const e of change.retracted)
      notices.push(...dutyNotices(project, kind, change.id, { event: 'retracted', escalation: e }));
  }
  const ids = await insertDutyAlerts(em, inserts);
  inserts.forEach((row, i) => {
    // found only after it was made good (a first sweep over old data): kept on record, sent to nobody
    if (row.cycle.resolvedOn) return;
    notices.push(...dutyNotices(row.project, row.kind, ids[i], { event: 'opened', finding: row.finding }));
    for (const e of row.newEscalations)
      notices.push(
        ...dutyNotices(row.project, row.kind, ids[i], {
          event: 'escalated',
          finding: row.finding,
          escalation: e as never,
        }),
      );
  });
  await updateDutyAlerts(em, updates);
  if (notices.length) await addNotices(em, notices);
}
