/**
 * The scorecard (治理成效, R22, K1–K4): the tables and rules that decide what counts, pure, so the
 * service (src/services/scorecard.ts) only reads rows and the unit tests hold every threshold.
 */
import type { IncidentKind } from '../entities/incident.entity';
import type { CaseSource } from '../entities/wage-case.entity';

/**
 * K1: the eight duties of 一金七制 (the wage deposit and the seven systems) and the alert kinds by
 * which the hub finds each one failing. A duty with no kinds is one the hub cannot judge yet: it is
 * reported NOT_JUDGED, never counted as passing. Judging a new duty is adding its kinds here.
 * Left out on purpose: RECONCILIATION_MISMATCH (the bank's figures, not a party's duty) and
 * SPECIAL_ACCOUNT_FREEZE (a court's act on the account, R10, not a failing of the project).
 */
export const K1_DUTIES = [
  {
    duty: 'WAGE_DEPOSIT',
    requirement: 'R1',
    kinds: ['DEPOSIT_MISSING', 'DEPOSIT_TOP_UP_OVERDUE', 'GUARANTEE_EXPIRING'],
  },
  // a worker attending with no labour contract or registration (R2; test/integration/workforce.test.ts)
  { duty: 'LABOUR_CONTRACTS', requirement: 'R2', kinds: ['WORKER_WITHOUT_CONTRACT'] },
  {
    duty: 'PROCESS_SETTLEMENT',
    requirement: 'R3',
    kinds: ['PAYMENT_GUARANTEE_MISSING', 'FUNDING_NOT_ARRANGED'],
  },
  { duty: 'REAL_NAME', requirement: 'R4', kinds: [] },
  {
    duty: 'SEPARATE_ACCOUNT',
    requirement: 'R5',
    kinds: ['SPECIAL_ACCOUNT_NOT_OPENED', 'SPECIAL_ACCOUNT_NOT_FILED', 'SPECIAL_ACCOUNT_CLOSED_EARLY'],
  },
  { duty: 'MONTHLY_LABOUR_COST', requirement: 'R5', kinds: ['MISSED_LABOR_COST_TRANSFER'] },
  { duty: 'CONTRACTOR_PAYS_WAGES', requirement: 'R6', kinds: [] },
  { duty: 'RIGHTS_BOARD', requirement: 'R7', kinds: ['RIGHTS_BOARD_MISSING'] },
] as const satisfies readonly { duty: string; requirement: string; kinds: readonly string[] }[];
export type K1Duty = (typeof K1_DUTIES)[number]['duty'];

export const judgedDuties = (): K1Duty[] => K1_DUTIES.filter((d) => d.kinds.length > 0).map((d) => d.duty);

/** (alert kind, duty) pairs, as the K1 statement joins them. */
export function dutyOfKindPairs(): { kinds: string[]; duties: string[] } {
  const kinds: string[] = [];
  const duties: string[] = [];
  for (const d of K1_DUTIES)
    for (const k of d.kinds) {
      kinds.push(k);
      duties.push(d.duty);
    }
  return { kinds, duties };
}

export interface AlertSpan {
  kind: string;
  status: string;
  openedOn: string;
  resolvedOn: string | null;
}

/**
 * An alert fails its duty in [from, asOf] when it was open on some day of it: opened by asOf and
 * not resolved before `from`. A withdrawn alert was never a miss (back-dated facts showed none).
 */
export function alertFailsIn(a: AlertSpan, from: string, asOf: string): boolean {
  if (a.status === 'WITHDRAWN') return false;
  return a.openedOn <= asOf && (a.resolvedOn === null || a.resolvedOn >= from);
}

/** The duties one project fails in the period, from its alerts (the rule the SQL applies). */
export function failedDuties(alerts: AlertSpan[], from: string, asOf: string): K1Duty[] {
  const failed = new Set<K1Duty>();
  for (const a of alerts) {
    if (!alertFailsIn(a, from, asOf)) continue;
    const d = K1_DUTIES.find((x) => (x.kinds as readonly string[]).includes(a.kind));
    if (d) failed.add(d.duty);
  }
  return K1_DUTIES.map((d) => d.duty).filter((d) => failed.has(d));
}

/** K1 is met only when every duty is judged and none fails; while one is not judged it is unknown. */
export function k1Met(failingProjects: number): boolean | null {
  if (judgedDuties().length < K1_DUTIES.length) return null;
  return failingProjects === 0;
}

/**
 * K3: the cases held to "closed on time" (national and provincial supervised cases, public-opinion
 * complaints), beside every clue from the two platforms (wage_clue, with its own dueOn).
 */
export const K3_CASE_SOURCES: readonly CaseSource[] = [
  'NATIONAL_PLATFORM',
  'PROVINCIAL_SYSTEM',
  'PUBLIC_OPINION',
];

export type Timeliness = 'ON_TIME' | 'LATE' | 'PENDING' | 'OUTSIDE';

/**
 * One case or clue in [from, asOf]: `endedOn` is the day it was closed or paid in full (null when
 * still open on asOf). Closed on its deadline day is on time, the day after late; open on asOf and
 * past its deadline is late; open and not yet past it is pending (not counted). Ended before
 * `from`, or received after asOf, it is outside the period.
 */
export function timeliness(
  receivedOn: string,
  deadline: string,
  endedOn: string | null,
  from: string,
  asOf: string,
): Timeliness {
  if (receivedOn > asOf) return 'OUTSIDE';
  const ended = endedOn !== null && endedOn <= asOf ? endedOn : null;
  if (ended !== null) {
    if (ended < from) return 'OUTSIDE';
    return ended <= deadline ? 'ON_TIME' : 'LATE';
  }
  return deadline < asOf ? 'LATE' : 'PENDING';
}

/** K4: the incidents that break "no mass incident, extreme incident, skip-level petition or major public opinion". */
export const K4_INCIDENT_KINDS: readonly IncidentKind[] = [
  'MASS_INCIDENT',
  'EXTREME_INCIDENT',
  'SKIP_LEVEL_PETITION',
  'MAJOR_PUBLIC_OPINION',
];
export const countsForK4 = (kind: string): boolean => (K4_INCIDENT_KINDS as readonly string[]).includes(kind);

/** A share in [0, 1] to four places; null when there is nothing to share (0 of 0). */
export const shareOf = (good: number, total: number): number | null =>
  total === 0 ? null : Math.round((good / total) * 10_000) / 10_000;

export const MAX_PERIOD_DAYS = 366;
export const DEFAULT_EVIDENCE = 20;
export const MAX_EVIDENCE = 100;
