import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { SpecialAccount, TripartiteAgreement } from '../entities';
import { badInput, conflict, notFound } from '../domain/errors';
import { isValidIsoDate, shanghaiDateOf } from '../domain/dates';
import { assertProjectWithinScope } from '../auth/scope';
import type { ServiceContext } from './context';
import { findBank } from './banks';
import { findProject } from './projects';
import { sql } from '../db/sql';
import { now as clockNow } from '../clock';

export interface AgreementInput {
  projectId: string;
  bankCode: string;
  accountNo: string;
  laborCostPerCycleFen: bigint;
  dueDay: number;
  startsOn: string;
  endsOn?: string | null;
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
  const agreement = ctx.em.create(TripartiteAgreement, {
    project,
    account,
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
    if ((err as { constraint?: string }).constraint === 'special_account_project_id_unique') {
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
  return agreement;
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

/**
 * The current agreement as of `today` (Asia/Shanghai): the one in force that started last (a
 * supplementary agreement replaces the one before it); before any is in force, the next to start;
 * null once every agreement has ended.
 */
export async function currentAgreement(
  ctx: Pick<ServiceContext, 'em'>,
  projectId: string,
  today: string = shanghaiDateOf(clockNow()),
): Promise<TripartiteAgreement | null> {
  const notEnded = { project: projectId, $or: [{ endsOn: null }, { endsOn: { $gte: today } }] };
  const populate = ['account', 'account.bank'] as const;
  const inForce = await ctx.em.findOne(
    TripartiteAgreement,
    { ...notEnded, startsOn: { $lte: today } },
    { orderBy: { startsOn: 'desc', createdAt: 'desc' }, populate },
  );
  return (
    inForce ??
    ctx.em.findOne(
      TripartiteAgreement,
      { ...notEnded, startsOn: { $gt: today } },
      {
        orderBy: { startsOn: 'asc', createdAt: 'desc' },
        populate,
      },
    )
  );
}

/**
 * All CREDITs booked to the account so far net of CREDIT_REVERSALs (credits the bank took back),
 * in fen, including those sent before it was registered.
 */
export async function creditedTotalFen(
  ctx: Pick<ServiceContext, 'em'>,
  account: SpecialAccount,
): Promise<bigint> {
  const rows: { total: string | null }[] = await sql(
    ctx.em,
    `select sum(case when type = 'CREDIT' then amount_fen else -amount_fen end)::text as total
       from account_event where bank_code = ? and account_no = ? and type in ('CREDIT', 'CREDIT_REVERSAL')`,
    [account.bank.code, account.accountNo],
  );
  return BigInt(rows[0]?.total ?? '0');
}
