/**
 * 一事一议 (R20): an employer that cannot pay is put to the district government, which decides on
 * the case as a single matter (funds, guarantees, the project's owner). A move on the case like the
 * others (ESCALATE_TO_GOVERNMENT in case-states.ts, kept in its history), made once, on an open case.
 */
import { todayInShanghai } from '../../clock';
import { FINAL_STATUSES } from '../../domain/case-states';
import { badInput, conflict } from '../../domain/errors';
import { formatMoney } from '../../domain/money';
import type { WageCase } from '../../entities';
import { maskNumbers } from '../../log-safe-error';
import { requiredText, type ServiceContext } from '../context';
import { addNotices, noticeDedupeKey, recipientKey } from '../outbox';
import { routedTo } from './actors';
import { arrearsOf, beginMove, finishMove } from './moves';

export const CASE_ESCALATED_TOPIC = 'CASE_ESCALATED_TO_GOVERNMENT';

/**
 * Records the escalation today (Asia/Shanghai) and notifies `GOVERNMENT:{district}` and
 * `HRSS:{district}` in the same transaction. By the case's agency, the HRSS of its district or
 * city HRSS. CONFLICT with `extensions.reason` CASE_CLOSED on a PAID or CLOSED case, and
 * ALREADY_ESCALATED on a case escalated before. The reason stays in the hub (it may name people);
 * one holding an ID or bank card number is refused.
 */
export async function escalateCaseToGovernment(
  ctx: ServiceContext,
  caseId: string,
  reasonInput: string,
): Promise<WageCase> {
  const reason = requiredText(reasonInput ?? '', 'reason', 2000);
  if (maskNumbers(reason) !== reason) throw badInput('reason', 'must not contain ID or bank card numbers');
  const on = todayInShanghai();
  const { wageCase, move } = await beginMove(
    ctx,
    { caseId, action: 'ESCALATE_TO_GOVERNMENT', on, onField: 'on' },
    (c) => {
      if (FINAL_STATUSES.includes(c.status))
        throw conflict(
          `status: the case is ${c.status}; only an open case is escalated`,
          'status',
          'CASE_CLOSED',
        );
      if (c.escalatedToGovernmentOn)
        throw conflict(
          `escalatedToGovernmentOn: the case was already escalated to the district government on ${c.escalatedToGovernmentOn}`,
          'escalatedToGovernmentOn',
          'ALREADY_ESCALATED',
        );
    },
  );
  wageCase.escalatedToGovernmentOn = on;
  wageCase.governmentEscalationReason = reason;
  await finishMove(ctx, wageCase, move, on, reason);
  const payload = {
    caseId: wageCase.id,
    escalatedOn: on,
    escalatedBy: `${ctx.caller.org}:${ctx.caller.district}`,
    districtCode: wageCase.districtCode,
    projectId: wageCase.project?.id ?? null,
    projectName: wageCase.project?.name ?? null,
    employerUscc: wageCase.employer.uscc,
    employerName: wageCase.employer.name,
    workers: wageCase.workers,
    claimedAmount: formatMoney(wageCase.claimedAmountFen),
    arrearsOutstanding: wageCase.verifiedOn ? formatMoney(arrearsOf(wageCase)) : null,
    caseStatus: wageCase.status,
    routedTo: routedTo(wageCase),
  };
  const recipients = [`GOVERNMENT:${wageCase.districtCode}`, recipientKey.hrss(wageCase.districtCode)];
  await addNotices(
    ctx.em,
    recipients.map((recipient) => ({
      topic: CASE_ESCALATED_TOPIC,
      recipient,
      dedupeKey: noticeDedupeKey(CASE_ESCALATED_TOPIC, wageCase.id, recipient),
      payload,
    })),
  );
  return wageCase;
}
