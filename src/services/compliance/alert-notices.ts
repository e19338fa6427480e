import { formatMoney } from '../../domain/money';
import type { MissedCycle } from '../../domain/labor-cost-rule';
import type { EscalationNote } from '../../domain/alert-diff';
import type { NoticeDraft } from '../outbox';
import type { AgreementRow } from './agreement-batch';

/** The industry authorities that supervise projects of their industry (谁主管谁负责). */
const AUTHORITY_INDUSTRIES = new Set(['HOUSING', 'TRANSPORT', 'WATER', 'BENGANG']);
export const WARNING_SYSTEM = 'LIAONING_WARNING_SYSTEM';

export type AlertEvent =
  | { event: 'opened' | 'resolved'; cycle: MissedCycle }
  | { event: 'escalated'; cycle: MissedCycle; escalation: EscalationNote }
  | { event: 'retracted'; escalation: EscalationNote }
  | { event: 'unresolved'; cycle: MissedCycle; was: string }
  | { event: 'reported'; reportedAt: Date }
  | { event: 'withdrawn' };

/** The agencies of a project: its district HRSS and, for its industry, the industry authority. */
export function agenciesOf(agreement: Pick<AgreementRow, 'districtCode' | 'industry'>): string[] {
  const recipients = [`HRSS:${agreement.districtCode}`];
  if (AUTHORITY_INDUSTRIES.has(agreement.industry))
    recipients.push(`${agreement.industry}:${agreement.districtCode}`);
  return recipients;
}

/**
 * The notices an alert change sends (R5's chain): opened → the bank, to notify the contractor;
 * escalated or reported → the district HRSS and the industry authority, and the hand-over to the
 * Liaoning warning system; resolved or withdrawn → the bank and HRSS, so nobody chases a closed
 * case; an escalation retracted (later facts show the deadline was met) → everyone its escalation
 * went to; a resolution a reversal undid (ALERT_REOPENED) → the bank and HRSS. Payloads hold no
 * personal data. Dedupe keys make a re-run send nothing twice; an escalation's key carries its
 * place among the entries of its kind, so one that becomes true again is announced again.
 */
export function noticesFor(agreement: AgreementRow, alertId: string, e: AlertEvent): NoticeDraft[] {
  const base = {
    alertId,
    kind: 'MISSED_LABOR_COST_TRANSFER',
    projectId: agreement.projectId,
    districtCode: agreement.districtCode,
    industry: agreement.industry,
    bankCode: agreement.bankCode,
    accountNo: agreement.accountNo,
  };
  const detail = 'cycle' in e ? cycleDetail(e.cycle) : {};
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
  const agencies = agenciesOf(agreement);
  switch (e.event) {
    case 'opened':
      return [
        draft('ALERT_OPENED', `BANK:${agreement.bankCode}`, 'opened', {
          action: 'notify the general contractor within the bank notice deadline',
        }),
      ];
    case 'escalated':
    case 'retracted': {
      const { kind, on, seq } = e.escalation;
      const key = `${e.event}:${kind}${seq === 0 ? '' : `:${seq}`}`;
      const topic = e.event === 'escalated' ? 'ALERT_ESCALATED' : 'ESCALATION_RETRACTED';
      const extra = { escalation: { kind, on } };
      return [
        ...agencies.map((r) => draft(topic, r, key, extra)),
        draft(e.event === 'escalated' ? 'WARNING_SYSTEM_HANDOVER' : topic, WARNING_SYSTEM, key, extra),
      ];
    }
    case 'reported': {
      const extra = { contractorReportedAt: e.reportedAt.toISOString() };
      return [
        ...agencies.map((r) => draft('CONTRACTOR_REPORTED', r, 'reported', extra)),
        draft('WARNING_SYSTEM_HANDOVER', WARNING_SYSTEM, 'reported', extra),
      ];
    }
    case 'resolved':
      // keyed by the day, so a resolution a reversal undid, then made good again, is announced again
      return [`BANK:${agreement.bankCode}`, agencies[0]].map((r) =>
        draft('ALERT_RESOLVED', r, `resolved:${e.cycle.resolvedOn}`),
      );
    case 'unresolved':
      return [`BANK:${agreement.bankCode}`, agencies[0]].map((r) =>
        draft('ALERT_REOPENED', r, `reopened:${e.was}`, {
          reason: 'a reversal took back the credit that had made it good',
          previouslyResolvedOn: e.was,
        }),
      );
    case 'withdrawn':
      return [`BANK:${agreement.bankCode}`, agencies[0]].map((r) => draft('ALERT_WITHDRAWN', r, 'withdrawn'));
  }
}

function cycleDetail(c: MissedCycle): Record<string, unknown> {
  return {
    dueDate: c.dueDate,
    shortfall: formatMoney(c.shortfallFen),
    bankNoticeDeadline: c.bankNoticeDeadline,
    contractorReportDeadline: c.contractorReportDeadline,
    resolvedOn: c.resolvedOn,
    deadlinesProvisional: c.deadlinesProvisional,
  };
}
