import { isIndustryOrg } from '../../auth/caller';
import { CITY_DISTRICT, isBenxiDistrict } from '../../domain/districts';
import { shanghaiDateOf } from '../../domain/dates';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { formatMoney } from '../../domain/money';
import { findMove } from '../../domain/case-states';
import { WageCase, type Enterprise, type Project } from '../../entities';
import type { CaseSource } from '../../entities/wage-case.entity';
import type { ServiceContext } from '../context';
import { requireEnterprise } from '../enterprises';
import { conflictOnDuplicate } from '../unique-violation';
import { assertStatedDate } from '../stated-date';
import { addNotices, noticeDedupeKey } from '../outbox';
import { findProject } from '../projects';
import { findAlert } from '../compliance/alerts';
import { dutyCaseTerms, isDutyKind } from '../duties/alert-penalty';
import { routedTo, type CasePlace } from './actors';
import { insertTransition } from './listing-facts';
import { routeClaim } from './routing';
import { CASE_POPULATE } from './scope';
import { now as clockNow } from '../../clock';

export interface WageClaimInput {
  source: CaseSource;
  /** the registered project the claim is about; null for a claim outside the project library */
  projectId?: string | null;
  /** required without a project (where to route it); with one, it must be the project's district */
  districtCode?: string | null;
  employerUscc: string;
  workers: number;
  amountFen: bigint;
  receivedOn: string;
}

export const MAX_CLAIM_WORKERS = 100_000;

/** Only HRSS and the industry authorities take in claims (C1), each within its own scope. */
export function assertFiler(ctx: ServiceContext, place: CasePlace, project: Project | null): void {
  const { caller } = ctx;
  if (caller.org !== 'HRSS' && !isIndustryOrg(caller.org)) {
    throw forbidden('only HRSS and the industry authorities file wage claims');
  }
  // a project the caller found is in its scope already; a claim without one is HRSS's, of its district
  if (!project && isIndustryOrg(caller.org)) {
    throw forbidden(
      `projectId: the ${caller.org} authority files claims about its own projects; a claim with no registered project is for HRSS`,
    );
  }
  if (!project && caller.district !== CITY_DISTRICT && caller.district !== place.districtCode) {
    throw forbidden(
      `districtCode: a ${caller.district} officer files only claims in district ${caller.district}`,
    );
  }
}

/** C1: a wage claim from any source, filed and routed at once (see routing.ts), with a notice to its agency. */
export async function fileWageClaim(ctx: ServiceContext, input: WageClaimInput): Promise<WageCase> {
  if (input.source === 'ALERT') {
    throw badInput(
      'source',
      'a case from an alert is made with fileCaseFromAlert(alertId), which links the alert',
    );
  }
  if (!Number.isInteger(input.workers) || input.workers < 1 || input.workers > MAX_CLAIM_WORKERS) {
    throw badInput('workers', `must be a whole number from 1 to ${MAX_CLAIM_WORKERS}`);
  }
  if (input.amountFen <= 0n) throw badInput('amount', 'must be more than 0');
  assertStatedDate(input.receivedOn, 'receivedOn');
  let project: Project | null = null;
  if (input.projectId) {
    project = await findProject(ctx, input.projectId);
    if (!project) throw notFound(`projectId: project ${input.projectId}`);
    if (input.districtCode && input.districtCode !== project.districtCode) {
      throw badInput(
        'districtCode',
        `the project is in district ${project.districtCode}, not ${input.districtCode}`,
      );
    }
  } else if (!input.districtCode) {
    throw badInput(
      'districtCode',
      'is required for a claim without a registered project (it decides the routing)',
    );
  } else if (!isBenxiDistrict(input.districtCode)) {
    throw badInput('districtCode', "must be one of Benxi's six county-level codes");
  }
  const place = routeClaim(project, project?.districtCode ?? input.districtCode!);
  assertFiler(ctx, place, project);
  const employer = await requireEnterprise(ctx, input.employerUscc, 'employerUscc');
  return createCase(ctx, {
    source: input.source,
    project,
    place,
    employer,
    workers: input.workers,
    amountFen: input.amountFen,
    receivedOn: input.receivedOn,
    alert: null,
    note: null,
  });
}

/**
 * "An alert that stays open past its chain can become a case in one call": an OPEN
 * MISSED_LABOR_COST_TRANSFER alert with a CONTRACTOR_REPORT_OVERDUE escalation (the bank's notice
 * and the contractor's report were both due and the money still has not come) becomes a case of
 * source ALERT about the alert's project, routed as any claim about it. The employer named is the
 * project's owner (建设单位): the alert says the owner did not transfer the labour cost to the
 * special account, and under the Regulation arts. 29 and 36 the owner advances the wages owed
 * because of that, up to the unpaid project money. The amount claimed is the alert's shortfall;
 * the number of workers is unknown until verification, which names the debtor it finds (the owner,
 * or the general contractor). Idempotent: a second call returns the case already made, unchanged.
 */
export async function fileCaseFromAlert(
  ctx: ServiceContext,
  alertId: string,
  on?: string | null,
): Promise<WageCase> {
  const alert = await findAlert(ctx, alertId);
  if (!alert) throw notFound(`alertId: alert ${alertId}`);
  const project = await findProject(ctx, alert.project.id);
  if (!project) throw notFound(`alertId: alert ${alertId}`);
  const place = routeClaim(project, project.districtCode);
  assertFiler(ctx, place, project);
  const existing = await ctx.em.findOne(WageCase, { alert: alert.id }, { populate: CASE_POPULATE });
  if (existing) return existing;
  const duty = isDutyKind(alert.kind);
  if (alert.kind !== 'MISSED_LABOR_COST_TRANSFER' && !duty) {
    throw conflict(
      `alertId: a ${alert.kind} alert is not a wage claim; only a missed labour-cost transfer or a duty (deposit, guarantee) becomes a case`,
      'alertId',
    );
  }
  if (alert.status !== 'OPEN')
    throw conflict(`alertId: the alert is ${alert.status}; only an open alert becomes a case`, 'alertId');
  // Only a current escalation counts: one later facts retracted acts on nothing. A duty alert
  // becomes a case once its correction deadline has passed (the order to correct came first).
  const passed = duty ? 'CORRECTION_OVERDUE' : 'CONTRACTOR_REPORT_OVERDUE';
  const overdue = alert.escalations.find((e) => e.kind === passed && !e.retractedOn);
  if (!overdue) {
    throw conflict(
      duty
        ? `alertId: the alert has not passed its correction deadline yet (no CORRECTION_OVERDUE escalation in force; it is to be put right by ${alert.correctionDeadline})`
        : `alertId: the alert has not passed its chain yet (no CONTRACTOR_REPORT_OVERDUE escalation in force; the contractor's report is due by ${alert.contractorReportDeadline})`,
      'alertId',
    );
  }
  const receivedOn = on ?? shanghaiDateOf(clockNow());
  assertStatedDate(receivedOn, 'on');
  if (receivedOn < overdue.on)
    throw badInput('on', `${receivedOn} is before the alert's escalation on ${overdue.on}`);
  if (duty)
    return createCase(ctx, {
      source: 'ALERT',
      project,
      place,
      workers: null,
      receivedOn,
      alert,
      ...dutyCaseTerms(alert, project),
    });
  return createCase(ctx, {
    source: 'ALERT',
    project,
    place,
    employer: project.owner,
    workers: null,
    amountFen: alert.shortfallFen,
    receivedOn,
    alert,
    note: `from alert ${alert.id}: labour cost due ${alert.dueDate} short by ${formatMoney(alert.shortfallFen)}`,
  });
}

/** Makes the case, its RECEIVE move and its CASE_ROUTED notice (also used by fileCaseFromClue). */
export async function createCase(
  ctx: ServiceContext,
  c: {
    source: CaseSource;
    project: Project | null;
    place: CasePlace;
    employer: Enterprise;
    workers: number | null;
    amountFen: bigint;
    receivedOn: string;
    alert: WageCase['alert'];
    note: string | null;
  },
): Promise<WageCase> {
  const move = findMove('RECEIVE', null)!;
  const wageCase = ctx.em.create(WageCase, {
    source: c.source,
    status: move.to,
    project: c.project,
    districtCode: c.place.districtCode,
    routedOrg: c.place.routedOrg,
    employer: c.employer,
    workers: c.workers,
    claimedAmountFen: c.amountFen,
    receivedOn: c.receivedOn,
    alert: c.alert,
  });
  await conflictOnDuplicate(
    () => ctx.em.flush(),
    'alertId: a case was being made from this alert at the same moment; ask again to get it',
    'alertId',
  );
  await insertTransition(ctx.em, wageCase.id, move.action, null, move.to, ctx.caller, c.receivedOn, c.note);
  const recipient = routedTo(c.place);
  await addNotices(ctx.em, [
    {
      topic: 'CASE_ROUTED',
      recipient,
      dedupeKey: noticeDedupeKey('CASE_ROUTED', wageCase.id, recipient),
      payload: {
        caseId: wageCase.id,
        source: c.source,
        projectId: c.project?.id ?? null,
        alertId: c.alert?.id ?? null,
        districtCode: c.place.districtCode,
        employerUscc: c.employer.uscc,
        workers: c.workers,
        claimedAmount: formatMoney(c.amountFen),
        receivedOn: c.receivedOn,
      },
    },
  ]);
  return wageCase;
}
