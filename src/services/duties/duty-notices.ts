import type { EscalationNote } from '../../domain/alert-diff';
import type { DutyFinding, DutyKind } from '../../domain/duties/duty-rules';
import { formatMoney } from '../../domain/money';
import { agenciesOf, WARNING_SYSTEM } from '../compliance/alert-notices';
import { recipientKey, type NoticeDraft } from '../outbox';
import type { ProjectDutyRow } from './facts';
import { PARTY_OF_DUTY } from './alert-penalty';

/** Who a duty is on: the owner gives the payment guarantee and arranges the funding; the general contractor the rest. */
export const partyOf = (kind: DutyKind, p: Pick<ProjectDutyRow, 'ownerUscc' | 'contractorUscc'>): string =>
  PARTY_OF_DUTY[kind] === 'OWNER' ? p.ownerUscc : p.contractorUscc;

/**
 * Who hears of a duty alert as it opens or escalates: the party, the district HRSS and the industry
 * authority; a freeze goes to those agencies and the court (R10: the bank's report is "flagged at
 * once to HRSS and the court"), and funding not arranged also to the district government, which
 * invests (R13).
 */
function toldOf(kind: DutyKind, project: ProjectDutyRow, party: string, agencies: string[]): string[] {
  if (kind === 'SPECIAL_ACCOUNT_FREEZE') return [...agencies, `COURT:${project.districtCode}`];
  if (kind === 'FUNDING_NOT_ARRANGED') return [party, ...agencies, `GOVERNMENT:${project.districtCode}`];
  return [party, ...agencies];
}

/** Who hears it closed (resolved, withdrawn, reopened): the party and the district HRSS; for a freeze HRSS and the court. */
const closedTo = (kind: DutyKind, project: ProjectDutyRow, party: string, agencies: string[]): string[] =>
  kind === 'SPECIAL_ACCOUNT_FREEZE' ? [agencies[0], `COURT:${project.districtCode}`] : [party, agencies[0]];

const ACTIONS: Record<DutyKind, (f: DutyFinding) => string> = {
  DEPOSIT_MISSING: (f) =>
    `deposit the wage deposit of ${formatMoney(f.requiredFen)} yuan (or a guarantee in its place): it was due by ${f.dueDate}`,
  DEPOSIT_TOP_UP_OVERDUE: (f) =>
    `top up the wage deposit used on HRSS's notice by ${formatMoney(f.shortfallFen)} yuan: it was due by ${f.dueDate}`,
  GUARANTEE_EXPIRING: (f) =>
    `the guarantee in place of the wage deposit ends on ${f.dueDate}: renew it, or deposit ${formatMoney(f.shortfallFen)} yuan, before then`,
  PAYMENT_GUARANTEE_MISSING: (f) =>
    `the owner is to give the general contractor a payment guarantee (工程款支付担保): none in force from ${f.dueDate}`,
  RIGHTS_BOARD_MISSING: (f) =>
    `post the rights-protection board (维权信息公示牌) at the site's entrances and living areas and record it: it was due by ${f.dueDate}`,
  SPECIAL_ACCOUNT_NOT_OPENED: (f) =>
    `open the project's special account for migrant workers' wages (农民工工资专用账户): it was due by ${f.dueDate}`,
  SPECIAL_ACCOUNT_NOT_FILED: (f) =>
    `file the special account with the supervising department: it was due by ${f.dueDate}`,
  SPECIAL_ACCOUNT_CLOSED_EARLY: (f) =>
    `the special account was closed on ${f.dueDate} (${f.details?.reasons ?? 'early'}): reopen it until the wages are settled`,
  FUNDING_NOT_ARRANGED: (f) =>
    `a government-investment project is to show a verified funding arrangement before it starts on ${f.details?.startsOn ?? ''}`,
  SPECIAL_ACCOUNT_FREEZE: (f) =>
    `a court (${f.details?.court ?? 'not named'}, order ${f.details?.orderNo ?? 'not given'}) sought to freeze the special account on ${f.dueDate}: its funds may not be frozen but for these wages (Regulation art. 33); object by ${f.details?.objectionDeadline ?? f.correctionDeadline}`,
};

export type DutyEvent =
  | { event: 'opened' | 'resolved'; finding: DutyFinding }
  | { event: 'escalated'; finding: DutyFinding; escalation: EscalationNote }
  | { event: 'retracted'; escalation: EscalationNote }
  | { event: 'unresolved'; finding: DutyFinding; was: string }
  | { event: 'withdrawn' };

/**
 * The notices of a duty alert. There is no bank step: the party the duty is on
 * (`ENTERPRISE:{uscc}`) is told at once, with the district HRSS and the industry authority, which
 * order the correction; past the correction deadline, the escalation goes to them, the party and
 * the Liaoning warning system (a missing deposit is one of the graded warnings' ORANGE signs).
 * Resolved, withdrawn or reopened: the party and the district HRSS. Dedupe keys as the R5 chain's.
 */
export function dutyNotices(
  project: ProjectDutyRow,
  kind: DutyKind,
  alertId: string,
  e: DutyEvent,
): NoticeDraft[] {
  const party = recipientKey.enterprise(partyOf(kind, project));
  const agencies = agenciesOf(project);
  const base = {
    alertId,
    kind,
    projectId: project.id,
    districtCode: project.districtCode,
    industry: project.industry,
    partyUscc: partyOf(kind, project),
  };
  const detail =
    'finding' in e
      ? {
          dueDate: e.finding.dueDate,
          required: formatMoney(e.finding.requiredFen),
          shortfall: formatMoney(e.finding.shortfallFen),
          correctionDeadline: e.finding.correctionDeadline,
          resolvedOn: e.finding.resolvedOn,
          deadlinesProvisional: e.finding.deadlinesProvisional,
          ...(e.finding.details ? { details: e.finding.details } : {}),
        }
      : {};
  const draft = (
    topic: string,
    recipient: string,
    key: string,
    extra: Record<string, unknown> = {},
  ): NoticeDraft => ({
    topic,
    recipient,
    dedupeKey: `alert:${alertId}:${key}:${recipient}`,
    payload: { topic, ...base, ...detail, ...extra },
  });
  switch (e.event) {
    case 'opened':
      return toldOf(kind, project, party, agencies).map((r) =>
        draft('ALERT_OPENED', r, 'opened', { action: ACTIONS[kind](e.finding) }),
      );
    case 'escalated':
    case 'retracted': {
      const { kind: escalation, on, seq } = e.escalation;
      const key = `${e.event}:${escalation}${seq === 0 ? '' : `:${seq}`}`;
      const topic = e.event === 'escalated' ? 'ALERT_ESCALATED' : 'ESCALATION_RETRACTED';
      const extra = { escalation: { kind: escalation, on } };
      return [
        ...toldOf(kind, project, party, agencies).map((r) => draft(topic, r, key, extra)),
        draft(e.event === 'escalated' ? 'WARNING_SYSTEM_HANDOVER' : topic, WARNING_SYSTEM, key, extra),
      ];
    }
    case 'resolved':
      return closedTo(kind, project, party, agencies).map((r) =>
        draft('ALERT_RESOLVED', r, `resolved:${e.finding.resolvedOn}`),
      );
    case 'unresolved':
      return closedTo(kind, project, party, agencies).map((r) =>
        draft('ALERT_REOPENED', r, `reopened:${e.was}`, { previouslyResolvedOn: e.was }),
      );
    case 'withdrawn':
      return closedTo(kind, project, party, agencies).map((r) => draft('ALERT_WITHDRAWN', r, 'withdrawn'));
  }
}
