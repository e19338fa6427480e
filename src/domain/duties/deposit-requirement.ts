/**
 * What a project must deposit (R1), from its contract price, the rules in force on its base date
 * and what the hub itself knows of the contractor (its cases and the blacklist), with each reason.
 *
 * Readings of points the texts leave open:
 * - The base date is the construction permit's, or the contract's signing where no permit is
 *   needed; the facts (arrears, listing, other projects) are judged as of that day, so a project's
 *   requirement does not move under a deposit already made.
 * - "Arrears" is a wage claim received in the window whose verification found the contractor the
 *   debtor with wages owed. "The year before" (上一年度) is the calendar year before the base date's;
 *   "the prior 2 years" (近2年) the two years up to the day before it.
 * - "Listed" is an entry of the contractor on the blacklist in force on the base date.
 * - "Several projects": another of the contractor's projects in the hub under construction on the
 *   base date (started, not completed).
 * - A listed contractor is never exempt, and only the larger raise applies (listed: 100 %, not
 *   150 % + 100 %). The cap limits what the contract price gives; a raise comes on top of it, so a
 *   capped, listed contractor still deposits double. Amounts are rounded up to the fen.
 */
import type { CalendarDate, WorkingCalendar } from '../calendar';
import { yearOf } from '../dates';
import { formatMoney } from '../money';
import { DEPOSIT_DUE_WORKING_DAYS, type DepositRules } from './deposit-rules';
import { addYears } from './months';

export interface ContractorHistory {
  /** days claims were received whose verification found the contractor owing wages */
  arrearsOn: readonly string[];
  listings: readonly { decidedOn: string; listedUntil: string; removedOn: string | null }[];
  /** the contractor's other projects in the hub */
  otherProjects: readonly { startsOn: string; completedOn: string | null }[];
}

export interface ProjectTerms {
  contractPriceFen: bigint;
  contractSignedOn: string;
  permitIssuedOn: string | null;
}

export const REQUIREMENT_REASONS = [
  'BASE_RATIO',
  'SEVERAL_PROJECTS',
  'CAP',
  'EXEMPT_SMALL_PROJECT',
  'NOT_EXEMPT',
  'RAISED_ARREARS',
  'RAISED_LISTED',
] as const;
export type RequirementReasonCode = (typeof REQUIREMENT_REASONS)[number];

export interface DepositRequirement {
  baseDate: string;
  baseDateKind: 'PERMIT' | 'CONTRACT_SIGNING';
  dueDate: CalendarDate;
  requiredFen: bigint;
  exempt: boolean;
  /** the ratio applied, in parts per million of the contract price (before a cap) */
  ratePpm: number;
  reasons: { code: RequirementReasonCode; text: string }[];
  rulesEffectiveFrom: string;
}

export const baseDateOf = (p: Pick<ProjectTerms, 'contractSignedOn' | 'permitIssuedOn'>): string =>
  p.permitIssuedOn ?? p.contractSignedOn;

/** The 20th working day after the base date (Civil Code 201: counting starts the day after). */
export const depositDueDate = (
  p: Pick<ProjectTerms, 'contractSignedOn' | 'permitIssuedOn'>,
  calendar: WorkingCalendar,
): CalendarDate => calendar.workingDaysAfter(baseDateOf(p), DEPOSIT_DUE_WORKING_DAYS);

export interface HistoryFacts {
  arrearsPriorYear: boolean;
  arrearsPriorTwoYears: boolean;
  listed: boolean;
  severalProjects: boolean;
}

export function historyFactsOn(history: ContractorHistory, day: string): HistoryFacts {
  const twoYearsBefore = addYears(day, -2);
  return {
    arrearsPriorYear: history.arrearsOn.some((d) => yearOf(d) === yearOf(day) - 1),
    arrearsPriorTwoYears: history.arrearsOn.some((d) => d >= twoYearsBefore && d < day),
    listed: history.listings.some(
      (l) => l.decidedOn <= day && day <= l.listedUntil && (l.removedOn === null || l.removedOn > day),
    ),
    severalProjects: history.otherProjects.some(
      (p) => p.startsOn <= day && (p.completedOn === null || p.completedOn > day),
    ),
  };
}

const pct = (ppm: number): string => `${(ppm / 10_000).toFixed(4).replace(/\.?0+$/, '')} %`;
const yuan = (fen: bigint): string => `¥${formatMoney(fen)}`;
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export function computeDepositRequirement(
  project: ProjectTerms,
  rules: DepositRules,
  history: ContractorHistory,
  calendar: WorkingCalendar,
): DepositRequirement {
  const baseDate = baseDateOf(project);
  const facts = historyFactsOn(history, baseDate);
  const common = {
    baseDate,
    baseDateKind: project.permitIssuedOn ? ('PERMIT' as const) : ('CONTRACT_SIGNING' as const),
    dueDate: depositDueDate(project, calendar),
    rulesEffectiveFrom: rules.effectiveFrom,
  };
  const reasons: DepositRequirement['reasons'] = [];
  const price = project.contractPriceFen;
  if (
    rules.exemptionBelowFen !== null &&
    price < rules.exemptionBelowFen &&
    !facts.arrearsPriorYear &&
    !facts.listed
  ) {
    reasons.push({
      code: 'EXEMPT_SMALL_PROJECT',
      text: `contract price ${yuan(price)} is under ${yuan(rules.exemptionBelowFen)} and the contractor had no arrears in ${yearOf(baseDate) - 1}: exempt (Deposit Rules art. 11)`,
    });
    return { ...common, requiredFen: 0n, exempt: true, ratePpm: 0, reasons };
  }
  if (rules.exemptionBelowFen !== null && price < rules.exemptionBelowFen) {
    reasons.push({
      code: 'NOT_EXEMPT',
      text: facts.listed
        ? `contract price under ${yuan(rules.exemptionBelowFen)}, but the contractor is on the blacklist: not exempt`
        : `contract price under ${yuan(rules.exemptionBelowFen)}, but a claim in ${yearOf(baseDate) - 1} found the contractor owing wages: not exempt`,
    });
  }
  let ratioBp = rules.baseRatioBp;
  reasons.push({ code: 'BASE_RATIO', text: `${pct(ratioBp * 100)} of the contract price ${yuan(price)}` });
  if (
    facts.severalProjects &&
    rules.severalProjectsRatioBp !== null &&
    rules.severalProjectsRatioBp < ratioBp
  ) {
    ratioBp = rules.severalProjectsRatioBp;
    reasons.push({
      code: 'SEVERAL_PROJECTS',
      text: `the contractor has other projects under construction in the city: ${pct(ratioBp * 100)} (not below 0.5 %)`,
    });
  }
  let baseFen = ceilDiv(price * BigInt(ratioBp), 10_000n);
  if (rules.capFen !== null && baseFen > rules.capFen) {
    reasons.push({ code: 'CAP', text: `${yuan(baseFen)} is capped at ${yuan(rules.capFen)}` });
    baseFen = rules.capFen;
  }
  let raisePct = 0;
  if (facts.listed) {
    raisePct = rules.listedRaisePct;
    reasons.push({
      code: 'RAISED_LISTED',
      text: `the contractor is on the blacklist on ${baseDate}: raised by ${raisePct} % (Deposit Rules art. 12)`,
    });
  } else if (facts.arrearsPriorTwoYears) {
    raisePct = rules.arrearsRaisePct;
    reasons.push({
      code: 'RAISED_ARREARS',
      text: `a claim against the contractor in the 2 years before ${baseDate} found arrears: raised by ${raisePct} % (Deposit Rules art. 12)`,
    });
  }
  const requiredFen = ceilDiv(baseFen * BigInt(100 + raisePct), 100n);
  return { ...common, requiredFen, exempt: false, ratePpm: ratioBp * (100 + raisePct), reasons };
}
