/**
 * What the supervising department records about a project's special account (R5, R10, R13): the
 * account's filing, a government-investment project's verified funding arrangement, and its
 * objection to a court's freeze. Each is a fact the duty alerts are computed from: recorded, the
 * project's alerts are brought up to date in the same transaction (one made good resolves at once).
 * Recorded by HRSS of the project's district or its industry authority (assertCompletionRecorder's
 * rule: the departments that supervise the project).
 */
import { MAX_MONEY_FEN } from '../../domain/money';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { FreezeObjection, FundingArrangement, SpecialAccountFiling, type Project } from '../../entities';
import { todayInShanghai } from '../../clock';
import { sql } from '../../db/sql';
import { findAlert } from '../compliance/alerts';
import { requiredText, type ServiceContext } from '../context';
import { assertStatedDate } from '../stated-date';
import { conflictOnDuplicate } from '../unique-violation';
import { assertCompletionRecorder, recorder } from './access';
import { dutyProject } from './deposits';
import { refreshProjectDuties } from './duty-sweep';

/** The department acting: HRSS:{district} or {INDUSTRY}:{district}, as notices name it. */
const departmentOf = (ctx: ServiceContext): string => `${ctx.caller.org}:${ctx.caller.district}`;

function assertSupervisor(ctx: ServiceContext, project: Project, what: string): void {
  try {
    assertCompletionRecorder(ctx.caller, project);
  } catch {
    throw forbidden(`${what} is recorded by HRSS of the project's district or its industry authority`);
  }
}

export async function recordSpecialAccountFiling(
  ctx: ServiceContext,
  input: { projectId: string; filedOn: string; reference: string },
): Promise<SpecialAccountFiling> {
  const project = await dutyProject(ctx, input.projectId);
  assertSupervisor(ctx, project, "a special account's filing");
  assertStatedDate(input.filedOn, 'filedOn');
  const reference = requiredText(input.reference, 'reference', 100);
  const opened = await sql<{ on: string | null }>(
    ctx.em,
    `select least(
        (select min((e.booked_at at time zone 'Asia/Shanghai')::date) from special_account sa
           join account_event e on e.bank_code = sa.bank_code and e.account_no = sa.account_no and e.type = 'ACCOUNT_OPENED'
          where sa.project_id = ?),
        (select min((a.created_at at time zone 'Asia/Shanghai')::date) from tripartite_agreement a where a.project_id = ?))::text as on`,
    [project.id, project.id],
  );
  const openedOn = opened[0]?.on ?? null;
  if (openedOn === null)
    throw conflict(
      'projectId: the project has no special account on record yet (no ACCOUNT_OPENED, no agreement)',
      'projectId',
    );
  if (input.filedOn < openedOn)
    throw badInput('filedOn', `must not be before the account was opened (${openedOn})`);
  const filing = ctx.em.create(SpecialAccountFiling, {
    project,
    filedOn: input.filedOn,
    filedWith: departmentOf(ctx),
    reference,
    recordedBy: recorder(ctx.caller),
  });
  await conflictOnDuplicate(
    () => ctx.em.flush(),
    "projectId: the project's special account is filed already",
    'projectId',
  );
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai());
  return filing;
}

export async function recordFundingArrangement(
  ctx: ServiceContext,
  input: {
    projectId: string;
    verifiedOn: string;
    source: string;
    amountFen?: bigint | null;
    reference: string;
  },
): Promise<FundingArrangement> {
  const project = await dutyProject(ctx, input.projectId);
  assertSupervisor(ctx, project, 'a funding arrangement');
  if (!project.governmentInvestment)
    throw conflict(
      'projectId: the project is not registered as a government-investment project',
      'projectId',
    );
  assertStatedDate(input.verifiedOn, 'verifiedOn');
  const source = requiredText(input.source, 'source', 200);
  const reference = requiredText(input.reference, 'reference', 100);
  if (input.amountFen != null && (input.amountFen <= 0n || input.amountFen > MAX_MONEY_FEN))
    throw badInput('amount', 'must be more than 0');
  const arrangement = ctx.em.create(FundingArrangement, {
    project,
    verifiedOn: input.verifiedOn,
    source,
    amountFen: input.amountFen ?? null,
    reference,
    recordedBy: recorder(ctx.caller),
  });
  await conflictOnDuplicate(
    () => ctx.em.flush(),
    "projectId: the project's funding arrangement is recorded already",
    'projectId',
  );
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai());
  return arrangement;
}

/**
 * The supervising department objects to the freeze a SPECIAL_ACCOUNT_FREEZE alert reports (人社部发
 * 〔2020〕93号: nothing is frozen while the objection is reviewed). An objection resolves the alert.
 */
export async function recordFreezeObjection(
  ctx: ServiceContext,
  input: { alertId: string; objectedOn: string; reference: string; note?: string | null },
): Promise<FreezeObjection> {
  const alert = await findAlert(ctx, input.alertId);
  if (!alert || alert.kind !== 'SPECIAL_ACCOUNT_FREEZE')
    throw notFound(`alertId: SPECIAL_ACCOUNT_FREEZE alert ${input.alertId}`);
  const project = await dutyProject(ctx, alert.project.id, 'alertId');
  assertSupervisor(ctx, project, 'an objection to a freeze');
  assertStatedDate(input.objectedOn, 'objectedOn');
  if (input.objectedOn < alert.dueDate)
    throw badInput('objectedOn', `must not be before the freeze attempt (${alert.dueDate})`);
  const reference = requiredText(input.reference, 'reference', 100);
  const note = input.note == null ? null : requiredText(input.note, 'note', 1000);
  const eventId = alert.details?.subjectId;
  if (!eventId) throw conflict('alertId: the alert names no freeze attempt', 'alertId');
  const objection = ctx.em.create(FreezeObjection, {
    project,
    accountEventId: BigInt(eventId),
    objectedOn: input.objectedOn,
    reference,
    note,
    recordedBy: recorder(ctx.caller),
  });
  await conflictOnDuplicate(
    () => ctx.em.flush(),
    'alertId: an objection to this freeze is recorded already',
    'alertId',
  );
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai(), { freezes: true });
  return objection;
}
