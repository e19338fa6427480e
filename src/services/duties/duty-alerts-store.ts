/** The stored duty alerts of a batch of projects, and the set-based writes that bring them up to date. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import type { StoredAlertState } from '../../domain/alert-diff';
import { DUTY_ALERT_KINDS, type DutyFinding, type DutyKind } from '../../domain/duties/duty-rules';
import type { MissedCycle } from '../../domain/labor-cost-rule';
import { formatMoney } from '../../domain/money';

export interface StoredDutyAlert extends StoredAlertState {
  projectId: string;
  kind: DutyKind;
}

/**
 * A duty finding in the shape the alert diff (src/domain/alert-diff.ts) compares: a duty alert
 * has no bank step, so the correction deadline takes the place of the one deadline the diff
 * watches beside the due date; the stored row keeps it in `correction_deadline`.
 */
export const asCycle = (f: DutyFinding): MissedCycle => ({
  cycleIndex: 0,
  nominalDueDate: f.dueDate,
  dueDate: f.dueDate,
  requiredFen: f.requiredFen,
  shortfallFen: f.shortfallFen,
  openedOn: f.openedOn,
  resolvedOn: f.resolvedOn,
  bankNoticeDeadline: f.dueDate,
  contractorReportDeadline: f.correctionDeadline,
  escalations: f.escalations,
  deadlinesProvisional: f.deadlinesProvisional,
});

export async function loadDutyAlerts(
  em: EntityManager,
  projectIds: readonly string[],
): Promise<StoredDutyAlert[]> {
  if (projectIds.length === 0) return [];
  const rows = await sql<Record<string, unknown>>(
    em,
    `select id, project_id, kind, due_date::text as due_date, status, shortfall_fen::text as shortfall,
            resolved_on::text as resolved_on, correction_deadline::text as correction_deadline, escalations,
            deadlines_provisional
       from alert where agreement_id is null and kind = any(?) and project_id = any(?::uuid[])`,
    [[...DUTY_ALERT_KINDS], [...new Set(projectIds)]],
  );
  return rows.map((r) => ({
    id: String(r.id),
    projectId: String(r.project_id),
    kind: r.kind as DutyKind,
    dueDate: String(r.due_date),
    status: r.status as StoredAlertState['status'],
    shortfallFen: BigInt(String(r.shortfall)),
    resolvedOn: (r.resolved_on as string | null) ?? null,
    bankNoticeDeadline: String(r.due_date),
    contractorReportDeadline: String(r.correction_deadline ?? r.due_date),
    escalations: (typeof r.escalations === 'string'
      ? JSON.parse(r.escalations)
      : r.escalations) as StoredAlertState['escalations'],
    deadlinesProvisional: r.deadlines_provisional === true,
  }));
}

const rowOf = (c: MissedCycle, f: DutyFinding | null) => ({
  status: c.resolvedOn ? 'RESOLVED' : 'OPEN',
  shortfall_fen: c.shortfallFen.toString(),
  resolved_on: c.resolvedOn,
  correction_deadline: c.contractorReportDeadline,
  deadlines_provisional: c.deadlinesProvisional,
  details: f
    ? {
        required: formatMoney(f.requiredFen),
        ...(f.subjectId ? { subjectId: f.subjectId } : {}),
        ...(f.details ?? {}),
      }
    : null,
});

export interface DutyInsert {
  projectId: string;
  kind: DutyKind;
  finding: DutyFinding;
  cycle: MissedCycle;
  escalations: unknown;
}

/** Inserts new duty alerts; returns their ids in order. Both R5 deadlines are the due date: no bank step. */
export async function insertDutyAlerts(em: EntityManager, rows: DutyInsert[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const values = rows.map((r) => ({
    id: randomUUID(),
    kind: r.kind,
    project_id: r.projectId,
    due_date: r.cycle.dueDate,
    opened_on: r.cycle.openedOn,
    escalations: r.escalations,
    ...rowOf(r.cycle, r.finding),
  }));
  await sql(
    em,
    `insert into alert (id, kind, status, project_id, agreement_id, due_date, shortfall_fen, opened_on, resolved_on,
                        bank_notice_deadline, contractor_report_deadline, correction_deadline, escalations,
                        deadlines_provisional, details)
     select v.id, v.kind, v.status, v.project_id, null, v.due_date, v.shortfall_fen, v.opened_on, v.resolved_on,
            v.due_date, v.due_date, v.correction_deadline, v.escalations, v.deadlines_provisional, v.details
       from jsonb_to_recordset(?::jsonb) as v(id uuid, kind text, status text, project_id uuid, due_date date,
            shortfall_fen bigint, opened_on date, resolved_on date, correction_deadline date, escalations jsonb,
            deadlines_provisional boolean, details jsonb)
     on conflict (project_id, kind, due_date) where agreement_id is null do nothing`,
    [JSON.stringify(values)],
  );
  return values.map((v) => v.id);
}

export async function updateDutyAlerts(
  em: EntityManager,
  rows: {
    id: string;
    withdrawOn: string | null;
    cycle: MissedCycle | null;
    finding: DutyFinding | null;
    escalations: unknown;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => ({
    id: r.id,
    withdraw: r.withdrawOn !== null,
    withdrawn_on: r.withdrawOn,
    escalations: r.escalations,
    ...(r.cycle ? rowOf(r.cycle, r.finding) : {}),
  }));
  await sql(
    em,
    `update alert a set
        status = case when v.withdraw then 'WITHDRAWN' else v.status end,
        withdrawn_on = v.withdrawn_on,
        shortfall_fen = coalesce(v.shortfall_fen, a.shortfall_fen),
        resolved_on = case when v.withdraw then a.resolved_on else v.resolved_on end,
        correction_deadline = coalesce(v.correction_deadline, a.correction_deadline),
        escalations = coalesce(v.escalations, a.escalations),
        deadlines_provisional = coalesce(v.deadlines_provisional, a.deadlines_provisional),
        details = coalesce(v.details, a.details),
        updated_at = now()
       from jsonb_to_recordset(?::jsonb) as v(id uuid, withdraw boolean, withdrawn_on date, status text,
            shortfall_fen bigint, resolved_on date, correction_deadline date, escalations jsonb,
            deadlines_provisional boolean, details jsonb)
      where a.id = v.id`,
    [JSON.stringify(values)],
  );
}
