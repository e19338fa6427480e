import type { Caller } from '../../auth/caller';
import { isIndustryOrg } from '../../auth/caller';
import { CITY_DISTRICT } from '../../domain/districts';
import { normalizeUscc } from '../../domain/identifiers';

/**
 * dutyProjectScope (access.ts) as a SQL condition on project `p` and, for deposits, the
 * instrument `d` (a bank sees the instruments it holds or issued); `false` when the caller sees none.
 */
export function dutyScopeSql(caller: Caller, opts: { depositAlias?: string } = {}): [string, unknown[]] {
  if (caller.org === 'BANK')
    return opts.depositAlias ? [`${opts.depositAlias}.bank_code = ?`, [caller.bank ?? '']] : ['false', []];
  if (caller.org === 'CONTRACTOR')
    return [
      `p.contractor_id = (select id from enterprise where uscc = ?)`,
      [normalizeUscc(caller.uscc ?? '')],
    ];
  if (caller.org !== 'HRSS' && !isIndustryOrg(caller.org)) return ['false', []];
  const parts: string[] = [];
  const params: unknown[] = [];
  if (caller.district !== CITY_DISTRICT) {
    parts.push('p.district_code = ?');
    params.push(caller.district);
  }
  if (isIndustryOrg(caller.org)) {
    parts.push('p.industry = ?');
    params.push(caller.org);
  }
  return [parts.length ? parts.join(' and ') : 'true', params];
}
