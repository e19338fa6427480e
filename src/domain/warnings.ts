/**
 * Graded warnings (R17), pure: which signals a subject's facts raise under the rule table city HRSS
 * keeps, and the grade they add up to (the highest raised). RULES.md ("Graded warnings") gives the
 * default grading; the table is data (`warning_rule`), never code. Signals whose facts the hub does
 * not hold yet (payroll, attendance) are not here: see the README.
 */
export const WARNING_GRADES = ['RED', 'ORANGE', 'YELLOW'] as const;
export type WarningGrade = (typeof WARNING_GRADES)[number];
export type RuleGrade = WarningGrade | 'OFF';

export const WARNING_SIGNALS = [
  'COMPLAINT_BEING_HANDLED',
  'ARREARS_UP_TO_MONTHS',
  'LABOR_COST_TRANSFER_LATE',
  'DUTY_ALERT_OPEN',
  'ARREARS_OVER_MONTHS',
  'WORKERS_OWED_AT_LEAST',
  'LABOR_COST_CYCLE_MISSED',
  'DEPOSIT_MISSING',
  'DUTY_ALERT_ESCALATED',
  'ARREARS_OVER_MONTHS_SEVERE',
  'COURT_FREEZE',
  'INCIDENT_WITHIN_DAYS',
  'BLACKLISTED',
] as const;
export type WarningSignal = (typeof WARNING_SIGNALS)[number];

/** Signals whose threshold is part of the rule (the others have none). */
export const THRESHOLD_SIGNALS: ReadonlySet<WarningSignal> = new Set([
  'ARREARS_UP_TO_MONTHS',
  'ARREARS_OVER_MONTHS',
  'WORKERS_OWED_AT_LEAST',
  'ARREARS_OVER_MONTHS_SEVERE',
  'INCIDENT_WITHIN_DAYS',
]);

export interface WarningRule {
  signal: WarningSignal;
  grade: RuleGrade;
  threshold: number | null;
}

/** What the hub knows of one project or employer on the day graded. */
export interface SubjectFacts {
  /** wage cases received and not yet paid or closed (a complaint being handled) */
  openCases: number;
  /** workers owed on those cases (verified lines, else the number claimed) */
  workersOwed: number;
  /** the most months any worker is owed on a verified case with arrears outstanding; 0: none */
  maxMonthsOwed: number;
  /** open MISSED_LABOR_COST_TRANSFER alerts still within the 3 + 3 chain (no escalation in force) */
  lateTransfers: number;
  /** open MISSED_LABOR_COST_TRANSFER alerts escalated: the cycle missed */
  missedCycles: number;
  /** open DEPOSIT_MISSING alerts: no deposit 20 working days after the permit */
  depositMissing: number;
  /** open SPECIAL_ACCOUNT_FREEZE alerts: a court freeze order */
  courtFreezes: number;
  /** other duty alerts open, and those of them escalated */
  otherAlertsOpen: number;
  otherAlertsEscalated: number;
  /** days since the latest incident (R20) about the subject, null: none */
  daysSinceIncident: number | null;
  /** the employer is on the blacklist */
  blacklisted: boolean;
}

export const NO_FACTS: SubjectFacts = {
  openCases: 0,
  workersOwed: 0,
  maxMonthsOwed: 0,
  lateTransfers: 0,
  missedCycles: 0,
  depositMissing: 0,
  courtFreezes: 0,
  otherAlertsOpen: 0,
  otherAlertsEscalated: 0,
  daysSinceIncident: null,
  blacklisted: false,
};

export interface WarningReason {
  signal: WarningSignal;
  grade: WarningGrade;
  detail: string;
}

export interface Grading {
  grade: WarningGrade | null;
  reasons: WarningReason[];
}

const RANK: Record<WarningGrade, number> = { RED: 3, ORANGE: 2, YELLOW: 1 };

/** Whether a signal is raised by the facts under its threshold, with what it says. */
function raised(signal: WarningSignal, t: number | null, f: SubjectFacts): string | null {
  const n = t ?? 0;
  switch (signal) {
    case 'COMPLAINT_BEING_HANDLED':
      return f.openCases > 0 ? `${f.openCases} wage case(s) being handled` : null;
    case 'ARREARS_UP_TO_MONTHS':
      return f.maxMonthsOwed > 0 && f.maxMonthsOwed <= n ? `arrears of ${f.maxMonthsOwed} month(s)` : null;
    case 'ARREARS_OVER_MONTHS':
    case 'ARREARS_OVER_MONTHS_SEVERE':
      return f.maxMonthsOwed > n ? `arrears of ${f.maxMonthsOwed} months (over ${n})` : null;
    case 'WORKERS_OWED_AT_LEAST':
      return f.workersOwed >= n ? `${f.workersOwed} workers owed (${n} or more)` : null;
    case 'LABOR_COST_TRANSFER_LATE':
      return f.lateTransfers > 0 ? `${f.lateTransfers} labour-cost transfer(s) late` : null;
    case 'LABOR_COST_CYCLE_MISSED':
      return f.missedCycles > 0 ? `${f.missedCycles} labour-cost cycle(s) missed and escalated` : null;
    case 'DEPOSIT_MISSING':
      return f.depositMissing > 0 ? 'no wage deposit 20 working days after the permit' : null;
    case 'COURT_FREEZE':
      return f.courtFreezes > 0 ? 'a court freeze order on the special account' : null;
    case 'DUTY_ALERT_OPEN':
      return f.otherAlertsOpen > 0 ? `${f.otherAlertsOpen} other duty alert(s) open` : null;
    case 'DUTY_ALERT_ESCALATED':
      return f.otherAlertsEscalated > 0 ? `${f.otherAlertsEscalated} duty alert(s) past correction` : null;
    case 'INCIDENT_WITHIN_DAYS':
      return f.daysSinceIncident !== null && f.daysSinceIncident <= n
        ? `an incident ${f.daysSinceIncident} day(s) ago (within ${n})`
        : null;
    case 'BLACKLISTED':
      return f.blacklisted ? 'the employer is on the blacklist' : null;
  }
}

/** The grade the facts add up to under the rules: the highest signal raised, every raised one a reason. */
export function gradeFacts(rules: readonly WarningRule[], facts: SubjectFacts): Grading {
  const reasons: WarningReason[] = [];
  for (const rule of rules) {
    if (rule.grade === 'OFF') continue;
    const detail = raised(rule.signal, rule.threshold, facts);
    if (detail !== null) reasons.push({ signal: rule.signal, grade: rule.grade, detail });
  }
  reasons.sort((a, b) => RANK[b.grade] - RANK[a.grade] || a.signal.localeCompare(b.signal));
  return { grade: reasons[0]?.grade ?? null, reasons };
}

export const gradeRank = (g: WarningGrade): number => RANK[g];

/** RULES.md's default grading for the signals the hub holds (the migration seeds the same rows). */
export const DEFAULT_WARNING_RULES: readonly WarningRule[] = [
  { signal: 'COMPLAINT_BEING_HANDLED', grade: 'YELLOW', threshold: null },
  { signal: 'ARREARS_UP_TO_MONTHS', grade: 'YELLOW', threshold: 1 },
  { signal: 'LABOR_COST_TRANSFER_LATE', grade: 'YELLOW', threshold: null },
  { signal: 'DUTY_ALERT_OPEN', grade: 'YELLOW', threshold: null },
  { signal: 'ARREARS_OVER_MONTHS', grade: 'ORANGE', threshold: 1 },
  { signal: 'WORKERS_OWED_AT_LEAST', grade: 'ORANGE', threshold: 10 },
  { signal: 'LABOR_COST_CYCLE_MISSED', grade: 'ORANGE', threshold: null },
  { signal: 'DEPOSIT_MISSING', grade: 'ORANGE', threshold: null },
  { signal: 'DUTY_ALERT_ESCALATED', grade: 'ORANGE', threshold: null },
  { signal: 'ARREARS_OVER_MONTHS_SEVERE', grade: 'RED', threshold: 2 },
  { signal: 'COURT_FREEZE', grade: 'RED', threshold: null },
  { signal: 'INCIDENT_WITHIN_DAYS', grade: 'RED', threshold: 90 },
  { signal: 'BLACKLISTED', grade: 'RED', threshold: null },
];
