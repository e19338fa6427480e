/**
 * A deposit used (Deposit Rules; RULES.md): when an order to pay is not met, HRSS gives the bank a
 * written notice to pay the wages from the deposit; the bank pays within `bankPayWorkingDays`, and
 * from the day it paid the contractor has `topUpWorkingDays` to top the deposit up.
 */
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { rulesInForce } from '../../domain/duties/deposit-rules';
import { baseDateOf } from '../../domain/duties/deposit-requirement';
import { heldOn } from '../../domain/duties/instruments';
import { formatMoney } from '../../domain/money';
import { isUuid } from '../../domain/uuid';
import { DepositPaymentNotice, WageCase, type WageDeposit } from '../../entities';
import { now as clockNow, todayInShanghai } from '../../clock';
import { loadWorkingCalendar } from '../calendar';
import type { ServiceContext } from '../context';
import { addNotices, recipientKey } from '../outbox';
import { assertStatedDate } from '../stated-date';
import { assertHrssOf, recorder } from './access';
import { assertNotReturned, requireDeposit } from './deposits';
import { refreshProjectDuties } from './duty-sweep';
import { loadDutyFacts } from './facts';
import { loadDepositRules } from './rules';

export interface PaymentNoticeInput {
  depositId: string;
  amountFen: bigint;
  noticeOn: string;
  caseId?: string | null;
}

export async function recordDepositPaymentNotice(
  ctx: ServiceContext,
  input: PaymentNoticeInput,
): Promise<DepositPaymentNotice> {
  const deposit = await requireDeposit(ctx, input.depositId);
  const project = deposit.project;
  assertHrssOf(ctx.caller, project, 'gives notice to pay from a deposit');
  if (input.amountFen <= 0n) throw badInput('amount', 'must be more than 0');
  assertStatedDate(input.noticeOn, 'noticeOn');
  if (input.noticeOn < deposit.depositedOn)
    throw badInput('noticeOn', `must not be before the deposit was made (${deposit.depositedOn})`);
  if (deposit.validUntil !== null && input.noticeOn > deposit.validUntil)
    throw badInput('noticeOn', `the ${deposit.form} ended on ${deposit.validUntil}`);
  await assertNotReturned(ctx, project);
  let wageCase: WageCase | null = null;
  if (input.caseId) {
    wageCase = isUuid(input.caseId)
      ? await ctx.em.findOne(WageCase, { id: input.caseId, project: project.id })
      : null;
    if (!wageCase) throw badInput('caseId', "is not a case about this deposit's project");
  }
  const available = await availableOn(ctx, deposit, input.noticeOn);
  if (input.amountFen > available)
    throw badInput(
      'amount',
      `the deposit holds ${formatMoney(available)} yuan on ${input.noticeOn} beyond notices not yet paid`,
    );
  const versions = await loadDepositRules(ctx.em);
  const rules = rulesInForce(versions, baseDateOf(project));
  const payBy = (await loadWorkingCalendar(ctx.em)).workingDaysAfter(
    input.noticeOn,
    rules.bankPayWorkingDays,
  );
  const notice = ctx.em.create(DepositPaymentNotice, {
    deposit,
    amountFen: input.amountFen,
    noticeOn: input.noticeOn,
    payBy: payBy.date,
    payByProvisional: payBy.provisional,
    wageCase,
    recordedBy: recorder(ctx.caller),
  });
  await ctx.em.flush();
  const recipients = [recipientKey.enterprise(project.contractor.uscc)];
  if (deposit.bankCode) recipients.unshift(recipientKey.bank(deposit.bankCode));
  await addNotices(
    ctx.em,
    recipients.map((recipient) => ({
      topic: 'DEPOSIT_PAYMENT_NOTICE',
      recipient,
      dedupeKey: `deposit-notice:${notice.id}:${recipient}`,
      payload: {
        noticeId: notice.id,
        depositId: deposit.id,
        projectId: project.id,
        form: deposit.form,
        number: deposit.number,
        amount: formatMoney(input.amountFen),
        noticeOn: input.noticeOn,
        payBy: payBy.date,
        caseId: wageCase?.id ?? null,
      },
    })),
  );
  return notice;
}

/** What the instrument holds on `day`, less what earlier notices asked for and the bank has not yet paid. */
async function availableOn(ctx: ServiceContext, deposit: WageDeposit, day: string): Promise<bigint> {
  const batch = await loadDutyFacts(ctx.em, { projectIds: [deposit.project.id] });
  const instrument = (batch.deposits.get(deposit.project.id) ?? []).find((i) => i.id === deposit.id);
  const held = instrument ? heldOn([instrument], day) : 0n;
  const unpaid = await ctx.em.find(DepositPaymentNotice, { deposit: deposit.id, paidOn: null });
  return held - unpaid.reduce((sum, n) => sum + n.amountFen, 0n);
}

/** The bank that holds the deposit (or HRSS for it) records that it paid; a retry with the same day is harmless. */
export async function recordDepositPaid(
  ctx: ServiceContext,
  noticeId: string,
  paidOn: string,
): Promise<DepositPaymentNotice> {
  const notice = isUuid(noticeId)
    ? await ctx.em.findOne(DepositPaymentNotice, { id: noticeId }, { populate: ['deposit'] })
    : null;
  const deposit = notice ? await requireDeposit(ctx, notice.deposit.id, 'noticeId').catch(() => null) : null;
  if (!notice || !deposit) throw notFound(`noticeId: notice ${noticeId}`);
  const byBank =
    ctx.caller.org === 'BANK' && deposit.bankCode !== null && ctx.caller.bank === deposit.bankCode;
  if (!byBank) {
    if (ctx.caller.org === 'BANK')
      throw forbidden('only the bank that holds the deposit records that it paid');
    assertHrssOf(ctx.caller, deposit.project, 'records a payment for the bank');
  }
  assertStatedDate(paidOn, 'paidOn');
  if (paidOn < notice.noticeOn)
    throw badInput('paidOn', `must not be before the notice of ${notice.noticeOn}`);
  if (notice.paidOn !== null) {
    if (notice.paidOn === paidOn) return notice;
    throw conflict(`paidOn: already recorded as paid on ${notice.paidOn}`, 'paidOn');
  }
  notice.paidOn = paidOn;
  notice.paidRecordedAt = clockNow();
  await ctx.em.flush();
  await refreshProjectDuties(ctx.em, [deposit.project.id], todayInShanghai());
  return notice;
}
