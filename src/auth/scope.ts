import type { FilterQuery } from '@mikro-orm/core';
import type { Project } from '../entities';
import { CITY_DISTRICT } from '../domain/districts';
import { forbidden } from '../domain/errors';
import { normalizeUscc } from '../domain/identifiers';
import { isIndustryOrg, type Caller } from './caller';

/**
 * The one place that says which projects a caller may see (属地管理、谁主管谁负责). Every project
 * read in src/services goes through it; `null` means the caller sees no project at all.
 */
export function projectScope(caller: Caller): FilterQuery<Project> | null {
  switch (caller.org) {
    case 'CREDIT_PLATFORM':
      return null;
    case 'BANK':
      return { specialAccount: { bank: { code: caller.bank } } };
    case 'CONTRACTOR':
      // stored upper-case (registerEnterprise normalises); a token may carry it in either case
      return { contractor: { uscc: normalizeUscc(caller.uscc ?? '') } };
    default: {
      const where: { districtCode?: string; industry?: string } = {};
      if (caller.district !== CITY_DISTRICT) where.districtCode = caller.district;
      if (isIndustryOrg(caller.org)) where.industry = caller.org;
      return where as FilterQuery<Project>;
    }
  }
}

export const isCityHrss = (caller: Caller): boolean =>
  caller.org === 'HRSS' && caller.district === CITY_DISTRICT;

/** Registering firms, projects and agreements is HRSS's and the industry authorities' work. */
export function assertRegistrar(caller: Caller): void {
  if (caller.org !== 'HRSS' && !isIndustryOrg(caller.org)) {
    throw forbidden('only HRSS and the industry authorities register enterprises, projects and agreements');
  }
}

/** A registrar may place a project only where it could then see it. */
export function assertProjectWithinScope(caller: Caller, districtCode: string, industry: string): void {
  assertRegistrar(caller);
  if (caller.district !== CITY_DISTRICT && caller.district !== districtCode) {
    throw forbidden(
      `districtCode: a ${caller.district} officer registers only projects in district ${caller.district}`,
    );
  }
  if (isIndustryOrg(caller.org) && caller.org !== industry) {
    throw forbidden(`industry: the ${caller.org} authority registers only ${caller.org} projects`);
  }
}

export function assertCityHrss(caller: Caller, what: string): void {
  if (!isCityHrss(caller)) throw forbidden(`only city-level HRSS (210500) may ${what}`);
}
