import { Alert, type TripartiteAgreement } from '../../entities';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { shanghaiDateOf } from '../../domain/dates';
import type { ServiceContext } from '../context';
import { addNotices } from '../outbox';
import { findAlert } from './alerts';
import { noticesFor } from './alert-notices';
import { refreshAccountAlerts } from './sweep';
import { now as clockNow, nowMs as clockNowMs } from '../../clock';

const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The bank records that it notified the general contractor (R5 step one). Only the account's bank. */
export async function recordContractorNotified(
  ctx: ServiceContext,
  alertId: string,
  at: Date,
): Promise<Alert> {
  const alert = await openAlertFor(ctx, alertId);
  if (ctx.caller.org !== 'BANK' || alert.agreement.account.bank.code !== ctx.caller.bank) {
    throw forbidden('only the bank that holds the special account records that it notified the contractor');
  }
  checkStepTime(alert, at);
  if (alert.contractorNotifiedAt)
    return sameOrConflict(alert, alert.contractorNotifiedAt, at, 'contractorNotifiedAt');
  alert.contractorNotifiedAt = at;
  alert.contractorNotifiedRecordedAt = clockNow(); // a back-dated notice shows as one
  await ctx.em.flush();
  return reevaluate(ctx, alert);
}

/** The contractor records that it reported to the district HRSS and the industry authority (step two). */
export async function recordContractorReport(ctx: ServiceContext, alertId: string, at: Date): Promise<Alert> {
  const alert = await openAlertFor(ctx, alertId);
  if (ctx.caller.org !== 'CONTRACTOR' || alert.project.contractor.uscc !== ctx.caller.uscc?.toUpperCase()) {
    throw forbidden("only the project's general contractor records its report");
  }
  checkStepTime(alert, at);
  if (alert.contractorReportedAt)
    return sameOrConflict(alert, alert.contractorReportedAt, at, 'contractorReportedAt');
  alert.contractorReportedAt = at;
  alert.contractorReportedRecordedAt = clockNow();
  await ctx.em.flush();
  const project = alert.project;
  await addNotices(
    ctx.em,
    noticesFor(
      {
        id: alert.agreement.id,
        projectId: project.id,
        districtCode: project.districtCode,
        industry: project.industry,
        bankCode: alert.agreement.account.bank.code,
        accountNo: alert.agreement.account.accountNo,
        laborCostPerCycleFen: alert.agreement.laborCostPerCycleFen,
        dueDay: alert.agreement.dueDay,
        startsOn: alert.agreement.startsOn,
        endsOn: alert.agreement.endsOn,
        sweptThrough: alert.agreement.sweptThrough,
      },
      alert.id,
      { event: 'reported', reportedAt: at },
    ),
  );
  return reevaluate(ctx, alert);
}

/** An alert of the R5 chain: always on an agreement (duty alerts have none, and no chain). */
type ChainAlert = Alert & { agreement: TripartiteAgreement };

async function openAlertFor(ctx: ServiceContext, alertId: string): Promise<ChainAlert> {
  const alert = await findAlert(ctx, alertId);
  if (!alert) throw notFound(`alert ${alertId}`);
  if (alert.kind !== 'MISSED_LABOR_COST_TRANSFER' || !alert.agreement) {
    throw conflict('alertId: only a missed labour-cost transfer has a notification chain', 'alertId');
  }
  if (alert.status === 'WITHDRAWN')
    throw conflict('alertId: the alert was withdrawn (later data showed no miss)', 'alertId');
  return alert as ChainAlert;
}

function checkStepTime(alert: ChainAlert, at: Date): void {
  if (at.getTime() > clockNowMs() + CLOCK_SKEW_MS) throw badInput('at', 'must not be in the future');
  if (shanghaiDateOf(at) < alert.dueDate)
    throw badInput('at', `must not be before the alert's due date ${alert.dueDate}`);
}

function sameOrConflict(alert: Alert, recorded: Date, at: Date, field: string): Alert {
  if (recorded.getTime() === at.getTime()) return alert; // a retried call: already done
  throw conflict(`${field}: already recorded as ${recorded.toISOString()}`, 'at');
}

/**
 * A notice moves the contractor's deadline, and a back-dated step can show a deadline was met: bring
 * the account's alerts up to date as of today (escalations it disproves are retracted, with their
 * notices) and answer with the alert as it now stands.
 */
async function reevaluate(ctx: ServiceContext, alert: ChainAlert): Promise<Alert> {
  const account = {
    bankCode: alert.agreement.account.bank.code,
    accountNo: alert.agreement.account.accountNo,
  };
  await refreshAccountAlerts(ctx.em, account, shanghaiDateOf(clockNow()));
  ctx.em.clear(); // the evaluation wrote with SQL: read the alert again, not the identity map's copy
  return (await findAlert(ctx, alert.id)) ?? alert;
}
