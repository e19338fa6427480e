/**
 * What city HRSS keeps for every board (R7): each district's complaint and legal channels, the
 * local minimum wage, and the days a board may take to go up. Read by anyone with a token: it is
 * what every site posts publicly.
 */
import { randomUUID } from 'node:crypto';
import { assertCityHrss } from '../../auth/scope';
import { INDUSTRY_ORGS } from '../../auth/caller';
import { now as clockNow } from '../../clock';
import { assertIsoDate } from '../../domain/dates';
import { isBenxiScopeCode } from '../../domain/districts';
import { badInput } from '../../domain/errors';
import { MAX_MONEY_FEN } from '../../domain/money';
import { complaintUrlOrNull, phoneOrNull, textOrNull } from '../../domain/rights-board/board-inputs';
import { MAX_POSTING_WORKING_DAYS } from '../../domain/rights-board/posting-rule';
import { MinimumWageRecord, RightsBoardRulesRecord, RightsChannelsRecord } from '../../entities';
import type { ServiceContext } from '../context';
import { recorder } from '../duties/access';

export interface RightsChannelsInput {
  districtCode: string;
  labourInspectionPhone?: string | null;
  industryAuthorityPhones?: { industry: string; phone: string }[] | null;
  arbitration?: string | null;
  legalAid?: string | null;
  legalServiceHotline?: string | null;
  complaintUrl?: string | null;
}

const INDUSTRIES_WITH_AUTHORITY = [...INDUSTRY_ORGS, 'OTHER'] as string[];

function districtOf(code: string, field = 'districtCode'): string {
  if (!isBenxiScopeCode(code)) throw badInput(field, `${code} is not Benxi (210500) or one of its districts`);
  return code;
}

/** A district's channels, replaced as a whole (what is left out is cleared: the board then falls back to the city's). */
export async function setRightsChannels(
  ctx: ServiceContext,
  input: RightsChannelsInput,
): Promise<RightsChannelsRecord> {
  assertCityHrss(ctx.caller, 'set the complaint and legal channels of the boards');
  const districtCode = districtOf(input.districtCode);
  const phones: Record<string, string> = {};
  (input.industryAuthorityPhones ?? []).forEach((p, i) => {
    const field = `industryAuthorityPhones[${i}]`;
    if (!INDUSTRIES_WITH_AUTHORITY.includes(p.industry))
      throw badInput(`${field}.industry`, `must be one of ${INDUSTRIES_WITH_AUTHORITY.join(', ')}`);
    if (Object.hasOwn(phones, p.industry))
      throw badInput(`${field}.industry`, `${p.industry} is given twice`);
    const phone = phoneOrNull(p.phone, `${field}.phone`);
    if (phone === null) throw badInput(`${field}.phone`, 'must not be empty');
    phones[p.industry] = phone;
  });
  const row = {
    districtCode,
    labourInspectionPhone: phoneOrNull(input.labourInspectionPhone, 'labourInspectionPhone'),
    industryAuthorityPhones: phones,
    arbitration: textOrNull(input.arbitration, 'arbitration'),
    legalAid: textOrNull(input.legalAid, 'legalAid'),
    legalServiceHotline: phoneOrNull(input.legalServiceHotline, 'legalServiceHotline'),
    complaintUrl: complaintUrlOrNull(input.complaintUrl),
    setBy: recorder(ctx.caller),
    setAt: clockNow(),
  };
  return ctx.em.upsert(RightsChannelsRecord, row, { onConflictFields: ['districtCode'] });
}

export function listRightsChannels(ctx: ServiceContext): Promise<RightsChannelsRecord[]> {
  return ctx.em.find(RightsChannelsRecord, {}, { orderBy: { districtCode: 'asc' } });
}

export interface MinimumWageInput {
  districtCode: string;
  effectiveFrom: string;
  monthlyFen: bigint;
  hourlyFen?: bigint | null;
}

/** A version of a district's minimum wage from `effectiveFrom`; the same day's is replaced. */
export async function setMinimumWage(
  ctx: ServiceContext,
  input: MinimumWageInput,
): Promise<MinimumWageRecord> {
  assertCityHrss(ctx.caller, 'set the local minimum wage');
  const districtCode = districtOf(input.districtCode);
  assertIsoDate(input.effectiveFrom, 'effectiveFrom');
  if (input.monthlyFen <= 0n || input.monthlyFen > MAX_MONEY_FEN)
    throw badInput('monthly', 'must be more than 0');
  const hourlyFen = input.hourlyFen ?? null;
  if (hourlyFen !== null && (hourlyFen <= 0n || hourlyFen >= input.monthlyFen))
    throw badInput('hourly', 'must be more than 0 and less than the monthly minimum');
  return ctx.em.upsert(
    MinimumWageRecord,
    {
      id: randomUUID(),
      districtCode,
      effectiveFrom: input.effectiveFrom,
      monthlyFen: input.monthlyFen,
      hourlyFen,
      setBy: recorder(ctx.caller),
      setAt: clockNow(),
    },
    { onConflictFields: ['districtCode', 'effectiveFrom'], onConflictExcludeFields: ['id'] },
  );
}

export function listMinimumWages(
  ctx: ServiceContext,
  districtCode?: string | null,
): Promise<MinimumWageRecord[]> {
  if (districtCode) districtOf(districtCode);
  return ctx.em.find(MinimumWageRecord, districtCode ? { districtCode } : {}, {
    orderBy: { districtCode: 'asc', effectiveFrom: 'asc' },
  });
}

export async function rightsBoardRules(ctx: ServiceContext): Promise<RightsBoardRulesRecord> {
  return ctx.em.findOneOrFail(RightsBoardRulesRecord, { id: 1 });
}

/**
 * City HRSS sets the working days a board may take after the base date. Every project's due date
 * follows at the next sweep (an alert the new period no longer supports is withdrawn, as for any
 * late fact).
 */
export async function setRightsBoardRules(
  ctx: ServiceContext,
  postingWorkingDays: number,
): Promise<RightsBoardRulesRecord> {
  assertCityHrss(ctx.caller, 'set when rights-protection boards are due');
  if (
    !Number.isInteger(postingWorkingDays) ||
    postingWorkingDays < 1 ||
    postingWorkingDays > MAX_POSTING_WORKING_DAYS
  )
    throw badInput('postingWorkingDays', `must be a whole number from 1 to ${MAX_POSTING_WORKING_DAYS}`);
  return ctx.em.upsert(
    RightsBoardRulesRecord,
    { id: 1, postingWorkingDays, setBy: recorder(ctx.caller), setAt: clockNow() },
    { onConflictFields: ['id'] },
  );
}
