/**
 * What the general contractor records on its project's board (R7), and that the board was
 * posted. The contractor records it, or HRSS of the project's district for it (as a deposit is).
 * Posting brings the project's duty alerts up to date at once: RIGHTS_BOARD_MISSING resolves that
 * day, with its notices.
 */
import { LockMode } from '@mikro-orm/core';
import type { Caller } from '../../auth/caller';
import { sql } from '../../db/sql';
import { now as clockNow, todayInShanghai } from '../../clock';
import { CITY_DISTRICT } from '../../domain/districts';
import { forbidden } from '../../domain/errors';
import { normalizeUscc } from '../../domain/identifiers';
import {
  payDayOrNull,
  phoneOrNull,
  sha256OrNull,
  subcontractorsOf,
  textOrNull,
} from '../../domain/rights-board/board-inputs';
import { RightsBoardRecord, type Project } from '../../entities';
import type { ServiceContext } from '../context';
import { recorder } from '../duties/access';
import { dutyProject } from '../duties/deposits';
import { refreshProjectDuties } from '../duties/duty-sweep';
import { assertStatedDate } from '../stated-date';

function assertBoardRecorder(caller: Caller, project: Project): void {
  const contractor =
    caller.org === 'CONTRACTOR' && normalizeUscc(caller.uscc ?? '') === project.contractor.uscc;
  const hrss =
    caller.org === 'HRSS' && (caller.district === CITY_DISTRICT || caller.district === project.districtCode);
  if (!contractor && !hrss)
    throw forbidden(
      "a project's rights-protection board is recorded by its general contractor or by HRSS of its district",
    );
}

/** Left out: kept as recorded; null or empty: cleared. */
export interface RightsBoardInput {
  projectId: string;
  projectDepartment?: string | null;
  projectDepartmentPhone?: string | null;
  labourWageManagerName?: string | null;
  labourWageManagerPhone?: string | null;
  payDay?: number | null;
  subcontractors?: { name: string; uscc?: string | null }[] | null;
}

async function boardOf(
  ctx: ServiceContext,
  projectId: string,
): Promise<{ project: Project; board: RightsBoardRecord }> {
  const project = await dutyProject(ctx, projectId);
  assertBoardRecorder(ctx.caller, project);
  // locked: two recordings of one board never interleave (the row is created on the first)
  await sql(
    ctx.em,
    `insert into rights_board (project_id, updated_by) values (?, ?) on conflict (project_id) do nothing`,
    [project.id, recorder(ctx.caller)],
  );
  const board = await ctx.em.findOneOrFail(
    RightsBoardRecord,
    { projectId: project.id },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  return { project, board };
}

export async function recordRightsBoard(
  ctx: ServiceContext,
  input: RightsBoardInput,
): Promise<RightsBoardRecord> {
  const { board } = await boardOf(ctx, input.projectId);
  const has = (k: keyof RightsBoardInput) => input[k] !== undefined;
  // every value checked before any is written: a bad one stores nothing
  const next = {
    projectDepartment: has('projectDepartment')
      ? textOrNull(input.projectDepartment, 'projectDepartment')
      : board.projectDepartment,
    projectDepartmentPhone: has('projectDepartmentPhone')
      ? phoneOrNull(input.projectDepartmentPhone, 'projectDepartmentPhone')
      : board.projectDepartmentPhone,
    labourWageManagerName: has('labourWageManagerName')
      ? textOrNull(input.labourWageManagerName, 'labourWageManagerName', 40)
      : board.labourWageManagerName,
    labourWageManagerPhone: has('labourWageManagerPhone')
      ? phoneOrNull(input.labourWageManagerPhone, 'labourWageManagerPhone')
      : board.labourWageManagerPhone,
    payDay: has('payDay') ? payDayOrNull(input.payDay) : board.payDay,
    subcontractors: has('subcontractors')
      ? subcontractorsOf(input.subcontractors ?? [])
      : board.subcontractors,
  };
  Object.assign(board, next, { updatedBy: recorder(ctx.caller), updatedAt: clockNow() });
  await ctx.em.flush();
  return board;
}

/** Answers the project, as the contract has it (`recordRightsBoardPosted(…): Project!`). */
export async function recordRightsBoardPosted(
  ctx: ServiceContext,
  projectId: string,
  postedOn: string,
  photoSha256: string | null | undefined,
): Promise<Project> {
  const { project, board } = await boardOf(ctx, projectId);
  assertStatedDate(postedOn, 'postedOn');
  const photo = sha256OrNull(photoSha256);
  Object.assign(board, {
    postedOn,
    photoSha256: photo,
    postedRecordedAt: clockNow(),
    updatedBy: recorder(ctx.caller),
    updatedAt: clockNow(),
  });
  await ctx.em.flush();
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai());
  return project;
}
