/**
 * Who sees a project's workforce (workers, contracts, entries, attendance; issue #10 item 7), the
 * duty scope of src/services/duties/access.ts widened by one party: the bank holding the project's
 * special account, which pays the workers from it.
 * - see: the project's general contractor, that bank, HRSS of the project's district (city HRSS:
 *   all) and the project's industry authority; nobody else (police, courts… see the project only).
 * - record: the general contractor alone, from its own real-name system (CONTRACTOR token).
 * - ID and card numbers in full: HRSS (labour inspection identifies the worker; cases name him) and
 *   the bank (it pays to the card); everyone else sees them masked. Each answer that carried a
 *   number in full is written to the audit log as PERSONAL_DATA_READ.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { sql } from '../../db/sql';
import { forbidden, notFound } from '../../domain/errors';
import { normalizeUscc } from '../../domain/identifiers';
import { isUuid } from '../../domain/uuid';
import { dutyScopeSql } from '../duties/scope-sql';
import { seesDuties } from '../duties/access';

export interface WorkforceProject {
  id: string;
  name: string;
  districtCode: string;
  industry: string;
  contractorUscc: string;
  contractorName: string;
  bankCode: string | null;
}

/** A WorkforceProject's select (project `p`), for statements that read or lock more along with it. */
export const WORKFORCE_PROJECT_SQL = `select p.id::text as id, p.name, p.district_code as "districtCode", p.industry,
         c.uscc as "contractorUscc", c.name as "contractorName", sa.bank_code as "bankCode"
    from project p join enterprise c on c.id = p.contractor_id
    left join special_account sa on sa.project_id = p.id`;

export async function loadWorkforceProjects(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, WorkforceProject>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (!wanted.length) return new Map();
  const rows = await sql<WorkforceProject>(em, `${WORKFORCE_PROJECT_SQL} where p.id = any(?::uuid[])`, [
    wanted,
  ]);
  return new Map(rows.map((r) => [r.id, r]));
}

export function seesWorkforce(caller: Caller, p: WorkforceProject): boolean {
  if (caller.org === 'BANK') return !!caller.bank && caller.bank === p.bankCode;
  return seesDuties(caller, p);
}

/** Numbers in full: HRSS in scope and the project's bank. */
export const seesNumbersInFull = (caller: Caller, p: WorkforceProject): boolean =>
  (caller.org === 'HRSS' || caller.org === 'BANK') && seesWorkforce(caller, p);

/** seesWorkforce as a SQL condition on project `p` (joins nothing; a bank's account by subquery). */
export function workforceScopeSql(caller: Caller): [string, unknown[]] {
  if (caller.org === 'BANK')
    return [
      `exists (select 1 from special_account sa where sa.project_id = p.id and sa.bank_code = ?)`,
      [caller.bank ?? ''],
    ];
  return dutyScopeSql(caller);
}

/** The project a read names, or NOT_FOUND when it is outside the caller's scope (never its data). */
export async function projectInScope(
  em: EntityManager,
  caller: Caller,
  id: string,
): Promise<WorkforceProject> {
  const p = (await loadWorkforceProjects(em, [id])).get(id);
  if (!p || !seesWorkforce(caller, p)) throw notFound(`projectId: project ${id}`);
  return p;
}

/** The project a batch writes to: its general contractor's token only. */
export async function projectOfContractor(
  em: EntityManager,
  caller: Caller,
  id: string,
): Promise<WorkforceProject> {
  if (caller.org !== 'CONTRACTOR')
    throw forbidden("a project's workforce is recorded by its general contractor (CONTRACTOR token)");
  const p = (await loadWorkforceProjects(em, [id])).get(id);
  if (!p) throw notFound(`projectId: project ${id}`);
  if (normalizeUscc(caller.uscc ?? '') !== p.contractorUscc)
    throw forbidden("only the project's general contractor records its workforce");
  return p;
}

export const recorderOf = (caller: Caller): string =>
  `${caller.org}:${caller.uscc ?? caller.district}:${caller.sub}`.slice(0, 80);
