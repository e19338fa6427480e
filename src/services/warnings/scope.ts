import { isIndustryOrg, type Caller } from '../../auth/caller';
import type { SqlCondition } from '../../auth/scope-sql';
import { CITY_DISTRICT } from '../../domain/districts';

/**
 * Who sees a warning or a register item (row alias `w`, with `districts` and `authorities`), as the
 * alerts are seen: a district's agencies those of their district, an industry authority those its
 * facts reach it through, city-level agencies all; banks, firms and the credit platform none.
 */
export function warningScopeSql(caller: Caller, w: string): SqlCondition | null {
  if (caller.org === 'BANK' || caller.org === 'CONTRACTOR' || caller.org === 'CREDIT_PLATFORM') return null;
  const city = caller.district === CITY_DISTRICT;
  if (isIndustryOrg(caller.org)) {
    return city
      ? {
          sql: `exists (select 1 from unnest(${w}.authorities) scope_a where scope_a like ?)`,
          params: [`${caller.org}:%`],
        }
      : { sql: `? = any(${w}.authorities)`, params: [`${caller.org}:${caller.district}`] };
  }
  return city ? { sql: 'true', params: [] } : { sql: `? = any(${w}.districts)`, params: [caller.district] };
}

export const callerKey = (caller: Caller): string => `${caller.org}:${caller.district}`;
