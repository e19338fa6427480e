import type { EscalationNote } from '../../domain/alert-diff';
import type { DutyFinding, DutyKind } from '../../domain/duties/duty-rules';
import { formatMoney } from '../../domain/money';
import { agenciesOf, WARNING_SYSTEM } from '../compliance/alert-notices';
import { recipientKey, type NoticeDraft } from '../outbox';
import type { ProjectDutyRow } from './facts';

/** Who a duty is on: the owner gives the payment guarantee; the general contractor owes the deposit. */
export const partyOf = (kind: DutyKind, p: Pick<ProjectDutyRow, 'ownerUscc' | 'contractorUscc'>): string =>
  kind === 'PAYMENT_GUARANTEE_MISSING' ? p.ownerUscc : p.contractorUscc;

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
      return [party, ...agencies].map((r) =>
        draft('ALERT_OPENED', r, 'opened', { action: ACTIONS[kind](e.finding) }),
      );
    case 'escalated':
    case 'retracted': {
      const { kind: escalation, on, seq } = e.escalation;
      const key = `${e.event}:${escalation}${seq === 0 ? '' : `:${seq}`}`;
      const topic = e.event === 'escalated' ? 'ALERT_ESCALATED' : 'ESCALATION_RETRACTED';
      const extra = { escalation: { kind: escalation, on } };
      return [
        ...[party, ...agencies].map((r) => draft(topic, r, key, extra)),
        draft(e.event === 'escalated' ? 'WARNING_SYSTEM_HANDOVER' : topic, WARNING_SYSTEM, key, extra),
      ];
    }
    case 'resolved':
      return [party, agencies[0]].map((r) => draft('ALERT_RESOLVED', r, `resolved:${e.finding.resolvedOn}`));
    case 'unresolved':
      return [party, agencies[0]].map((r) =>
        draft('ALERT_REOPENED', r, `reopened:${e.was}`, { previouslyResolvedOn: e.was }),
      );
    case 'withdrawn':
      return [party, agencies[0]].map((r) => draft('ALERT_WITHDRAWN', r, 'withdrawn'));
  }
}
