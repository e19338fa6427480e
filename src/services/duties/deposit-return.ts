/**
 * The project's completion and the return of its deposit (Deposit Rules art. 22), step by step:
 * completion (the accepting agency), 30 days of publicity and the application with a written
 * no-arrears promise (the contractor), review and confirmation (HRSS). Each step checks the one
 * before it and the dates; a refused review sends the contractor back to apply again.
 */
import { addDays } from '../../domain/dates';
import { publicityEndsOn } from '../../domain/duties/deposit-return';
import { badInput, conflict } from '../../domain/errors';
import { formatMoney } from '../../domain/money';
import { DepositReturn, WageCase, type Project } from '../../entities';
import { now as clockNow, todayInShanghai } from '../../clock';
import { requiredText, type ServiceContext } from '../context';
import { assertStatedDate } from '../stated-date';
import { assertCompletionRecorder, assertContractorOf, assertHrssOf, recorder } from './access';
import { dutyProject } from './deposits';
import { refreshProjectDuties } from './duty-sweep';

export async function recordProjectCompletion(
  ctx: ServiceContext,
  projectId: string,
  completedOn: string,
): Promise<Project> {
  const project = await dutyProject(ctx, projectId);
  assertCompletionRecorder(ctx.caller, project);
  assertStatedDate(completedOn, 'completedOn');
  const start = project.permitIssuedOn ?? project.contractSignedOn;
  if (completedOn <= start) throw badInput('completedOn', `must be after the works started (${start})`);
  if (project.completedOn !== null && project.completedOn !== completedOn) {
    const started = await ctx.em.findOne(DepositReturn, {
      project: project.id,
      publicityStartsOn: { $ne: null },
    });
    if (started)
      throw conflict(
        `completedOn: the return of the deposit already started from completion on ${project.completedOn}`,
        'completedOn',
      );
  }
  project.completedOn = completedOn;
  await ctx.em.flush();
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai());
  return project;
}

async function returnOf(ctx: ServiceContext, project: Project): Promise<DepositReturn> {
  const found = await ctx.em.findOne(DepositReturn, { project: project.id });
  if (found) return found;
  return ctx.em.create(DepositReturn, { project, updatedBy: recorder(ctx.caller) });
}

const touched = (ctx: ServiceContext, r: DepositReturn) =>
  Object.assign(r, { updatedBy: recorder(ctx.caller), updatedAt: clockNow() });

export async function startDepositPublicity(
  ctx: ServiceContext,
  projectId: string,
  startsOn: string,
): Promise<DepositReturn> {
  const project = await dutyProject(ctx, projectId);
  assertContractorOf(ctx.caller, project, 'publicises that no wages are owed');
  assertStatedDate(startsOn, 'startsOn');
  if (!project.completedOn)
    throw conflict(
      'projectId: the works are not recorded as complete (recordProjectCompletion comes first)',
      'projectId',
    );
  if (startsOn < project.completedOn)
    throw badInput('startsOn', `must not be before the completion on ${project.completedOn}`);
  const r = await returnOf(ctx, project);
  if (r.confirmedOn) throw conflict(`projectId: the deposit was returned on ${r.confirmedOn}`, 'projectId');
  if (r.publicityStartsOn && r.publicityStartsOn !== startsOn && r.appliedOn)
    throw conflict(
      `startsOn: the return was applied for after the publicity from ${r.publicityStartsOn}`,
      'startsOn',
    );
  touched(ctx, r).publicityStartsOn = startsOn;
  await ctx.em.flush();
  return r;
}

export async function applyForDepositReturn(
  ctx: ServiceContext,
  projectId: string,
  appliedOn: string,
  promiseSignedOn: string,
): Promise<DepositReturn> {
  const project = await dutyProject(ctx, projectId);
  assertContractorOf(ctx.caller, project, 'applies for the return of its deposit');
  assertStatedDate(appliedOn, 'appliedOn');
  assertStatedDate(promiseSignedOn, 'promiseSignedOn');
  const r = await returnOf(ctx, project);
  if (!r.publicityStartsOn)
    throw conflict('projectId: 30 days of publicity come first (startDepositPublicity)', 'projectId');
  const ends = publicityEndsOn(r.publicityStartsOn);
  if (appliedOn <= ends)
    throw badInput('appliedOn', `the publicity runs through ${ends}: apply from ${addDays(ends, 1)}`);
  if (promiseSignedOn > appliedOn) throw badInput('promiseSignedOn', 'must not be after the application');
  if (promiseSignedOn < project.completedOn!)
    throw badInput('promiseSignedOn', `must not be before the completion on ${project.completedOn}`);
  if (r.confirmedOn) throw conflict(`projectId: the deposit was returned on ${r.confirmedOn}`, 'projectId');
  if (r.appliedOn && r.approved !== false) {
    if (r.appliedOn === appliedOn) return r;
    throw conflict(`appliedOn: already applied on ${r.appliedOn}`, 'appliedOn');
  }
  // a new application after a refusal starts the review again
  Object.assign(touched(ctx, r), {
    appliedOn,
    promiseSignedOn,
    reviewedOn: null,
    approved: null,
    reviewNote: null,
  });
  await ctx.em.flush();
  return r;
}

export async function reviewDepositReturn(
  ctx: ServiceContext,
  projectId: string,
  reviewedOn: string,
  approved: boolean,
  note: string | null,
): Promise<DepositReturn> {
  const project = await dutyProject(ctx, projectId);
  assertHrssOf(ctx.caller, project, 'reviews the return of a deposit');
  assertStatedDate(reviewedOn, 'reviewedOn');
  const r = await returnOf(ctx, project);
  if (!r.appliedOn || r.approved === false)
    throw conflict('projectId: there is no application to review', 'projectId');
  if (r.approved === true) throw conflict(`projectId: already approved on ${r.reviewedOn}`, 'projectId');
  if (reviewedOn < r.appliedOn)
    throw badInput('reviewedOn', `must not be before the application of ${r.appliedOn}`);
  const reason = note == null || note.trim() === '' ? null : requiredText(note, 'note', 2000);
  if (!approved && !reason) throw badInput('note', 'a refusal says why');
  if (approved) await assertNoArrears(ctx, project);
  Object.assign(touched(ctx, r), { reviewedOn, approved, reviewNote: reason });
  await ctx.em.flush();
  return r;
}

/**
 * "No arrears": no open case on the project whose wages are unverified or not paid in full. A case
 * made from a duty alert claims no wages (0) and does not count: it is about the deposit itself.
 */
async function assertNoArrears(ctx: ServiceContext, project: Project): Promise<void> {
  const cases = await ctx.em.find(WageCase, {
    project: project.id,
    status: { $nin: ['CLOSED', 'PAID'] },
    claimedAmountFen: { $gt: 0n },
  });
  const owing = cases.find((c) => c.verifiedTotalFen > c.paidTotalFen || !c.verifiedOn);
  if (owing) {
    const what = owing.verifiedOn
      ? `${formatMoney(owing.verifiedTotalFen - owing.paidTotalFen)} yuan of verified wages unpaid`
      : 'a claim not yet verified';
    throw conflict(
      `projectId: case ${owing.id} on this project has ${what}: the deposit is not returned while wages may be owed`,
      'projectId',
    );
  }
}

export async function confirmDepositReturn(
  ctx: ServiceContext,
  projectId: string,
  confirmedOn: string,
): Promise<DepositReturn> {
  const project = await dutyProject(ctx, projectId);
  assertHrssOf(ctx.caller, project, 'confirms the return of a deposit');
  assertStatedDate(confirmedOn, 'confirmedOn');
  const r = await returnOf(ctx, project);
  if (r.approved !== true)
    throw conflict('projectId: the return has not been approved on review', 'projectId');
  if (confirmedOn < r.reviewedOn!)
    throw badInput('confirmedOn', `must not be before the review of ${r.reviewedOn}`);
  if (r.confirmedOn) {
    if (r.confirmedOn === confirmedOn) return r;
    throw conflict(`confirmedOn: already confirmed on ${r.confirmedOn}`, 'confirmedOn');
  }
  touched(ctx, r).confirmedOn = confirmedOn;
  await ctx.em.flush();
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai());
  return r;
}
