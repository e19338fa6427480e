/** Recording a project's wage deposit (R1) and what happens to it: instruments, top-ups. */
import { badInput, conflict, notFound } from '../../domain/errors';
import { assertIsoDate } from '../../domain/dates';
import { DEPOSIT_FORMS, checkValidity, type DepositForm } from '../../domain/duties/instruments';
import { isUuid } from '../../domain/uuid';
import { DepositReturn, DepositTopUp, WageDeposit, type Project } from '../../entities';
import { todayInShanghai } from '../../clock';
import { findBank } from '../banks';
import { requiredText, type ServiceContext } from '../context';
import { findProject } from '../projects';
import { assertStatedDate } from '../stated-date';
import { conflictOnDuplicate } from '../unique-violation';
import { assertDepositRecorder, recorder, seesDuties } from './access';
import { refreshProjectDuties } from './duty-sweep';

export interface WageDepositInput {
  projectId: string;
  form: DepositForm;
  issuer: string;
  number: string;
  bankCode?: string | null;
  amountFen: bigint;
  depositedOn: string;
  validFrom?: string | null;
  validUntil?: string | null;
  contractEndsOn?: string | null;
}

/** A project the caller may write duties of, or NOT_FOUND naming the field (out of scope looks absent). */
export async function dutyProject(
  ctx: ServiceContext,
  projectId: string,
  field = 'projectId',
): Promise<Project> {
  const project = await findProject(ctx, projectId);
  if (!project) throw notFound(`${field}: project ${projectId}`);
  return project;
}

export async function assertNotReturned(ctx: ServiceContext, project: Project): Promise<void> {
  const done = await ctx.em.findOne(DepositReturn, { project: project.id, confirmedOn: { $ne: null } });
  if (done)
    throw conflict(`projectId: the deposit of this project was returned on ${done.confirmedOn}`, 'projectId');
}

export async function recordWageDeposit(ctx: ServiceContext, input: WageDepositInput): Promise<WageDeposit> {
  const project = await dutyProject(ctx, input.projectId);
  assertDepositRecorder(ctx.caller, project);
  if (!(DEPOSIT_FORMS as readonly string[]).includes(input.form))
    throw badInput('form', `must be one of ${DEPOSIT_FORMS.join(', ')}`);
  const issuer = requiredText(input.issuer, 'issuer');
  const number = requiredText(input.number, 'number', 100);
  if (input.amountFen <= 0n) throw badInput('amount', 'must be more than 0');
  assertStatedDate(input.depositedOn, 'depositedOn');
  for (const field of ['validFrom', 'validUntil', 'contractEndsOn'] as const) {
    const v = input[field];
    if (v != null) assertIsoDate(v, field);
  }
  if (input.contractEndsOn != null && input.contractEndsOn < project.contractSignedOn)
    throw badInput(
      'contractEndsOn',
      `must not be before the contract was signed (${project.contractSignedOn})`,
    );
  const validity = checkValidity({
    form: input.form,
    depositedOn: input.depositedOn,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
    contractEndsOn: input.contractEndsOn ?? null,
  });
  let bankCode: string | null = null;
  if (input.bankCode) {
    const bank = await findBank(ctx, input.bankCode);
    if (!bank) throw badInput('bankCode', `${input.bankCode} is not a registered bank`);
    bankCode = bank.code;
  }
  await assertNotReturned(ctx, project);
  const deposit = ctx.em.create(WageDeposit, {
    project,
    form: input.form,
    issuer,
    number,
    bankCode,
    amountFen: input.amountFen,
    depositedOn: input.depositedOn,
    ...validity,
    contractEndsOn: input.form === 'CASH_ACCOUNT' ? null : (input.contractEndsOn ?? null),
    recordedBy: recorder(ctx.caller),
  });
  await conflictOnDuplicate(
    () => ctx.em.flush(),
    `number: this project already has a ${input.form} numbered ${number}; a renewal is recorded under its own number`,
    'number',
  );
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai());
  return deposit;
}

/** A deposit the caller sees (duties scope, or the bank it is held at), with its project; else null. */
export async function findDeposit(ctx: ServiceContext, id: string): Promise<WageDeposit | null> {
  if (!isUuid(id)) return null;
  const deposit = await ctx.em.findOne(
    WageDeposit,
    { id },
    { populate: ['project', 'project.contractor', 'project.owner'] },
  );
  if (!deposit) return null;
  const p = deposit.project;
  const visible =
    (ctx.caller.org === 'BANK' && deposit.bankCode !== null && deposit.bankCode === ctx.caller.bank) ||
    seesDuties(ctx.caller, {
      districtCode: p.districtCode,
      industry: p.industry,
      contractorUscc: p.contractor.uscc,
    });
  return visible ? deposit : null;
}

export async function requireDeposit(
  ctx: ServiceContext,
  id: string,
  field = 'depositId',
): Promise<WageDeposit> {
  const deposit = await findDeposit(ctx, id);
  if (!deposit) throw notFound(`${field}: deposit ${id}`);
  return deposit;
}

export async function recordDepositTopUp(
  ctx: ServiceContext,
  depositId: string,
  amountFen: bigint,
  toppedUpOn: string,
): Promise<WageDeposit> {
  const deposit = await requireDeposit(ctx, depositId);
  assertDepositRecorder(ctx.caller, deposit.project);
  if (amountFen <= 0n) throw badInput('amount', 'must be more than 0');
  assertStatedDate(toppedUpOn, 'toppedUpOn');
  if (toppedUpOn < deposit.depositedOn)
    throw badInput('toppedUpOn', `must not be before the deposit was made (${deposit.depositedOn})`);
  if (deposit.validUntil !== null && toppedUpOn > deposit.validUntil)
    throw badInput(
      'toppedUpOn',
      `the ${deposit.form} ended on ${deposit.validUntil}: record a new one instead`,
    );
  await assertNotReturned(ctx, deposit.project);
  ctx.em.create(DepositTopUp, { deposit, amountFen, toppedUpOn, recordedBy: recorder(ctx.caller) });
  await ctx.em.flush();
  await refreshProjectDuties(ctx.em, [deposit.project.id], todayInShanghai());
  return deposit;
}
