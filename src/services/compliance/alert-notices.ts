import { formatMoney } from '../../domain/money';
import type { EscalationKind, MissedCycle } from '../../domain/labor-cost-rule';
import type { NoticeDraft } from '../outbox';
import type { AgreementRow } from './agreement-batch';

/** The industry authorities that supervise projects of their industry (谁主管谁负责). */
const AUTHORITY_INDUSTRIES = new Set(['HOUSING', 'TRANSPORT', 'WATER', 'BENGANG']);
export const WARNING_SYSTEM = 'LIAONING_WARNING_SYSTEM';

export type AlertEvent =
  | { event: 'opened' | 'resolved'; cycle: MissedCycle }
  | { event: 'escalated'; cycle: MissedCycle; escalation: { kind: EscalationKind; on: string } }
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
 * case. Payloads hold no personal data. Dedupe keys make a re-run send nothing twice.
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
    case 'escalated': {
      const extra = { escalation: e.escalation };
      return [
        ...agencies.map((r) => draft('ALERT_ESCALATED', r, `escalated:${e.escalation.kind}`, extra)),
        draft('WARNING_SYSTEM_HANDOVER', WARNING_SYSTEM, `escalated:${e.escalation.kind}`, extra),
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
      return [`BANK:${agreement.bankCode}`, agencies[0]].map((r) => draft('ALERT_RESOLVED', r, 'resolved'));
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
