/**
 * Reading the workforce in scope (access.ts): workers page by page, a worker by ID number (the
 * keyed hash, never a scan or a decrypt), and what loaders batch per page: teams, contracts,
 * the labour-wage manager, a month's valid days. Numbers come out as stored — masked, and the
 * ciphertext — and the GraphQL layer decides (per caller) whether to decrypt.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
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
  registeredAt: Date;
  /** the project, read once per list: decides what the caller sees in full */
  project: WorkforceProject;
}

export interface TeamRecord {
  id: string;
  corpCode: string;
  corpName: string;
  corpType: string;
  teamName: string;
  responsiblePersonName: string | null;
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

const WORKER_COLUMNS = `w.id::text, w.project_id::text as "projectId", w.team_id::text as "teamId", w.worker_name as "workerName",
  w.id_card_type as "idCardType", w.id_number_masked as "idNumberMasked", w.id_number_enc as "idNumberEnc",
  w.id_number_hash as "idNumberHash", w.work_type as "workType", w.work_role as "workRole",
  w.is_team_leader as "isTeamLeader", w.card_masked as "cardMasked", w.card_enc as "cardEnc",
  w.bank_code as "bankCode", w.bank_name as "bankName", w.registered_at as "registeredAt"`;

export interface WorkerFilter {
  workRole?: 'WORKER' | 'MANAGER' | null;
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
  if (filter?.workRole) {
    where.push('w.work_role = ?');
    params.push(filter.workRole);
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
        order by w.id limit ?`,
      [...params, ...(cursor ? [cursor[0]] : []), limit + 1],
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
  idCardNumber: string,
): Promise<WorkerRecord | null> {
  const project = await projectInScope(ctx.em, ctx.caller, projectId);
  let id: string;
  try {
    id = residentId(idCardNumber);
  } catch (err) {
    if (err instanceof RowRefusal) throw badInput('idCardNumber', err.message.replace(/^idCardNumber: /, ''));
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
    `select id::text, corp_code as "corpCode", corp_name as "corpName", corp_type as "corpType", team_name as "teamName",
            responsible_person_name as "responsiblePersonName" from work_team where id = any(?::uuid[])`,
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
): Promise<((Omit<WorkerRecord, 'project'> & { appointedOn: string }) | null)[]> {
  const rows = await sql<Omit<WorkerRecord, 'project'> & { appointedOn: string }>(
    em,
    `select ${WORKER_COLUMNS}, m.appointed_on::text as "appointedOn"
       from labour_wage_manager m join worker w on w.id = m.worker_id where m.project_id = any(?::uuid[])`,
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
