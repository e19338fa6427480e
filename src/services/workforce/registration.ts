/**
 * Real-name registration (R4): teams (班组) of the general contractor or a subcontractor, and the
 * workers on them, sent in batches from the contractor's own real-name system in the national
 * platform's record shapes (Team.Add, ProjectWorker.Add). Each row is checked on its own; the
 * valid ones are written together with set-based statements. A replay of the same row changes
 * nothing; the same worker (ID number) with other content is a correction and updates the row.
 */
import { randomUUID } from 'node:crypto';
import { sql } from '../../db/sql';
import { todayInShanghai } from '../../clock';
import { maskAccountNo, maskIdNumber } from '../../domain/identifiers';
import {
  MANAGER_WORK_TYPE,
  TEAM_CORP_TYPES,
  GENERAL_CONTRACTOR_CORP_TYPE,
  WORK_TYPES,
} from '../../domain/workforce/work-types';
import { badInput, conflict } from '../../domain/errors';
import { contentHash, encryptPersonal, lookupHash } from '../../personal-data/cipher';
import type { ServiceContext } from '../context';
import { projectOfContractor, recorderOf } from './access';
import { bankCard, eachRow, optionalText, refuse, residentId, text, uscc, type RowRejection } from './rows';
import { evaluateWorkersWithoutContract } from './without-contract';

export const MAX_TEAMS_PER_CALL = 1000;
export const MAX_WORKERS_PER_CALL = 5000;

export interface BatchResult {
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: RowRejection[];
}

export interface TeamRow {
  corpCode: string;
  corpName: string;
  corpType: string;
  teamName: string;
  responsiblePersonName?: string | null;
}

export interface WorkerRow {
  corpCode: string;
  teamName: string;
  workerName: string;
  idCardType?: string | null;
  idCardNumber: string;
  workType: string;
  workRole: 'WORKER' | 'MANAGER';
  isTeamLeader?: boolean | null;
  payRollBankCardNumber: string;
  payRollBankCode?: string | null;
  payRollBankName: string;
}

export function assertBatchSize(rows: readonly unknown[], field: string, max: number): void {
  if (rows.length === 0) throw badInput(field, 'must hold at least one row');
  if (rows.length > max) throw badInput(field, `at most ${max} rows per call, got ${rows.length}`);
}

/** Splits rows by key: the first of equal rows is kept, later equal ones are replays, other content a refusal. */
function dedupe<T extends { index: number; key: string; hash: string }>(
  rows: T[],
  rejected: RowRejection[],
  what: string,
) {
  const first = new Map<string, T>();
  let replays = 0;
  for (const r of rows) {
    const seen = first.get(r.key);
    if (!seen) first.set(r.key, r);
    else if (seen.hash === r.hash) replays += 1;
    else
      rejected.push({
        index: r.index,
        code: 'DUPLICATE_IN_BATCH',
        message: `${what} is also row ${seen.index} of this batch, with other content`,
      });
  }
  return { rows: [...first.values()], replays };
}

export async function registerTeams(
  ctx: ServiceContext,
  projectId: string,
  teams: TeamRow[],
): Promise<BatchResult> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  assertBatchSize(teams, 'teams', MAX_TEAMS_PER_CALL);
  const checked = eachRow(teams, (t) => {
    const corpCode = uscc(t.corpCode, 'corpCode');
    const corpType = text(t.corpType, 'corpType', 3);
    if (!TEAM_CORP_TYPES[corpType])
      refuse('INVALID_CORP_TYPE', 'corpType', `must be one of ${Object.keys(TEAM_CORP_TYPES).join(', ')}`);
    if ((corpType === GENERAL_CONTRACTOR_CORP_TYPE) !== (corpCode === project.contractorUscc))
      refuse(
        'INVALID_CORP_TYPE',
        'corpType',
        corpType === GENERAL_CONTRACTOR_CORP_TYPE
          ? "009 (general contractor) is the project's general contractor only"
          : "the project's general contractor's own team is corpType 009",
      );
    const row = {
      corpCode,
      corpName: text(t.corpName, 'corpName'),
      corpType,
      teamName: text(t.teamName, 'teamName', 100),
      responsiblePersonName: optionalText(t.responsiblePersonName, 'responsiblePersonName', 50),
    };
    return row;
  });
  const rejected = checked.rejected;
  const keyed = checked.ok.map(({ index, value }) => ({
    index,
    value,
    key: `${value.corpCode}|${value.teamName}`,
    hash: JSON.stringify(value),
  }));
  const { rows, replays } = dedupe(keyed, rejected, 'the team (corpCode, teamName)');
  const written = rows.length
    ? await sql<{ inserted: boolean; changed: boolean }>(
        ctx.em,
        `with v as (select * from jsonb_to_recordset(?::jsonb) as v(id uuid, corp_code text, corp_name text, corp_type text,
                     team_name text, responsible_person_name text))
         insert into work_team (id, project_id, corp_code, corp_name, corp_type, team_name, responsible_person_name, registered_by)
         select v.id, ?, v.corp_code, v.corp_name, v.corp_type, v.team_name, v.responsible_person_name, ? from v
         on conflict (project_id, corp_code, team_name) do update set corp_name = excluded.corp_name,
              corp_type = excluded.corp_type, responsible_person_name = excluded.responsible_person_name, updated_at = now()
           where (work_team.corp_name, work_team.corp_type, work_team.responsible_person_name)
                 is distinct from (excluded.corp_name, excluded.corp_type, excluded.responsible_person_name)
         returning (xmax = 0) as inserted, true as changed`,
        [
          JSON.stringify(
            rows.map((r) => ({
              id: randomUUID(),
              corp_code: r.value.corpCode,
              corp_name: r.value.corpName,
              corp_type: r.value.corpType,
              team_name: r.value.teamName,
              responsible_person_name: r.value.responsiblePersonName,
            })),
          ),
          project.id,
          recorderOf(ctx.caller),
        ],
      )
    : [];
  const accepted = written.filter((w) => w.inserted).length;
  const updated = written.length - accepted;
  return {
    accepted,
    updated,
    unchanged: rows.length - written.length + replays,
    rejected: sortRejected(rejected),
  };
}

export const sortRejected = (r: RowRejection[]): RowRejection[] => r.sort((a, b) => a.index - b.index);

export async function registerWorkers(
  ctx: ServiceContext,
  projectId: string,
  workers: WorkerRow[],
): Promise<BatchResult> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  assertBatchSize(workers, 'workers', MAX_WORKERS_PER_CALL);
  const teams = await sql<{ id: string; corp_code: string; team_name: string }>(
    ctx.em,
    `select id::text, corp_code, team_name from work_team where project_id = ?`,
    [project.id],
  );
  const teamOf = new Map(teams.map((t) => [`${t.corp_code}|${t.team_name}`, t.id]));
  const checked = eachRow(workers, (w) => {
    const idNumber = residentId(w.idCardNumber, 'idCardNumber', w.idCardType);
    const card = bankCard(w.payRollBankCardNumber);
    const teamKey = `${uscc(w.corpCode, 'corpCode')}|${text(w.teamName, 'teamName', 100)}`;
    const teamId = teamOf.get(teamKey);
    if (!teamId)
      refuse('UNKNOWN_TEAM', 'teamName', 'no such team (corpCode, teamName) is registered on the project');
    const workType = text(w.workType, 'workType', 3);
    if (!WORK_TYPES[workType])
      refuse('UNKNOWN_WORK_TYPE', 'workType', 'is not a national work-type (工种) code');
    if (w.workRole !== 'WORKER' && w.workRole !== 'MANAGER')
      refuse('INVALID_FIELD', 'workRole', 'must be WORKER or MANAGER');
    if (w.workRole === 'WORKER' && workType === MANAGER_WORK_TYPE)
      refuse('INVALID_FIELD', 'workType', '900 (管理人员) is for workRole MANAGER');
    const bankCode = optionalText(w.payRollBankCode, 'payRollBankCode', 16);
    const content = {
      teamId: teamId!,
      workerName: text(w.workerName, 'workerName', 50),
      workType,
      workRole: w.workRole,
      isTeamLeader: w.isTeamLeader === true,
      bankCode,
      bankName: text(w.payRollBankName, 'payRollBankName', 100),
    };
    return { idNumber, card, content };
  });
  const rejected = checked.rejected;
  const keyed = checked.ok.map(({ index, value }) => ({
    index,
    value,
    key: lookupHash('ID', value.idNumber),
    hash: contentHash({ ...value.content, idNumber: value.idNumber, card: value.card }),
  }));
  const { rows, replays } = dedupe(keyed, rejected, 'the worker (idCardNumber)');
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
    const changed = rows.filter((r) => existing.get(r.key) !== r.hash);
    const values = changed.map((r) => ({
      id: randomUUID(),
      team_id: r.value.content.teamId,
      worker_name: r.value.content.workerName,
      id_number_enc: encryptPersonal(r.value.idNumber),
      id_number_hash: r.key,
      id_number_masked: maskIdNumber(r.value.idNumber),
      work_type: r.value.content.workType,
      work_role: r.value.content.workRole,
      is_team_leader: r.value.content.isTeamLeader,
      card_enc: encryptPersonal(r.value.card),
      card_hash: lookupHash('CARD', r.value.card),
      card_masked: maskAccountNo(r.value.card),
      bank_code: r.value.content.bankCode,
      bank_name: r.value.content.bankName,
      content_hash: r.hash,
    }));
    if (values.length)
      written = await sql<{ inserted: boolean }>(
        ctx.em,
        `insert into worker (id, project_id, team_id, worker_name, id_number_enc, id_number_hash, id_number_masked, work_type,
                             work_role, is_team_leader, card_enc, card_hash, card_masked, bank_code, bank_name, content_hash)
         select v.id, ?, v.team_id, v.worker_name, v.id_number_enc, v.id_number_hash, v.id_number_masked, v.work_type,
                v.work_role, v.is_team_leader, v.card_enc, v.card_hash, v.card_masked, v.bank_code, v.bank_name, v.content_hash
           from jsonb_to_recordset(?::jsonb) as v(id uuid, team_id uuid, worker_name text, id_number_enc text,
                id_number_hash text, id_number_masked text, work_type text, work_role text, is_team_leader boolean,
                card_enc text, card_hash text, card_masked text, bank_code text, bank_name text, content_hash text)
         on conflict (project_id, id_number_hash) do update set team_id = excluded.team_id, worker_name = excluded.worker_name,
              id_number_enc = excluded.id_number_enc, work_type = excluded.work_type, work_role = excluded.work_role,
              is_team_leader = excluded.is_team_leader, card_enc = excluded.card_enc, card_hash = excluded.card_hash,
              card_masked = excluded.card_masked, bank_code = excluded.bank_code, bank_name = excluded.bank_name,
              content_hash = excluded.content_hash, updated_at = now()
           where worker.content_hash is distinct from excluded.content_hash
         returning (xmax = 0) as inserted`,
        [project.id, JSON.stringify(values)],
      );
    if (written.some((w) => w.inserted)) await evaluateWorkersWithoutContract(ctx.em, project);
  }
  const accepted = written.filter((w) => w.inserted).length;
  return {
    accepted,
    updated: written.length - accepted,
    unchanged: rows.length - written.length + replays,
    rejected: sortRejected(rejected),
  };
}

/** 劳资专管员: a MANAGER of the general contractor's own team (corpType 009), named by ID number. */
export async function appointLabourWageManager(
  ctx: ServiceContext,
  projectId: string,
  idCardNumber: string,
  appointedOn: string,
): Promise<string> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  if (appointedOn > todayInShanghai()) throw badInput('appointedOn', `is after today (${todayInShanghai()})`);
  let id: string;
  try {
    id = residentId(idCardNumber);
  } catch (err) {
    throw badInput('idCardNumber', (err as Error).message.replace(/^idCardNumber: /, ''));
  }
  const [w] = await sql<{ id: string; work_role: string; corp_type: string }>(
    ctx.em,
    `select w.id::text, w.work_role, t.corp_type from worker w join work_team t on t.id = w.team_id
      where w.project_id = ? and w.id_number_hash = ?`,
    [project.id, lookupHash('ID', id)],
  );
  if (!w) throw badInput('idCardNumber', 'no worker with this ID number is registered on the project');
  if (w.work_role !== 'MANAGER' || w.corp_type !== GENERAL_CONTRACTOR_CORP_TYPE)
    throw conflict(
      "idCardNumber: the labour-wage manager is a MANAGER of the general contractor's own team (art. 28)",
      'idCardNumber',
    );
  await sql(
    ctx.em,
    `insert into labour_wage_manager (project_id, worker_id, appointed_on, appointed_by) values (?, ?, ?, ?)
     on conflict (project_id) do update set worker_id = excluded.worker_id, appointed_on = excluded.appointed_on,
       appointed_by = excluded.appointed_by`,
    [project.id, w.id, appointedOn, recorderOf(ctx.caller)],
  );
  return w.id;
}
