import type { EscalationKind, MissedCycle } from './labor-cost-rule';

/** What the hub has stored for one alert, as far as the diff needs it. */
export interface StoredAlertState {
  id: string;
  dueDate: string;
  status: 'OPEN' | 'RESOLVED' | 'WITHDRAWN';
  shortfallFen: bigint;
  resolvedOn: string | null;
  bankNoticeDeadline: string;
  contractorReportDeadline: string;
  escalations: { kind: EscalationKind; on: string }[];
  /** absent: false (the column's default) */
  deadlinesProvisional?: boolean;
}

export type AlertChange =
  | { type: 'open'; cycle: MissedCycle }
  | {
      type: 'update';
      id: string;
      cycle: MissedCycle;
      resolved: boolean;
      reopened: boolean;
      newEscalations: { kind: EscalationKind; on: string }[];
    }
  | { type: 'withdraw'; id: string };

const statusOf = (cycle: MissedCycle) => (cycle.resolvedOn ? 'RESOLVED' : 'OPEN');

/**
 * The writes that make the stored alerts equal to an evaluation ("written by difference"): a new
 * miss opens, a changed one is updated, a stored one the data no longer shows is WITHDRAWN.
 * Nothing is returned for what is already as evaluated, so a re-run writes nothing.
 * `existingOnly` (at intake, after a chain step: evaluated as of today, which has not ended)
 * updates the alerts already open or resolved, and neither opens nor withdraws any.
 */
export function diffAlerts(
  stored: readonly StoredAlertState[],
  evaluated: readonly MissedCycle[],
  opts: { existingOnly?: boolean } = {},
): AlertChange[] {
  const byDueDate = new Map(stored.map((a) => [a.dueDate, a]));
  const changes: AlertChange[] = [];
  for (const cycle of evaluated) {
    const current = byDueDate.get(cycle.dueDate);
    byDueDate.delete(cycle.dueDate);
    if (!current) {
      if (!opts.existingOnly) changes.push({ type: 'open', cycle });
      continue;
    }
    if (opts.existingOnly && current.status === 'WITHDRAWN') continue;
    const known = new Set(current.escalations.map((e) => e.kind));
    const newEscalations = cycle.escalations.filter((e) => !known.has(e.kind));
    const status = statusOf(cycle);
    const same =
      current.status === status &&
      current.shortfallFen === cycle.shortfallFen &&
      current.resolvedOn === cycle.resolvedOn &&
      current.bankNoticeDeadline === cycle.bankNoticeDeadline &&
      current.contractorReportDeadline === cycle.contractorReportDeadline &&
      (current.deadlinesProvisional ?? false) === cycle.deadlinesProvisional &&
      newEscalations.length === 0;
    if (same) continue;
    changes.push({
      type: 'update',
      id: current.id,
      cycle,
      resolved: current.status !== 'RESOLVED' && status === 'RESOLVED',
      reopened: current.status === 'WITHDRAWN',
      newEscalations,
    });
  }
  if (!opts.existingOnly) {
    for (const gone of byDueDate.values()) {
      if (gone.status !== 'WITHDRAWN') changes.push({ type: 'withdraw', id: gone.id });
    }
  }
  return changes;
}
