import type { EscalationKind, MissedCycle } from './labor-cost-rule';

/**
 * One escalation as stored on an alert. An escalation the best facts no longer give is RETRACTED,
 * not deleted: it stays in the list with `retractedOn` (the Shanghai date the hub learned it), and
 * nothing acts on it any more. One that becomes true again is a new entry of the same kind.
 */
export interface StoredEscalation {
  kind: EscalationKind;
  on: string;
  retractedOn?: string | null;
}

/** An escalation a change announces, with its place among the entries of its kind (for dedupe keys). */
export interface EscalationNote {
  kind: EscalationKind;
  on: string;
  /** 0 for the first entry of this kind on the alert, 1 for the next, … */
  seq: number;
}

/** What the hub has stored for one alert, as far as the diff needs it. */
export interface StoredAlertState {
  id: string;
  dueDate: string;
  status: 'OPEN' | 'RESOLVED' | 'WITHDRAWN';
  shortfallFen: bigint;
  resolvedOn: string | null;
  bankNoticeDeadline: string;
  contractorReportDeadline: string;
  escalations: StoredEscalation[];
  /** absent: false (the column's default) */
  deadlinesProvisional?: boolean;
}

export type AlertChange =
  | { type: 'open'; cycle: MissedCycle; escalations: StoredEscalation[]; newEscalations: EscalationNote[] }
  | {
      type: 'update';
      id: string;
      cycle: MissedCycle;
      resolved: boolean;
      /** WITHDRAWN → OPEN or RESOLVED: the data show the miss again */
      reopened: boolean;
      /** RESOLVED → OPEN (a reversal took back the credit that had caught up): the resolvedOn undone */
      unresolvedFrom: string | null;
      /** the whole list to store (the one path that writes escalations) */
      escalations: StoredEscalation[];
      newEscalations: EscalationNote[];
      retracted: EscalationNote[];
    }
  | { type: 'withdraw'; id: string; escalations: StoredEscalation[]; retracted: EscalationNote[] };

export interface DiffOptions {
  /** at intake, after a chain step: evaluated as of today, which has not ended */
  existingOnly?: boolean;
  /** the date the evaluation is as of; stored findings dated after it are beyond its horizon */
  asOf: string;
  /** the Shanghai date the hub learns what the evaluation says (the clock's today): retractedOn */
  learnedOn: string;
}

const statusOf = (cycle: MissedCycle) => (cycle.resolvedOn ? 'RESOLVED' : 'OPEN');
const isCurrent = (e: StoredEscalation): boolean => !e.retractedOn;

/**
 * The writes that make the stored alerts equal to an evaluation ("written by difference"): a new
 * miss opens, a changed one is updated, a stored one the data no longer shows is WITHDRAWN; an
 * escalation the data no longer give is retracted. Nothing is returned for what is already as
 * evaluated, so a re-run writes nothing.
 *
 * Findings dated after `asOf` (an evaluation as of today at intake, then a sweep of an earlier
 * day) are beyond this evaluation's horizon: it neither retracts them nor undoes their resolution,
 * so a sweep for an earlier date never undoes what a later evaluation found.
 * `existingOnly` updates the alerts already open or resolved, and neither opens nor withdraws any.
 */
export function diffAlerts(
  stored: readonly StoredAlertState[],
  evaluated: readonly MissedCycle[],
  opts: DiffOptions,
): AlertChange[] {
  const byDueDate = new Map(stored.map((a) => [a.dueDate, a]));
  const changes: AlertChange[] = [];
  for (const found of evaluated) {
    const current = byDueDate.get(found.dueDate);
    byDueDate.delete(found.dueDate);
    if (!current) {
      if (opts.existingOnly) continue;
      const merged = mergeEscalations([], found.escalations, opts);
      changes.push({ type: 'open', cycle: found, ...pick(merged, 'escalations', 'newEscalations') });
      continue;
    }
    if (opts.existingOnly && current.status === 'WITHDRAWN') continue;
    const cycle = keepLaterResolution(current, found, opts.asOf);
    const wasWithdrawn = current.status === 'WITHDRAWN';
    // A withdrawn alert's escalations were all retracted; what the data show again is new.
    const merged = mergeEscalations(current.escalations, cycle.escalations, opts);
    const status = statusOf(cycle);
    const same =
      current.status === status &&
      current.shortfallFen === cycle.shortfallFen &&
      current.resolvedOn === cycle.resolvedOn &&
      current.bankNoticeDeadline === cycle.bankNoticeDeadline &&
      current.contractorReportDeadline === cycle.contractorReportDeadline &&
      (current.deadlinesProvisional ?? false) === cycle.deadlinesProvisional &&
      !merged.changed;
    if (same) continue;
    changes.push({
      type: 'update',
      id: current.id,
      cycle,
      resolved: current.status !== 'RESOLVED' && status === 'RESOLVED',
      reopened: wasWithdrawn,
      unresolvedFrom: current.status === 'RESOLVED' && status === 'OPEN' ? current.resolvedOn : null,
      ...pick(merged, 'escalations', 'newEscalations', 'retracted'),
    });
  }
  if (!opts.existingOnly) {
    for (const gone of byDueDate.values()) {
      if (gone.status === 'WITHDRAWN') continue;
      // Withdrawn: no miss happened, so no escalation of it stands, whatever its date.
      const merged = mergeEscalations(gone.escalations, [], { ...opts, asOf: '9999-12-31' });
      changes.push({ type: 'withdraw', id: gone.id, ...pick(merged, 'escalations', 'retracted') });
    }
  }
  return changes;
}

/**
 * An alert resolved by an evaluation as of a later day than this one (today, at intake) stays
 * resolved: the credit that resolved it is beyond this evaluation's horizon, not disproved by it.
 */
function keepLaterResolution(current: StoredAlertState, found: MissedCycle, asOf: string): MissedCycle {
  if (found.resolvedOn === null && current.resolvedOn !== null && current.resolvedOn > asOf)
    return { ...found, resolvedOn: current.resolvedOn };
  return found;
}

/**
 * Per kind, the stored current entry against the evaluated one: none stored → a new entry; none
 * evaluated → retracted (unless dated after asOf); both, on other dates → the date follows the
 * deadline as now known (the escalation stands: nobody is told twice).
 */
function mergeEscalations(
  stored: readonly StoredEscalation[],
  evaluated: readonly { kind: EscalationKind; on: string }[],
  opts: DiffOptions,
): {
  escalations: StoredEscalation[];
  newEscalations: EscalationNote[];
  retracted: EscalationNote[];
  changed: boolean;
} {
  const escalations = stored.map((e) => ({ ...e }));
  const newEscalations: EscalationNote[] = [];
  const retracted: EscalationNote[] = [];
  let changed = false;
  const seqOf = (index: number): number =>
    escalations.slice(0, index).filter((e) => e.kind === escalations[index].kind).length;
  const kinds = new Set([
    ...escalations.filter(isCurrent).map((e) => e.kind),
    ...evaluated.map((e) => e.kind),
  ]);
  for (const kind of kinds) {
    const index = escalations.findIndex((e) => e.kind === kind && isCurrent(e));
    const wanted = evaluated.find((e) => e.kind === kind);
    if (index === -1 && wanted) {
      escalations.push({ kind, on: wanted.on, retractedOn: null });
      newEscalations.push({ kind, on: wanted.on, seq: seqOf(escalations.length - 1) });
      changed = true;
    } else if (index !== -1 && !wanted) {
      if (escalations[index].on > opts.asOf) continue;
      escalations[index].retractedOn = opts.learnedOn;
      retracted.push({ kind, on: escalations[index].on, seq: seqOf(index) });
      changed = true;
    } else if (index !== -1 && wanted && escalations[index].on !== wanted.on) {
      escalations[index].on = wanted.on;
      changed = true;
    }
  }
  return { escalations, newEscalations, retracted, changed };
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
