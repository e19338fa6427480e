/**
 * Real-name registration (R4): the teams (班组) of the general contractor or a subcontractor and the
 * workers on them, sent by the contractor's own real-name system in the shapes of docs/interface.md
 * (`registerTeam`, `registerWorkers`; the national platform's Team.Add / ProjectWorker.Add fields map
 * one to one, see README). Each worker row is checked on its own; the valid ones are written together
 * with set-based statements. A replay of the same row changes nothing (`duplicates`); the same worker
 * (ID number) with other content is a correction and updates the row (`updated`).
 */
import { randomUUID } from 'node:crypto';
import { sql } from '../../db/sql';
import { todayInShanghai } from '../../clock';
import { maskAccountNo, maskIdNumber } from '../../domain/identifiers';
import { isUuid } from '../../domain/uuid';
import {
  GENERAL_CONTRACTOR_CORP_TYPE,
  MANAGER_WORK_TYPE,
  TEAM_CORP_TYPES,
  WORK_TYPES,
} from '../../domain/workforce/work-types';
import { badInput, conflict } from '../../domain/errors';
import { contentHash, encryptPersonal, lookupHash } from '../../personal-data/cipher';
import type { ServiceContext } from '../context';
import { projectOfContractor, recorderOf } from './access';
import type { TeamRecord } from './reads';
import {
  RowRefusal,
  bankCard,
  eachRow,
  optionalText,
  phoneNumber,
  refuse,
  residentId,
  text,
  uscc,
  type RowRejection,
} from './rows';
import { evaluateWorkersWithoutContract } from './without-contract';
import { evaluatePayrollAlerts } from './pay-alerts';

export const MAX_WORKERS_PER_CALL = 5000;

/** docs/interface.md's BatchResult, with what the hub adds: corrections, and attendance's count. */
export interface BatchResult {
  accepted: number;
  /** replays: the same row again, nothing changed */
  duplicates: number;
  updated: number;
  rejected: RowRejection[];
  workersWithoutContract?: number | null;
}

export interface TeamInput {
  projectId: string;
  name: string;
  employerUscc: string;
  leaderName?: string | null;
  leaderIdNumber?: string | null;
  employerName?: string | null;
  corpType?: string | null;
}

export interface WorkerRow {
  name: string;
  idNumber: string;
  teamId: string;
  workType: string;
  role: 'WORKER' | 'MANAGER';
  bankCardNo: string;
  bankName: string;
  phone?: string | null;
  bankCode?: string | null;
  isTeamLeader?: boolean | null;
  idCardType?: string | null;
}

export function assertBatchSize(rows: readonly unknown[], field: string, max: number): void {
  if (rows.length === 0) throw badInput(field, 'must hold at least one row');
  if (rows.length > max) throw badInput(field, `at most ${max} rows per call, got ${rows.length}`);
}

export const sortRejected = (r: RowRejection[]): RowRejection[] => r.sort((a, b) => a.index - b.index);

/** A single-value check of a mutation argument: the row refusal becomes BAD_USER_INPUT naming the field. */
export function argument<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof RowRefusal)) throw err;
    const [field, ...rest] = err.message.split(': ');
    throw badInput(field, rest.join(': '));
  }
}

/**
 * A team of the general contractor (参建单位类型 009) or a subcontractor (006 labour by default),
 * idempotent on (employerUscc, name): the same team again is answered as stored, other details update it.
 */
export async function registerTeam(ctx: ServiceContext, input: TeamInput): Promise<TeamRecord> {
  const project = await projectOfContractor(ctx.em, ctx.caller, input.projectId);
  const employerUscc = argument(() => uscc(input.employerUscc, 'employerUscc'));
  const isContractor = employerUscc === project.contractorUscc;
  const corpType = input.corpType?.trim() || (isContractor ? GENERAL_CONTRACTOR_CORP_TYPE : '006');
  if (!TEAM_CORP_TYPES[corpType])
    throw badInput('corpType', `must be one of ${Object.keys(TEAM_CORP_TYPES).join(', ')}`);
  if ((corpType === GENERAL_CONTRACTOR_CORP_TYPE) !== isContractor)
    throw badInput(
      'corpType',
      isContractor
        ? "the project's general contractor's own team is 009"
        : "009 (general contractor) is the project's general contractor only",
    );
  const name = argument(() => text(input.name, 'name', 100));
  const leaderName = argument(() => optionalText(input.leaderName, 'leaderName', 50));
  const leaderId = input.leaderIdNumber?.trim()
    ? argument(() => residentId(input.leaderIdNumber!, 'leaderIdNumber'))
    : null;
  const employerName = argument(() => optionalText(input.employerName, 'employerName'));
  const [row] = await sql<TeamRecord>(
    ctx.em,
    `insert into work_team (id, project_id, corp_code, corp_name, corp_type, team_name, leader_name, leader_id_enc,
                            leader_id_masked, registered_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (project_id, corp_code, team_name) do update set
       corp_name = coalesce(excluded.corp_name, work_team.corp_name), corp_type = excluded.corp_type,
       leader_name = excluded.leader_name, leader_id_enc = excluded.leader_id_enc,
       leader_id_masked = excluded.leader_id_masked, updated_at = now()
     returning id::text, project_id::text as "projectId", corp_code as "employerUscc", corp_name as "employerName",
               corp_type as "corpType", team_name as name, leader_name as "leaderName",
               leader_id_masked as "leaderIdNumberMasked"`,
    [
      randomUUID(),
      project.id,
      employerUscc,
      employerName,
      corpType,
      name,
      leaderName,
      leaderId ? encryptPersonal(leaderId) : null,
      leaderId ? maskIdNumber(leaderId) : null,
      recorderOf(ctx.caller),
    ],
  );
  return row;
}

export async function registerWorkers(
  ctx: ServiceContext,
  projectId: string,
  workers: WorkerRow[],
): Promise<BatchResult> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  assertBatchSize(workers, 'workers', MAX_WORKERS_PER_CALL);
  const teams = new Set(
    (
      await sql<{ id: string }>(ctx.em, `select id::text from work_team where project_id = ?`, [project.id])
    ).map((t) => t.id),
  );
  const checked = eachRow(workers, (w) => {
    const idNumber = residentId(w.idNumber, 'idNumber', w.idCardType);
    const card = bankCard(w.bankCardNo, 'bankCardNo');
    const phone = w.phone?.trim() ? phoneNumber(w.phone, 'phone') : null;
    if (!isUuid(w.teamId) || !teams.has(w.teamId))
      refuse('UNKNOWN_TEAM', 'teamId', 'is not a team registered on the project (registerTeam)');
    const workType = text(w.workType, 'workType', 3);
    if (!WORK_TYPES[workType])
      refuse('UNKNOWN_WORK_TYPE', 'workType', 'is not a national work-type (工种) code');
    if (w.role !== 'WORKER' && w.role !== 'MANAGER')
      refuse('INVALID_FIELD', 'role', 'must be WORKER or MANAGER');
    if (w.role === 'WORKER' && workType === MANAGER_WORK_TYPE)
      refuse('INVALID_FIELD', 'workType', '900 (管理人员) is for role MANAGER');
    const content = {
      teamId: w.teamId,
      name: text(w.name, 'name', 50),
      workType,
      role: w.role,
      isTeamLeader: w.isTeamLeader === true,
      bankCode: optionalText(w.bankCode, 'bankCode', 16),
      bankName: text(w.bankName, 'bankName', 100),
    };
    return { idNumber, card, phone, content };
  });
  const rejected = checked.rejected;
  // the first of equal rows is kept; later equal ones are replays, other content a refusal
  const first = new Map<
    string,
    { index: number; hash: string; value: (typeof checked.ok)[number]['value'] }
  >();
  let replays = 0;
  for (const { index, value } of checked.ok) {
    const key = lookupHash('ID', value.idNumber);
    const hash = contentHash({
      ...value.content,
      idNumber: value.idNumber,
      card: value.card,
      phone: value.phone,
    });
    const seen = first.get(key);
    if (!seen) first.set(key, { index, hash, value });
    else if (seen.hash === hash) replays += 1;
    else
      rejected.push({
        index,
        code: 'DUPLICATE_IN_BATCH',
        message: `idNumber: the same worker is row ${seen.index} of this batch, with other content`,
      });
  }
  const rows = [...first.entries()].map(([key, r]) => ({ key, ...r }));
  let written: { inserted: boolean }[] = [];
  if (rows.length) {
    const existing = new Map(
      (
        await sql<{ h: string; c: string }>(
          ctx.em,
          `select id_number_hash as h, content_hash as c from worker where project_id = ? and id_number_hash = any(?)`,
          [project.id, rows.map((r) => r.key)],
        )
      ).map((r) => [r.h, r.c]),
    );
    // Only new and changed rows are encrypted and sent: a replay of thousands costs one select.
    const values = rows
      .filter((r) => existing.get(r.key) !== r.hash)
      .map((r) => ({
        id: randomUUID(),
        team_id: r.value.content.teamId,
        worker_name: r.value.content.name,
        id_number_enc: encryptPersonal(r.value.idNumber),
        id_number_hash: r.key,
        id_number_masked: maskIdNumber(r.value.idNumber),
        work_type: r.value.content.workType,
        work_role: r.value.content.role,
        is_team_leader: r.value.content.isTeamLeader,
        card_enc: encryptPersonal(r.value.card),
        card_hash: lookupHash('CARD', r.value.card),
        card_masked: maskAccountNo(r.value.card),
        bank_code: r.value.content.bankCode,
        bank_name: r.value.content.bankName,
        phone_enc: r.value.phone ? encryptPersonal(r.value.phone) : null,
        phone_masked: r.value.phone ? maskPhone(r.value.phone) : null,
        content_hash: r.hash,
      }));
    if (values.length)
      written = await sql<{ inserted: boolean }>(
        ctx.em,
        `insert into worker (id, project_id, team_id, worker_name, id_number_enc, id_number_hash, id_number_masked, work_type,
                             work_role, is_team_leader, card_enc, card_hash, card_masked, bank_code, bank_name,
                             phone_enc, phone_masked, content_hash)
         select v.id, ?, v.team_id, v.worker_name, v.id_number_enc, v.id_number_hash, v.id_number_masked, v.work_type,
                v.work_role, v.is_team_leader, v.card_enc, v.card_hash, v.card_masked, v.bank_code, v.bank_name,
                v.phone_enc, v.phone_masked, v.content_hash
           from jsonb_to_recordset(?::jsonb) as v(id uuid, team_id uuid, worker_name text, id_number_enc text,
                id_number_hash text, id_number_masked text, work_type text, work_role text, is_team_leader boolean,
                card_enc text, card_hash text, card_masked text, bank_code text, bank_name text, phone_enc text,
                phone_masked text, content_hash text)
         on conflict (project_id, id_number_hash) do update set team_id = excluded.team_id, worker_name = excluded.worker_name,
              id_number_enc = excluded.id_number_enc, work_type = excluded.work_type, work_role = excluded.work_role,
              is_team_leader = excluded.is_team_leader, card_enc = excluded.card_enc, card_hash = excluded.card_hash,
              card_masked = excluded.card_masked, bank_code = excluded.bank_code, bank_name = excluded.bank_name,
              phone_enc = excluded.phone_enc, phone_masked = excluded.phone_masked,
              content_hash = excluded.content_hash, updated_at = now()
           where worker.content_hash is distinct from excluded.content_hash
         returning (xmax = 0) as inserted`,
        [project.id, JSON.stringify(values)],
      );
    if (written.some((w) => w.inserted)) await evaluateWorkersWithoutContract(ctx.em, project);
    // a worker's own card (new or changed) decides which debits are within the payroll
    if (written.length)
      await evaluatePayrollAlerts(ctx.em, [project.id], { kinds: ['PAID_OUTSIDE_PAYROLL'] });
  }
  const accepted = written.filter((w) => w.inserted).length;
  return {
    accepted,
    updated: written.length - accepted,
    duplicates: rows.length - written.length + replays,
    rejected: sortRejected(rejected),
  };
}

/** 138****1234: the first three and last four digits. */
export const maskPhone = (phone: string): string =>
  phone.length <= 7
    ? '*'.repeat(phone.length)
    : phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);

/**
 * 劳资专管员 (art. 28): named by the general contractor with name, ID number and phone; linked to
 * the worker of that ID number when one is registered on the project. The same call again replaces it.
 */
export async function setLabourWageManager(
  ctx: ServiceContext,
  projectId: string,
  input: { name: string; idNumber: string; phone: string },
): Promise<string> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  const name = argument(() => text(input.name, 'name', 50));
  const id = argument(() => residentId(input.idNumber, 'idNumber'));
  const phone = argument(() => phoneNumber(input.phone, 'phone'));
  const hash = lookupHash('ID', id);
  const [w] = await sql<{ id: string; work_role: string }>(
    ctx.em,
    `select id::text, work_role from worker where project_id = ? and id_number_hash = ?`,
    [project.id, hash],
  );
  if (w && w.work_role !== 'MANAGER')
    throw conflict(
      'idNumber: the labour-wage manager is registered here as a WORKER, not a MANAGER',
      'idNumber',
    );
  await sql(
    ctx.em,
    `insert into labour_wage_manager (project_id, worker_id, name, id_number_enc, id_number_hash, id_number_masked,
                                      phone_enc, phone_masked, appointed_on, appointed_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (project_id) do update set worker_id = excluded.worker_id, name = excluded.name,
       id_number_enc = excluded.id_number_enc, id_number_hash = excluded.id_number_hash,
       id_number_masked = excluded.id_number_masked, phone_enc = excluded.phone_enc, phone_masked = excluded.phone_masked,
       appointed_on = case when labour_wage_manager.id_number_hash = excluded.id_number_hash
                           then labour_wage_manager.appointed_on else excluded.appointed_on end,
       appointed_by = excluded.appointed_by`,
    [
      project.id,
      w?.id ?? null,
      name,
      encryptPersonal(id),
      hash,
      maskIdNumber(id),
      encryptPersonal(phone),
      maskPhone(phone),
      todayInShanghai(),
      recorderOf(ctx.caller),
    ],
  );
  await evaluatePayrollAlerts(ctx.em, [project.id], { kinds: ['NO_LABOUR_WAGE_MANAGER'] });
  return project.id;
}
