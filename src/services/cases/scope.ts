import type { FilterQuery } from '@mikro-orm/core';
import { isIndustryOrg, type Caller } from '../../auth/caller';
import { projectScope } from '../../auth/scope';
import { CITY_DISTRICT } from '../../domain/districts';
import { sql } from '../../db/sql';
import { isUuid } from '../../domain/uuid';
import { WageCase } from '../../entities';
import type { ServiceContext } from '../context';

/**
 * Who sees a case (interface.md scope rules, applied through the case's project):
 * - city HRSS: every case;
 * - the agency the case is routed to;
 * - any other agency whose project scope covers the case's project (its district; an industry
 *   authority only its industry), and, for a case without a registered project, the agencies of the
 *   case's district other than the industry authorities;
 * - banks, contractors and the credit platform: none. A contractor is not shown cases even when it is
 *   the employer: the claims carry the workers' identities, and the hub does not hand them to the
 *   party they complain about (the agency serves the order on it instead).
 * Null means "sees none".
 */
export function caseScope(caller: Caller): FilterQuery<WageCase> | null {
  if (caller.org === 'BANK' || caller.org === 'CONTRACTOR' || caller.org === 'CREDIT_PLATFORM') return null;
  const city = caller.district === CITY_DISTRICT;
  if (city && !isIndustryOrg(caller.org)) return {};
  const district = city ? {} : { districtCode: caller.district };
  const ors: FilterQuery<WageCase>[] = [{ routedOrg: caller.org, ...district }];
  const projects = projectScope(caller);
  if (projects) ors.push({ project: projects } as FilterQuery<WageCase>);
  if (!isIndustryOrg(caller.org)) ors.push({ project: null, ...district });
  return { $or: ors };
}

const POPULATE = ['project', 'project.owner', 'project.contractor', 'employer', 'debtor', 'alert'] as const;

/** A case the caller may see, or null: out of scope and absent look the same. */
export async function findCase(ctx: ServiceContext, id: string, refresh = false): Promise<WageCase | null> {
  const scope = caseScope(ctx.caller);
  if (!scope || !isUuid(id)) return null;
  return ctx.em.findOne(WageCase, { $and: [{ id }, scope] }, { populate: POPULATE, refresh });
}

/**
 * As findCase, with the row locked for the rest of the transaction (every move takes it) and read
 * after the lock, so the move sees the state the last writer committed. The scope is checked
 * first, without a lock: a caller who may not see the case never holds, or waits for, its row.
 */
export async function findCaseForUpdate(ctx: ServiceContext, id: string): Promise<WageCase | null> {
  if (!(await caseInScope(ctx, id))) return null;
  await sql(ctx.em, `select 1 from wage_case where id = ? for update`, [id]);
  return findCase(ctx, id, true);
}

/** Whether the caller sees the case `id` (a plain read: no lock, nothing loaded). */
export async function caseInScope(ctx: ServiceContext, id: string): Promise<boolean> {
  const scope = caseScope(ctx.caller);
  if (!scope || !isUuid(id)) return false;
  return (await ctx.em.count(WageCase, { $and: [{ id }, scope] })) > 0;
}

export const CASE_POPULATE = POPULATE;
