/**
 * The scope rules of scope.ts and services/cases/scope.ts written as SQL conditions, for the lists
 * read with plain SQL (services/views). The same rules, not new ones: test/integration/scope-sql.test.ts
 * holds each rendering to the FilterQuery one, caller by caller, over one seeded city. A condition
 * has `?` placeholders (bind parameters) and reads the row aliases it is given.
 */
import { CITY_DISTRICT } from '../domain/districts';
import { normalizeUscc } from '../domain/identifiers';
import { isIndustryOrg, type Caller } from './caller';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** projectScope() on the project row `p`; null: the caller sees no project. */
export function projectScopeSql(caller: Caller, p: string): SqlCondition | null {
  switch (caller.org) {
    case 'CREDIT_PLATFORM':
      return null;
    case 'BANK':
      return {
        sql: `exists (select 1 from special_account scope_sa where scope_sa.project_id = ${p}.id and scope_sa.bank_code = ?)`,
        params: [caller.bank ?? null],
      };
    case 'CONTRACTOR':
      return {
        sql: `${p}.contractor_id in (select scope_e.id from enterprise scope_e where scope_e.uscc = ?)`,
        params: [normalizeUscc(caller.uscc ?? '')],
      };
    default: {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (caller.district !== CITY_DISTRICT) {
        parts.push(`${p}.district_code = ?`);
        params.push(caller.district);
      }
      if (isIndustryOrg(caller.org)) {
        parts.push(`${p}.industry = ?`);
        params.push(caller.org);
      }
      return { sql: parts.length ? parts.join(' and ') : 'true', params };
    }
  }
}

/** caseScope() on the case row `w`; null: the caller sees no case. */
export function caseScopeSql(caller: Caller, w: string): SqlCondition | null {
  if (caller.org === 'BANK' || caller.org === 'CONTRACTOR' || caller.org === 'CREDIT_PLATFORM') return null;
  const city = caller.district === CITY_DISTRICT;
  if (city && !isIndustryOrg(caller.org)) return { sql: 'true', params: [] };
  const inDistrict = city ? '' : ` and ${w}.district_code = ?`;
  const district = city ? [] : [caller.district];
  const ors: string[] = [`(${w}.routed_org = ?${inDistrict})`];
  const params: unknown[] = [caller.org, ...district];
  const projects = projectScopeSql(caller, 'scope_p');
  if (projects) {
    ors.push(
      `exists (select 1 from project scope_p where scope_p.id = ${w}.project_id and (${projects.sql}))`,
    );
    params.push(...projects.params);
  }
  if (!isIndustryOrg(caller.org)) {
    ors.push(`(${w}.project_id is null${inDistrict})`);
    params.push(...district);
  }
  return { sql: `(${ors.join(' or ')})`, params };
}
