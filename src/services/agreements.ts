import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { SpecialAccount, TripartiteAgreement } from '../entities';
import { badInput, conflict, notFound } from '../domain/errors';
import { isValidIsoDate } from '../domain/dates';
import { assertProjectWithinScope } from '../auth/scope';
import type { ServiceContext } from './context';
import { findBank } from './banks';
import { findProject } from './projects';
import { refreshProjectDuties } from './duties/duty-sweep';
import { OPENED_AT_INTAKE } from '../domain/duties/account-duties';
import { todayInShanghai } from '../clock';
import { isUuid } from '../domain/uuid';

export interface AgreementInput {
  projectId: string;
  bankCode: string;
  accountNo: string;
  laborCostPerCycleFen: bigint;
  dueDay: number;
  startsOn: string;
  endsOn?: string | null;
  /** a supplementary agreement (补充协议): the id of the agreement it replaces from startsOn */
  supersedes?: string | null;
}

export const ACCOUNT_NO = /^[0-9A-Za-z-]{4,64}$/;

export async function registerAgreement(
  ctx: ServiceContext,
  input: AgreementInput,
): Promise<TripartiteAgreement> {
  validateTerms(input);
  const project = await findProject(ctx, input.projectId);
  if (!project) throw notFound(`projectId: project ${input.projectId}`);
  assertProjectWithinScope(ctx.caller, project.districtCode, project.industry);
  const bank = await findBank(ctx, input.bankCode);
  if (!bank) throw badInput('bankCode', `no bank ${input.bankCode} is registered`);

  let account = await ctx.em.findOne(SpecialAccount, { project });
  if (account && (account.bank.code !== bank.code || account.accountNo !== input.accountNo)) {
    throw conflict(
      `accountNo: project already has its special account ${account.accountNo} at ${account.bank.code}; one account per project`,
      'accountNo',
    );
  }
  if (!account) {
    const taken = await ctx.em.findOne(SpecialAccount, { bank, accountNo: input.accountNo });
    if (taken)
      throw conflict(
        `accountNo: account ${input.accountNo} at ${bank.code} belongs to another project`,
        'accountNo',
      );
    account = ctx.em.create(SpecialAccount, { bank, accountNo: input.accountNo, project });
  }
  const supersedes = input.supersedes == null ? null : await supersededBy(ctx, input, account);
  const agreement = ctx.em.create(TripartiteAgreement, {
    project,
    account,
    supersedes,
    laborCostPerCycleFen: input.laborCostPerCycleFen,
    dueDay: input.dueDay,
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
  });
  try {
    await ctx.em.flush();
  } catch (err) {
    // A concurrent registration got in between the reads above and this write: the database's
    // unique constraints decide, and the loser gets the same CONFLICT it would have got later.
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    const constraint = (err as { constraint?: string }).constraint;
    if (constraint === 'tripartite_agreement_supersedes_id_unique')
      throw conflict(
        `supersedes: agreement ${input.supersedes} has just been superseded by another`,
        'supersedes',
      );
    if (constraint === 'special_account_project_id_unique') {
      throw conflict(
        'accountNo: project has just been given another special account; one account per project',
        'accountNo',
      );
    }
    throw conflict(
      `accountNo: account ${input.accountNo} at ${bank.code} belongs to another project`,
      'accountNo',
    );
  }
  // The registration is evidence the account is open (R5), and events the bank sent before it
  // (an opening, a closing, a freeze attempt) join the project now: its duty alerts follow at once.
  await refreshProjectDuties(ctx.em, [project.id], todayInShanghai(), {
    openKinds: OPENED_AT_INTAKE,
    freezes: true,
  });
  return agreement;
}

/**
 * The agreement a supplementary one replaces: on the same project's special account, starting
 * before it, and not superseded yet (one successor each; the unique key settles a race). From the
 * new startsOn the old one owes nothing: the engine ends it the day before (agreement-batch.ts),
 * while its own terms stay as registered. Credits are not split: each agreement counts the
 * account's credits from its own startsOn, so the old one can still be made good for the cycles it
 * owed, and the new one owes from its start. An id the caller cannot see reads like an unknown one.
 */
async function supersededBy(
  ctx: ServiceContext,
  input: AgreementInput,
  account: SpecialAccount,
): Promise<TripartiteAgreement> {
  const id = input.supersedes!;
  const old = isUuid(id)
    ? await ctx.em.findOne(TripartiteAgreement, { id }, { populate: ['project', 'account'] })
    : null;
  if (!old || old.project.id !== input.projectId || old.account.id !== account.id) {
    throw badInput('supersedes', `no agreement ${id} on this project's special account`);
  }
  if (input.startsOn <= old.startsOn) {
    throw badInput(
      'supersedes',
      `the new agreement must start after the one it supersedes (${old.startsOn})`,
    );
  }
  const successor = await ctx.em.findOne(TripartiteAgreement, { supersedes: old.id });
  if (successor) {
    throw conflict(`supersedes: agreement ${id} is already superseded by ${successor.id}`, 'supersedes');
  }
  return old;
}

/** The agreement this one replaced, and the one that replaced it (same project: same scope). */
export async function succession(
  ctx: Pick<ServiceContext, 'em'>,
  agreement: { id: string; supersedes: { id: string } | null },
): Promise<{ supersedes: TripartiteAgreement | null; supersededBy: TripartiteAgreement | null }> {
  const populate = ['account', 'account.bank'] as const;
  const [supersedes, supersededBy] = await Promise.all([
    agreement.supersedes
      ? ctx.em.findOne(TripartiteAgreement, { id: agreement.supersedes.id }, { populate })
      : null,
    ctx.em.findOne(TripartiteAgreement, { supersedes: agreement.id }, { populate }),
  ]);
  return { supersedes, supersededBy };
}

function validateTerms(input: AgreementInput): void {
  if (!ACCOUNT_NO.test(input.accountNo))
    throw badInput('accountNo', 'use 4–64 characters from 0-9, A-Z and "-"');
  if (input.laborCostPerCycleFen <= 0n) throw badInput('laborCostPerCycle', 'must be more than 0.00');
  if (!Number.isInteger(input.dueDay) || input.dueDay < 1 || input.dueDay > 28) {
    throw badInput(
      'dueDay',
      'must be from 1 to 28 (a cycle is at most one month, and every month has days 1–28)',
    );
  }
  if (!isValidIsoDate(input.startsOn)) throw badInput('startsOn', 'must be a real date YYYY-MM-DD');
  if (input.endsOn != null) {
    if (!isValidIsoDate(input.endsOn)) throw badInput('endsOn', 'must be a real date YYYY-MM-DD');
    if (input.endsOn < input.startsOn) throw badInput('endsOn', 'must not be before startsOn');
  }
}
