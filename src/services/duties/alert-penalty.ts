/**
 * Which penalty an alert's duty carries (Regulation arts. 55, 57; RULES.md "Penalties"), so that
 * `imposePenalty` can be prefilled from an alert, and what a case made from a duty alert says.
 * - no deposit, or no guarantee in its place (DEPOSIT_*, GUARANTEE_EXPIRING): P2, on the general contractor;
 * - no payment guarantee (PAYMENT_GUARANTEE_MISSING), labour cost not transferred on time and in full
 *   (MISSED_LABOR_COST_TRANSFER): P4, on the owner;
 * - no rights-protection board (RIGHTS_BOARD_MISSING): P3 (art. 56), on the general contractor;
 * - no special account opened (SPECIAL_ACCOUNT_NOT_OPENED), or closed before the wages were settled
 *   (SPECIAL_ACCOUNT_CLOSED_EARLY: the account not used as the rules say): P2, on the general contractor;
 * - the account not filed (SPECIAL_ACCOUNT_NOT_FILED), funding not arranged (FUNDING_NOT_ARRANGED),
 *   a freeze (SPECIAL_ACCOUNT_FREEZE): none of P1–P5 names them (RULES.md "Penalties"): an order to
 *   correct, and a case, but no penalty to prefill.
 * - the pay alerts (src/services/workforce/pay-alerts): paying outside the payroll P2, no
 *   labour-wage manager P3; wages not paid, paid below the minimum or failed and not paid again: none.
 */
import type { AlertKind } from '../../entities/alert.entity';
import { DUTY_ALERT_KINDS, type DutyKind } from '../../domain/duties/duty-rules';
import { PENALTY_RULES, type PenaltyCode, type PenaltyConsequence } from '../../domain/penalty-ranges';
import { formatMoney } from '../../domain/money';
import type { Alert, Project } from '../../entities';
import type { EnterpriseView } from '../views/views';

export const PENALTY_OF_KIND: Partial<
  Record<AlertKind, { code: PenaltyCode; party: 'OWNER' | 'CONTRACTOR' }>
> = {
  MISSED_LABOR_COST_TRANSFER: { code: 'P4', party: 'OWNER' },
  DEPOSIT_MISSING: { code: 'P2', party: 'CONTRACTOR' },
  DEPOSIT_TOP_UP_OVERDUE: { code: 'P2', party: 'CONTRACTOR' },
  GUARANTEE_EXPIRING: { code: 'P2', party: 'CONTRACTOR' },
  PAYMENT_GUARANTEE_MISSING: { code: 'P4', party: 'OWNER' },
  RIGHTS_BOARD_MISSING: { code: 'P3', party: 'CONTRACTOR' },
  SPECIAL_ACCOUNT_NOT_OPENED: { code: 'P2', party: 'CONTRACTOR' },
  SPECIAL_ACCOUNT_CLOSED_EARLY: { code: 'P2', party: 'CONTRACTOR' },
  // art. 55: no real-name management of the workers on site
  WORKER_WITHOUT_CONTRACT: { code: 'P2', party: 'CONTRACTOR' },
  // art. 55: the special account not used as the rules say (it pays only the project's workers)
  PAID_OUTSIDE_PAYROLL: { code: 'P2', party: 'CONTRACTOR' },
  // art. 56: the general contractor does not supervise the subcontractors' labour (the manager's task, art. 28)
  NO_LABOUR_WAGE_MANAGER: { code: 'P3', party: 'CONTRACTOR' },
  // ATTENDED_NOT_PAID, PAYMENT_FAILED_UNRESOLVED, PAY_BELOW_MINIMUM_WAGE: wages owed, not a duty of
  // P1–P5 (an order to pay, arts. 11–14, and a wage case; the minimum wage is the Minimum Wage Provisions')
};

/** Who a duty is on, penalty or not: the owner gives the guarantee and arranges the funding; the rest is the contractor's. */
export const PARTY_OF_DUTY: Record<DutyKind, 'OWNER' | 'CONTRACTOR'> = {
  DEPOSIT_MISSING: 'CONTRACTOR',
  DEPOSIT_TOP_UP_OVERDUE: 'CONTRACTOR',
  GUARANTEE_EXPIRING: 'CONTRACTOR',
  PAYMENT_GUARANTEE_MISSING: 'OWNER',
  SPECIAL_ACCOUNT_NOT_OPENED: 'CONTRACTOR',
  SPECIAL_ACCOUNT_NOT_FILED: 'CONTRACTOR',
  SPECIAL_ACCOUNT_CLOSED_EARLY: 'CONTRACTOR',
  FUNDING_NOT_ARRANGED: 'OWNER',
  // the account holder, whose workers' money the court would take
  SPECIAL_ACCOUNT_FREEZE: 'CONTRACTOR',
  RIGHTS_BOARD_MISSING: 'CONTRACTOR',
};

export const isDutyKind = (kind: string): kind is DutyKind =>
  (DUTY_ALERT_KINDS as readonly string[]).includes(kind);

export interface PenaltyPrefill {
  code: PenaltyCode;
  article: string;
  party: EnterpriseView;
  projectId: string;
  consequence: PenaltyConsequence;
  minFineFen: bigint;
  maxFineFen: bigint;
  violations: string;
}

/** What imposePenalty would take for this alert's duty, or null for a kind with no penalty (a reconciliation). */
export function penaltyPrefill(
  alert: Pick<Alert, 'kind'>,
  project: { id: string; owner: EnterpriseView; contractor: EnterpriseView },
): PenaltyPrefill | null {
  const p = PENALTY_OF_KIND[alert.kind];
  if (!p) return null;
  const rule = PENALTY_RULES[p.code];
  return {
    code: p.code,
    article: rule.article,
    party: p.party === 'OWNER' ? project.owner : project.contractor,
    projectId: project.id,
    consequence: rule.consequences[0],
    minFineFen: rule.ranges.UNIT.minFen,
    maxFineFen: rule.ranges.UNIT.maxFen,
    violations: rule.violations,
  };
}

const WHAT: Record<DutyKind, string> = {
  DEPOSIT_MISSING: 'wage deposit not made',
  DEPOSIT_TOP_UP_OVERDUE: 'wage deposit not topped up after its use',
  GUARANTEE_EXPIRING: 'guarantee in place of the wage deposit not renewed',
  PAYMENT_GUARANTEE_MISSING: 'no payment guarantee from the owner',
  RIGHTS_BOARD_MISSING: 'no rights-protection board (维权信息公示牌) posted at the site',
  SPECIAL_ACCOUNT_NOT_OPENED: 'special account not opened',
  SPECIAL_ACCOUNT_NOT_FILED: 'special account not filed with the supervising department',
  SPECIAL_ACCOUNT_CLOSED_EARLY: 'special account closed before completion, settlement and publicity',
  FUNDING_NOT_ARRANGED: 'government-investment funding not arranged before the start',
  SPECIAL_ACCOUNT_FREEZE: 'court freeze of the special account not objected to in time',
};

/** A case from a duty alert: on the party the duty is on, claiming no wages (the amount missing is the alert's). */
export function dutyCaseTerms(alert: Alert, project: Project) {
  const kind = alert.kind as DutyKind;
  const penalty = PENALTY_OF_KIND[kind]?.code ?? 'none';
  return {
    employer: PARTY_OF_DUTY[kind] === 'OWNER' ? project.owner : project.contractor,
    amountFen: 0n,
    note: `from alert ${alert.id}: ${WHAT[kind]} (due ${alert.dueDate}${alert.shortfallFen > 0n ? `, short by ${formatMoney(alert.shortfallFen)}` : ''}); penalty ${penalty}`,
  };
}
