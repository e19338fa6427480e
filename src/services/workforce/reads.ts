/**
 * Reading the workforce in scope (access.ts): workers page by page, a worker by ID number (the
 * keyed hash, never a scan or a decrypt), and what loaders batch per page: teams, contracts,
 * the labour-wage manager, a month's valid days. Numbers come out as stored — masked, and the
 * ciphertext — and the GraphQL layer decides (per caller) whether to decrypt.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { limitLiteral, sql } from '../../db/sql';
import { badInput } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { ruleOn, validDays, type AttendanceRule } from '../../domain/workforce/valid-day';
import { lookupHash } from '../../personal-data/cipher';
import type { ServiceContext } from '../context';
import { decodeCursor, encodeCursor, pageSize, type Page } from '../pagination';
import { projectInScope, type WorkforceProject } from './access';
import { nextMonth } from './attendance-partitions';
import { residentId, RowRefusal } from './rows';

export interface WorkerRecord {
  id: string;
  projectId: string;
  teamId: string;
  workerName: string;
  idCardType: string;
  idNumberMasked: string;
  idNumberEnc: string;
  idNumberHash: string;
  workType: string;
  workRole: 'WORKER' | 'MANAGER';
  isTeamLeader: boolean;
  cardMasked: string;
  cardEnc: string;
  bankCode: string | null;
  bankName: string;
  phoneMasked: string | null;
  phoneEnc: string | null;
  registeredAt: Date;
  /** the project, read once per list: decides what the caller sees in full */
  project: WorkforceProject;
}

export interface TeamRecord {
  id: string;
  projectId: string;
  name: string;
  employerUscc: string;
  employerName: string | null;
  corpType: string;
  leaderName: string | null;
  leaderIdNumberMasked: string | null;
}

export interface LabourWageManagerRecord {
  projectId: string;
  workerId: string | null;
  name: string;
  idNumberMasked: string;
  idNumberEnc: string;
  phoneMasked: string;
  phoneEnc: string;
  appointedOn: string;
}

export interface ContractRecord {
  id: string;
  workerId: string;
  contractCode: string;
  employerUscc: string;
  signedOn: string;
  startsOn: string;
  endsOn: string | null;
  work: string;
  pricingMethod: string;
  wageStandardFen: bigint;
  wageUnit: string;
  payDay: number;
  payMethod: string;
  payCycle: string;
  liabilityTerms: string;
}

export const WORKER_COLUMNS = `w.id::text, w.project_id::text as "projectId", w.team_id::text as "teamId", w.worker_name as "workerName",
  w.id_card_type as "idCardType", w.id_number_masked as "idNumberMasked", w.id_number_enc as "idNumberEnc",
  w.id_number_hash as "idNumberHash", w.work_type as "workType", w.work_role as "workRole",
  w.is_team_leader as "isTeamLeader", w.card_masked as "cardMasked", w.card_enc as "cardEnc",
  w.bank_code as "bankCode", w.bank_name as "bankName", w.phone_masked as "phoneMasked", w.phone_enc as "phoneEnc",
  w.registered_at as "registeredAt"`;

export interface WorkerFilter {
  role?: 'WORKER' | 'MANAGER' | null;
  teamId?: string | null;
}

export async function listWorkers(
  ctx: ServiceContext,
  projectId: string,
  filter: WorkerFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<WorkerRecord>> {
  const project = await projectInScope(ctx.em, ctx.caller, projectId);
  const limit = pageSize(first);
  const cursor = decodeCursor(after, 1);
  if (cursor && !isUuid(cursor[0])) throw badInput('after', 'is not a cursor this list gave out');
  const where = ['w.project_id = ?'];
  const params: unknown[] = [project.id];
  if (filter?.role) {
    where.push('w.work_role = ?');
    params.push(filter.role);
  }
  if (filter?.teamId) {
    if (!isUuid(filter.teamId)) throw badInput('teamId', 'is not an id');
    where.push('w.team_id = ?');
    params.push(filter.teamId);
  }
  const [rows, [{ n }]] = await Promise.all([
    sql<Omit<WorkerRecord, 'project'>>(
      ctx.em,
      `select ${WORKER_COLUMNS} from worker w where ${[...where, ...(cursor ? ['w.id > ?'] : [])].join(' and ')}
        order by w.id limit ${limitLiteral(limit + 1)}`,
      [...params, ...(cursor ? [cursor[0]] : [])],
    ),
    sql<{ n: string }>(
      ctx.em,
      `select count(*)::text as n from worker w where ${where.join(' and ')}`,
      params,
    ),
  ]);
  return {
    nodes: rows.slice(0, limit).map((r) => ({ ...r, project })),
    cursorOf: (w) => encodeCursor([w.id]),
    totalCount: Number(n),
    hasNextPage: rows.length > limit,
  };
}

/** The worker with this ID number on the project, through the keyed hash; null if none. */
export async function findWorkerByIdNumber(
  ctx: ServiceContext,
  projectId: string,
  idNumber: string,
): Promise<WorkerRecord | null> {
  const project = await projectInScope(ctx.em, ctx.caller, projectId);
  let id: string;
  try {
    id = residentId(idNumber, 'idNumber');
  } catch (err) {
    if (err instanceof RowRefusal) throw badInput('idNumber', err.message.replace(/^idNumber: /, ''));
    throw err;
  }
  const [row] = await sql<Omit<WorkerRecord, 'project'>>(
    ctx.em,
    `select ${WORKER_COLUMNS} from worker w where w.project_id = ? and w.id_number_hash = ?`,
    [project.id, lookupHash('ID', id)],
  );
  return row ? { ...row, project } : null;
}

export async function teamsById(em: EntityManager, ids: readonly string[]): Promise<(TeamRecord | null)[]> {
  const rows = await sql<TeamRecord>(
    em,
    `select id::text, project_id::text as "projectId", team_name as name, corp_code as "employerUscc",
            corp_name as "employerName", corp_type as "corpType", leader_name as "leaderName",
            leader_id_masked as "leaderIdNumberMasked" from work_team where id = any(?::uuid[])`,
    [[...new Set(ids)]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function contractsOfWorkers(
  em: EntityManager,
  workerIds: readonly string[],
): Promise<ContractRecord[][]> {
  const rows = await sql<Omit<ContractRecord, 'wageStandardFen'> & { wage: string }>(
    em,
    `select id::text, worker_id::text as "workerId", contract_code as "contractCode", employer_uscc as "employerUscc",
            signed_on::text as "signedOn", starts_on::text as "startsOn", ends_on::text as "endsOn", work,
            pricing_method as "pricingMethod", wage_standard_fen::text as wage, wage_unit as "wageUnit", pay_day as "payDay",
            pay_method as "payMethod", pay_cycle as "payCycle", liability_terms as "liabilityTerms"
       from labour_contract where worker_id = any(?::uuid[]) order by signed_on, contract_code`,
    [[...new Set(workerIds)]],
  );
  const out = new Map<string, ContractRecord[]>();
  for (const { wage, ...r } of rows)
    out.set(r.workerId, [...(out.get(r.workerId) ?? []), { ...r, wageStandardFen: BigInt(wage) }]);
  return workerIds.map((id) => out.get(id) ?? []);
}

export async function labourWageManagers(
  em: EntityManager,
  projectIds: readonly string[],
): Promise<(LabourWageManagerRecord | null)[]> {
  const rows = await sql<LabourWageManagerRecord>(
    em,
    `select project_id::text as "projectId", worker_id::text as "workerId", name, id_number_masked as "idNumberMasked",
            id_number_enc as "idNumberEnc", phone_masked as "phoneMasked", phone_enc as "phoneEnc",
            appointed_on::text as "appointedOn"
       from labour_wage_manager where project_id = any(?::uuid[])`,
    [[...new Set(projectIds.filter(isUuid))]],
  );
  const byProject = new Map(rows.map((r) => [r.projectId, r]));
  return projectIds.map((id) => byProject.get(id) ?? null);
}

export function assertMonth(month: string, field = 'month'): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput(field, 'must be a month, YYYY-MM');
}

/** Valid days in a Shanghai month per (project, ID hash), for the workers a page holds. */
export async function validDaysOf(
  em: EntityManager,
  keys: readonly { projectId: string; idNumberHash: string; month: string }[],
  rules: readonly AttendanceRule[],
): Promise<string[][]> {
  const months = [...new Set(keys.map((k) => k.month))];
  const out = new Map<string, Date[]>();
  for (const month of months) {
    const mine = keys.filter((k) => k.month === month);
    const rows = await sql<{ p: string; h: string; at: Date }>(
      em,
      `select project_id::text as p, id_number_hash as h, at from attendance_punch
        where at >= ?::timestamptz and at < ?::timestamptz
          and (project_id, id_number_hash) in (select * from unnest(?::uuid[], ?::text[]))`,
      [
        `${month}-01T00:00:00+08:00`,
        `${nextMonth(month)}-01T00:00:00+08:00`,
        mine.map((k) => k.projectId),
        mine.map((k) => k.idNumberHash),
      ],
    );
    for (const r of rows) {
      const key = `${r.p}|${r.h}|${month}`;
      out.set(key, [...(out.get(key) ?? []), new Date(r.at)]);
    }
  }
  return keys.map((k) => {
    const punches = out.get(`${k.projectId}|${k.idNumberHash}|${k.month}`) ?? [];
    return validDays(punches, ruleOn(rules, `${k.month}-01`));
  });
}

/**
 * `Project.workers(first)` for a page of projects in one statement: the first `first` workers of
 * each (by id, the list's keyset order) with each project's count. Projects outside the caller's
 * workforce scope are filtered out by the caller of this function.
 */
export async function firstWorkersOfProjects(
  em: EntityManager,
  projects: readonly WorkforceProject[],
  first: number,
): Promise<Page<WorkerRecord>[]> {
  if (!projects.length) return [];
  const ids = projects.map((p) => p.id);
  const [rows, counts] = await Promise.all([
    first > 0
      ? sql<Omit<WorkerRecord, 'project'>>(
          em,
          `select * from (select ${WORKER_COLUMNS}, row_number() over (partition by w.project_id order by w.id) as rn
                            from worker w where w.project_id = any(?::uuid[])) x where x.rn <= ?`,
          [ids, first + 1],
        )
      : Promise.resolve([]),
    sql<{ p: string; n: string }>(
      em,
      `select project_id::text as p, count(*)::text as n from worker where project_id = any(?::uuid[]) group by project_id`,
      [ids],
    ),
  ]);
  const countOf = new Map(counts.map((c) => [c.p, Number(c.n)]));
  return projects.map((project) => {
    const mine = rows.filter((r) => r.projectId === project.id).map((r) => ({ ...r, project }));
    return {
      nodes: mine.slice(0, first),
      cursorOf: (w: WorkerRecord) => encodeCursor([w.id]),
      totalCount: countOf.get(project.id) ?? 0,
      hasNextPage: mine.length > first,
    };
  });
}

export async function workersById(
  em: EntityManager,
  ids: readonly string[],
): Promise<(Omit<WorkerRecord, 'project'> | null)[]> {
  const rows = await sql<Omit<WorkerRecord, 'project'>>(
    em,
    `select ${WORKER_COLUMNS} from worker w where w.id = any(?::uuid[])`,
    [[...new Set(ids.filter(isUuid))]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}
