import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { diffAlerts, type AlertChange, type EscalationNote } from '../../domain/alert-diff';
import type { WorkingCalendar } from '../../domain/calendar';
import { shanghaiDateOf } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { evaluateLaborCost, type ChainFacts, type MissedCycle } from '../../domain/labor-cost-rule';
import { addNotices, type NoticeDraft } from '../outbox';
import { todayInShanghai } from '../../clock';
import type { AgreementBatch, AgreementRow, StoredAlert } from './agreement-batch';
import { noticesFor } from './alert-notices';
import { sql } from '../../db/sql';

export interface SweepCounts {
  alertsOpened: number;
  alertsResolved: number;
  alertsWithdrawn: number;
  escalations: number;
  /** escalations the best facts no longer give (retracted, still shown) */
  escalationsRetracted: number;
  agreementsEvaluated: number;
  /** projects whose deposit and guarantee duties were evaluated (src/services/duties) */
  projectsEvaluated: number;
  /** agreements the rule could not evaluate, with why (bad stored terms; a calendar year not loaded is not one) */
  problems: string[];
}

export const emptyCounts = (): SweepCounts => ({
  alertsOpened: 0,
  alertsResolved: 0,
  alertsWithdrawn: 0,
  escalations: 0,
  escalationsRetracted: 0,
  agreementsEvaluated: 0,
  projectsEvaluated: 0,
  problems: [],
});

/**
 * Evaluates every agreement of a batch as of `asOf` (or the later date it was already evaluated
 * for: an earlier sweep never undoes a later one) and writes the difference, with its notices, in
 * the caller's transaction. `existingOnly` (as of today, at intake or after a chain step) only
 * brings the stored alerts up to date.
 */
export async function evaluateBatch(
  em: EntityManager,
  batch: AgreementBatch,
  calendar: WorkingCalendar,
  asOf: string,
  opts: { existingOnly?: boolean } = {},
): Promise<SweepCounts> {
  const counts = emptyCounts();
  const learnedOn = todayInShanghai();
  const writes: { agreement: AgreementRow; change: AlertChange }[] = [];
  const swept: { id: string; on: string }[] = [];
  for (const agreement of batch.agreements) {
    const evaluatedAs =
      opts.existingOnly || !agreement.sweptThrough || agreement.sweptThrough < asOf
        ? asOf
        : agreement.sweptThrough;
    const stored = batch.alerts.get(agreement.id) ?? [];
    let cycles: MissedCycle[];
    try {
      cycles = evaluateLaborCost(
        agreement,
        batch.credits.get(agreement.id) ?? [],
        calendar,
        evaluatedAs,
        chainOf(stored),
      );
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      counts.problems.push(`agreement ${agreement.id}: ${err.message}`);
      continue;
    }
    counts.agreementsEvaluated += 1;
    if (!opts.existingOnly) swept.push({ id: agreement.id, on: evaluatedAs });
    const diff = diffAlerts(stored, cycles, {
      existingOnly: opts.existingOnly,
      asOf: evaluatedAs,
      learnedOn,
    });
    for (const change of diff) writes.push({ agreement, change });
  }
  await writeChanges(em, writes, asOf, counts);
  if (swept.length) {
    await sql(
      em,
      `update tripartite_agreement ag set swept_through = greatest(coalesce(ag.swept_through, v.on), v.on)
         from jsonb_to_recordset(?::jsonb) as v(id uuid, "on" date)
        where ag.id = v.id and ag.swept_through is distinct from greatest(coalesce(ag.swept_through, v.on), v.on)`,
      [JSON.stringify(swept)],
    );
  }
  return counts;
}

/** The bank's and the contractor's recorded steps, by the alert's due date, as Shanghai dates. */
function chainOf(stored: readonly StoredAlert[]): (dueDate: string) => ChainFacts {
  const byDue = new Map(stored.map((a) => [a.dueDate, a]));
  return (dueDate) => {
    const a = byDue.get(dueDate);
    return {
      contractorNotifiedOn: a?.contractorNotifiedAt ? shanghaiDateOf(a.contractorNotifiedAt) : null,
      contractorReportedOn: a?.contractorReportedAt ? shanghaiDateOf(a.contractorReportedAt) : null,
    };
  };
}

async function writeChanges(
  em: EntityManager,
  writes: { agreement: AgreementRow; change: AlertChange }[],
  asOf: string,
  counts: SweepCounts,
): Promise<void> {
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const notices: NoticeDraft[] = [];
  for (const { agreement, change } of writes) {
    if (change.type === 'withdraw') {
      updates.push({ id: change.id, withdraw: true, withdrawn_on: asOf, escalations: change.escalations });
      counts.alertsWithdrawn += 1;
      notices.push(...noticesFor(agreement, change.id, { event: 'withdrawn' }));
      notices.push(...retractions(agreement, change.id, change.retracted, counts));
      continue;
    }
    const c = change.cycle;
    const row = {
      status: c.resolvedOn ? 'RESOLVED' : 'OPEN',
      shortfall_fen: c.shortfallFen.toString(),
      resolved_on: c.resolvedOn,
      bank_notice_deadline: c.bankNoticeDeadline,
      contractor_report_deadline: c.contractorReportDeadline,
      escalations: change.escalations,
      deadlines_provisional: c.deadlinesProvisional,
    };
    if (change.type === 'open') {
      const id = randomUUID();
      inserts.push({
        id,
        project_id: agreement.projectId,
        agreement_id: agreement.id,
        due_date: c.dueDate,
        opened_on: c.openedOn,
        ...row,
      });
      counts.alertsOpened += 1;
      if (c.resolvedOn) counts.alertsResolved += 1;
      counts.escalations += change.newEscalations.length;
      // A miss found only after it was already made good (old data, a first sweep) is kept on
      // record but sent to nobody: there is nothing left for the bank or HRSS to act on.
      if (c.resolvedOn) continue;
      notices.push(...noticesFor(agreement, id, { event: 'opened', cycle: c }));
      for (const e of change.newEscalations)
        notices.push(...noticesFor(agreement, id, { event: 'escalated', cycle: c, escalation: e }));
      continue;
    }
    updates.push({ id: change.id, withdraw: false, withdrawn_on: null, ...row });
    if (change.resolved) {
      counts.alertsResolved += 1;
      notices.push(...noticesFor(agreement, change.id, { event: 'resolved', cycle: c }));
    }
    if (change.unresolvedFrom)
      notices.push(
        ...noticesFor(agreement, change.id, { event: 'unresolved', cycle: c, was: change.unresolvedFrom }),
      );
    if (change.reopened) counts.alertsOpened += 1;
    counts.escalations += change.newEscalations.length;
    for (const e of change.newEscalations)
      notices.push(...noticesFor(agreement, change.id, { event: 'escalated', cycle: c, escalation: e }));
    notices.push(...retractions(agreement, change.id, change.retracted, counts));
  }
  if (inserts.length) await insertAlerts(em, inserts);
  if (updates.length) await updateAlerts(em, updates);
  if (notices.length) await addNotices(em, notices);
}

/** ESCALATION_RETRACTED to everyone its escalation notice went to (alert-notices.ts). */
function retractions(
  agreement: AgreementRow,
  alertId: string,
  retracted: readonly EscalationNote[],
  counts: SweepCounts,
): NoticeDraft[] {
  counts.escalationsRetracted += retracted.length;
  return retracted.flatMap((e) => noticesFor(agreement, alertId, { event: 'retracted', escalation: e }));
}

async function insertAlerts(em: EntityManager, rows: Record<string, unknown>[]): Promise<void> {
  await sql(
    em,
    `insert into alert (id, kind, status, project_id, agreement_id, due_date, shortfall_fen, opened_on, resolved_on,
                        bank_notice_deadline, contractor_report_deadline, escalations, deadlines_provisional)
     select v.id, 'MISSED_LABOR_COST_TRANSFER', v.status, v.project_id, v.agreement_id, v.due_date, v.shortfall_fen,
            v.opened_on, v.resolved_on, v.bank_notice_deadline, v.contractor_report_deadline, v.escalations,
            v.deadlines_provisional
       from jsonb_to_recordset(?::jsonb) as v(id uuid, status text, project_id uuid, agreement_id uuid, due_date date,
            shortfall_fen bigint, opened_on date, resolved_on date, bank_notice_deadline date,
            contractor_report_deadline date, escalations jsonb, deadlines_provisional boolean)
     on conflict (agreement_id, kind, due_date) do nothing`,
    [JSON.stringify(rows)],
  );
}

async function updateAlerts(em: EntityManager, rows: Record<string, unknown>[]): Promise<void> {
  await sql(
    em,
    `update alert a set
        status = case when v.withdraw then 'WITHDRAWN' else v.status end,
        withdrawn_on = v.withdrawn_on,
        shortfall_fen = coalesce(v.shortfall_fen, a.shortfall_fen),
        resolved_on = case when v.withdraw then a.resolved_on else v.resolved_on end,
        bank_notice_deadline = coalesce(v.bank_notice_deadline, a.bank_notice_deadline),
        contractor_report_deadline = coalesce(v.contractor_report_deadline, a.contractor_report_deadline),
        escalations = coalesce(v.escalations, a.escalations),
        deadlines_provisional = coalesce(v.deadlines_provisional, a.deadlines_provisional),
        updated_at = now()
       from jsonb_to_recordset(?::jsonb) as v(id uuid, withdraw boolean, withdrawn_on date, status text,
            shortfall_fen bigint, resolved_on date, bank_notice_deadline date, contractor_report_deadline date,
            escalations jsonb, deadlines_provisional boolean)
      where a.id = v.id`,
    [JSON.stringify(rows)],
  );
}
