/**
 * M1 and R11 on a case: joint assessments of malicious arrears (联合研判) and referrals to legal aid
 * and the trade union. A transfer to the police on the M2 or M3 ground needs an assessment first
 * (assertAssessedForTransfer, called by transferToPolice).
 */
import { ORGS } from '../../auth/caller';
import { mayAct } from '../../domain/case-authority';
import { FINAL_STATUSES, type PoliceReferralGround } from '../../domain/case-states';
import { isBenxiScopeCode } from '../../domain/districts';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { sql } from '../../db/sql';
import {
  ASSESSMENT_CONCLUSIONS,
  CaseReferral,
  JointAssessment,
  REFERRAL_KINDS,
  type AssessmentConclusion,
  type ReferralKind,
} from '../../entities/case-supervision.entity';
import type { WageCase } from '../../entities';
import { maskNumbers } from '../../log-safe-error';
import { formatMoney } from '../../domain/money';
import { requiredText, type ServiceContext } from '../context';
import { addNotices, noticeDedupeKey } from '../outbox';
import { assertStatedDate } from '../stated-date';
import { routedTo } from './actors';
import { arrearsOf } from './moves';
import { caseInScope, findCaseForUpdate } from './scope';

/** Agencies that may sit in a joint assessment: every government body of the contract. */
const ASSESSING_ORGS = new Set<string>(
  ORGS.filter((o) => !['BANK', 'CREDIT_PLATFORM', 'CONTRACTOR'].includes(o)),
);
/** M1: the assessment is HRSS's with the police at least (the Benxi annex also names the industry authority, procuratorate, court). */
const REQUIRED_PARTICIPANTS = ['HRSS', 'POLICE'] as const;
const MAX_PARTICIPANTS = 20;

/** The conclusion each police ground needs (M2: asset transfer or flight; M3: a fabricated claim). */
export const CONCLUSION_FOR_GROUND: Partial<Record<PoliceReferralGround, AssessmentConclusion>> = {
  ASSET_TRANSFER_OR_FLIGHT: 'MALICIOUS_ARREARS',
  FABRICATED_CLAIM: 'ILLEGAL_WAGE_DEMAND',
};

function officerText(value: string | null | undefined, field: string, required: boolean): string | null {
  if (!required && (value === null || value === undefined || value.trim() === '')) return null;
  const text = requiredText(value ?? '', field, 2000);
  if (maskNumbers(text) !== text) throw badInput(field, 'must not contain ID or bank card numbers');
  return text;
}

async function openCaseFor(
  ctx: ServiceContext,
  caseId: string,
  on: string,
  onField: string,
): Promise<WageCase> {
  const wageCase = await findCaseForUpdate(ctx, caseId);
  if (!wageCase) throw notFound(`caseId: case ${caseId}`);
  if (!mayAct(ctx.caller, wageCase, 'VERIFY'))
    throw forbidden('this is for the agency the case is routed to, the HRSS of its district or city HRSS');
  if (FINAL_STATUSES.includes(wageCase.status))
    throw conflict(`status: the case is ${wageCase.status}`, 'status');
  if (on < wageCase.receivedOn)
    throw badInput(onField, `${on} is before the claim was received on ${wageCase.receivedOn}`);
  return wageCase;
}

export interface AssessmentInput {
  assessedOn: string;
  participants: string[];
  conclusion: AssessmentConclusion;
  note: string;
}

/** Records a joint assessment on an open case: who took part (`ORG:district`) and the conclusion. */
export async function recordJointAssessment(
  ctx: ServiceContext,
  caseId: string,
  input: AssessmentInput,
): Promise<JointAssessment> {
  assertStatedDate(input.assessedOn, 'assessedOn');
  if (!(ASSESSMENT_CONCLUSIONS as readonly string[]).includes(input.conclusion))
    throw badInput('conclusion', `must be one of ${ASSESSMENT_CONCLUSIONS.join(', ')}`);
  const participants = checkParticipants(input.participants);
  const note = officerText(input.note, 'note', true)!;
  const wageCase = await openCaseFor(ctx, caseId, input.assessedOn, 'assessedOn');
  const assessment = ctx.em.create(JointAssessment, {
    wageCase,
    assessedOn: input.assessedOn,
    participants,
    conclusion: input.conclusion,
    note,
    recordedBy: `${ctx.caller.org}:${ctx.caller.district}`,
  });
  await ctx.em.flush();
  return assessment;
}

function checkParticipants(input: string[]): string[] {
  if (!Array.isArray(input) || input.length < 2)
    throw badInput(
      'participants',
      'must name at least two agencies (ORG:district), HRSS and the police among them',
    );
  if (input.length > MAX_PARTICIPANTS)
    throw badInput('participants', `must name at most ${MAX_PARTICIPANTS} agencies`);
  const seen = new Set<string>();
  input.forEach((raw, i) => {
    const key = (raw ?? '').trim().toUpperCase();
    const [org, district, extra] = key.split(':');
    if (extra !== undefined || !ASSESSING_ORGS.has(org) || !district || !isBenxiScopeCode(district))
      throw badInput(`participants[${i}]`, 'must be an agency as ORG:district, e.g. POLICE:210502');
    if (seen.has(key)) throw badInput(`participants[${i}]`, `${key} is named twice`);
    seen.add(key);
  });
  const orgs = [...seen].map((k) => k.split(':')[0]);
  for (const needed of REQUIRED_PARTICIPANTS)
    if (!orgs.includes(needed))
      throw badInput('participants', `must include ${needed} (M1: HRSS assesses with the police)`);
  return [...seen];
}

/**
 * M2/M3: a transfer on ASSET_TRANSFER_OR_FLIGHT needs a joint assessment that concluded
 * MALICIOUS_ARREARS, on FABRICATED_CLAIM one that concluded ILLEGAL_WAGE_DEMAND; the latest
 * assessment on or before the transfer's day is the one that counts. Otherwise CONFLICT with
 * `extensions.reason` JOINT_ASSESSMENT_REQUIRED. REFUSAL_TO_PAY (C4) rests on the order's
 * deadline and needs none.
 */
export async function assertAssessedForTransfer(
  ctx: ServiceContext,
  caseId: string,
  ground: PoliceReferralGround,
  on: string,
): Promise<void> {
  const needed = CONCLUSION_FOR_GROUND[ground];
  if (!needed) return;
  const [latest] = await sql<{ conclusion: string; assessed_on: string }>(
    ctx.em,
    `select conclusion, to_char(assessed_on, 'YYYY-MM-DD') as assessed_on from wage_case_assessment
     where wage_case_id = ?::uuid and assessed_on <= ?::date order by assessed_on desc, recorded_at desc limit 1`,
    [caseId, on],
  );
  if (!latest)
    throw conflict(
      `ground: a transfer on ${ground} needs a joint assessment (recordJointAssessment) concluding ${needed} on or before ${on}`,
      'ground',
      'JOINT_ASSESSMENT_REQUIRED',
    );
  if (latest.conclusion !== needed)
    throw conflict(
      `ground: the joint assessment of ${latest.assessed_on} concluded ${latest.conclusion}; a transfer on ${ground} needs ${needed}`,
      'ground',
      'JOINT_ASSESSMENT_REQUIRED',
    );
}

export interface ReferralInput {
  kind: ReferralKind;
  referredOn: string;
  referredTo: string;
  note?: string | null;
}

const REFEREE_ORG: Record<ReferralKind, string> = { LEGAL_AID: 'JUSTICE', UNION: 'UNION' };

/**
 * R11: the case's workers referred to legal aid (JUSTICE:{district}) or the union (UNION:{district}).
 * The body referred to gets a CASE_REFERRED notice in the same transaction.
 */
export async function recordCaseReferral(
  ctx: ServiceContext,
  caseId: string,
  input: ReferralInput,
): Promise<CaseReferral> {
  assertStatedDate(input.referredOn, 'referredOn');
  if (!(REFERRAL_KINDS as readonly string[]).includes(input.kind))
    throw badInput('kind', `must be one of ${REFERRAL_KINDS.join(', ')}`);
  const referredTo = (input.referredTo ?? '').trim().toUpperCase();
  const [org, district, extra] = referredTo.split(':');
  const expected = REFEREE_ORG[input.kind];
  if (org !== expected || extra !== undefined || !district || !isBenxiScopeCode(district))
    throw badInput(
      'referredTo',
      `a ${input.kind} referral goes to ${expected}:{district}, e.g. ${expected}:210502`,
    );
  const note = officerText(input.note, 'note', false);
  const wageCase = await openCaseFor(ctx, caseId, input.referredOn, 'referredOn');
  const referral = ctx.em.create(CaseReferral, {
    wageCase,
    kind: input.kind,
    referredOn: input.referredOn,
    referredTo,
    note,
    recordedBy: `${ctx.caller.org}:${ctx.caller.district}`,
  });
  await ctx.em.flush();
  await addNotices(ctx.em, [
    {
      topic: 'CASE_REFERRED',
      recipient: referredTo,
      dedupeKey: noticeDedupeKey('CASE_REFERRED', referral.id, referredTo),
      payload: referredPayload(referral, wageCase),
    },
  ]);
  return referral;
}

/**
 * What the body referred to needs to take the case up, and no more: identifiers, the claim's size
 * and what verification found. No names or ID numbers (the outbox refuses them); the note stays in
 * the hub. The body sees the case itself in the hub (its district's cases).
 */
function referredPayload(referral: CaseReferral, wageCase: WageCase): Record<string, unknown> {
  return {
    referralId: referral.id,
    caseId: wageCase.id,
    kind: referral.kind,
    referredOn: referral.referredOn,
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
}

/**
 * What came of a referral: by the case's agency or HRSS, or by the body referred to. Once. The
 * case's agency gets a CASE_REFERRAL_OUTCOME notice (the outcome's text stays in the hub).
 */
export async function recordReferralOutcome(
  ctx: ServiceContext,
  referralId: string,
  outcomeOn: string,
  outcome: string,
): Promise<CaseReferral> {
  assertStatedDate(outcomeOn, 'outcomeOn');
  const text = officerText(outcome, 'outcome', true)!;
  const referral = isUuid(referralId)
    ? await ctx.em.findOne(CaseReferral, referralId, { populate: ['wageCase'] })
    : null;
  if (!referral || !(await caseInScope(ctx, referral.wageCase.id)))
    throw notFound(`referralId: referral ${referralId}`);
  const { caller } = ctx;
  const referee = `${caller.org}:${caller.district}` === referral.referredTo;
  if (!referee && !mayAct(caller, referral.wageCase, 'VERIFY'))
    throw forbidden(
      "a referral's outcome is recorded by the body referred to, or by the case's agency or HRSS",
    );
  if (referral.outcome) throw conflict(`outcome: already recorded on ${referral.outcomeOn}`, 'outcome');
  if (outcomeOn < referral.referredOn)
    throw badInput('outcomeOn', `${outcomeOn} is before the referral on ${referral.referredOn}`);
  referral.outcomeOn = outcomeOn;
  referral.outcome = text;
  await ctx.em.flush();
  const agency = routedTo(referral.wageCase);
  await addNotices(ctx.em, [
    {
      topic: 'CASE_REFERRAL_OUTCOME',
      recipient: agency,
      dedupeKey: noticeDedupeKey('CASE_REFERRAL_OUTCOME', referral.id, agency),
      payload: {
        referralId: referral.id,
        caseId: referral.wageCase.id,
        kind: referral.kind,
        referredTo: referral.referredTo,
        referredOn: referral.referredOn,
        outcomeOn,
        recordedBy: `${caller.org}:${caller.district}`,
      },
    },
  ]);
  return referral;
}

export interface AssessmentView {
  id: string;
  caseId: string;
  assessedOn: string;
  participants: string[];
  conclusion: AssessmentConclusion;
  note: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface ReferralView {
  id: string;
  caseId: string;
  kind: ReferralKind;
  referredOn: string;
  referredTo: string;
  note: string | null;
  outcomeOn: string | null;
  outcome: string | null;
  recordedBy: string;
  recordedAt: Date;
}

async function grouped<T extends { caseId: string }>(
  ctx: ServiceContext,
  query: string,
  caseIds: readonly string[],
  map: (r: Record<string, string & string[] & Date>) => T,
): Promise<T[][]> {
  const rows = await sql(ctx.em, query, [[...new Set(caseIds)]]);
  const byCase = new Map<string, T[]>();
  for (const row of rows.map((r) => map(r as Record<string, string & string[] & Date>)))
    byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
  return caseIds.map((id) => byCase.get(id) ?? []);
}

/** Every assessment of the cases of a page (cases the caller already sees), oldest first, in one read. */
export const assessmentsOfCases = (ctx: ServiceContext, caseIds: readonly string[]) =>
  grouped<AssessmentView>(
    ctx,
    `select id, wage_case_id, to_char(assessed_on, 'YYYY-MM-DD') as assessed_on, participants, conclusion, note,
       recorded_by, recorded_at from wage_case_assessment where wage_case_id = any(?::uuid[]) order by assessed_on, recorded_at`,
    caseIds,
    (r) => ({
      id: r.id,
      caseId: r.wage_case_id,
      assessedOn: r.assessed_on,
      participants: r.participants,
      conclusion: r.conclusion as AssessmentConclusion,
      note: r.note,
      recordedBy: r.recorded_by,
      recordedAt: new Date(r.recorded_at),
    }),
  );

/** Every referral of the cases of a page, oldest first, in one read. */
export const referralsOfCases = (ctx: ServiceContext, caseIds: readonly string[]) =>
  grouped<ReferralView>(
    ctx,
    `select id, wage_case_id, kind, to_char(referred_on, 'YYYY-MM-DD') as referred_on, referred_to, note,
       to_char(outcome_on, 'YYYY-MM-DD') as outcome_on, outcome, recorded_by, recorded_at
     from wage_case_referral where wage_case_id = any(?::uuid[]) order by referred_on, recorded_at`,
    caseIds,
    (r) => ({
      id: r.id,
      caseId: r.wage_case_id,
      kind: r.kind as ReferralKind,
      referredOn: r.referred_on,
      referredTo: r.referred_to,
      note: r.note,
      outcomeOn: r.outcome_on,
      outcome: r.outcome,
      recordedBy: r.recorded_by,
      recordedAt: new Date(r.recorded_at),
    }),
  );
