import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listDepositRules, setDepositRules } from '../../../src/services/duties/rules';
import { findDeposit, recordDepositTopUp, recordWageDeposit } from '../../../src/services/duties/deposits';
import { recordDepositPaid, recordDepositPaymentNotice } from '../../../src/services/duties/payment-notices';
import { listDeposits } from '../../../src/services/duties/reads';
import { inTransaction, serviceContext, type GraphQLContext } from '../../context';
import { dutyLoaders } from '../../duty-loaders';
import { loaders } from '../../loaders';
import { DateScalar, MoneyScalar } from '../../scalars';
import { toConnection, type Connection } from '../../types/connection';
import { ProjectType } from '../../types/core';
import {
  DepositPaymentNoticeInput,
  DepositPaymentNoticeType,
  DepositRulesInput,
  DepositRulesType,
  DepositTopUpType,
  WageDepositConnection,
  WageDepositFilter,
  WageDepositInput,
  WageDepositType,
} from '../../types/duties/deposit';

@Resolver(() => WageDepositType)
export class DepositResolver {
  @Query(() => [DepositRulesType], { description: 'every version of the wage-deposit rules, oldest first' })
  async depositRules(@Ctx() ctx: GraphQLContext): Promise<DepositRulesType[]> {
    return (await listDepositRules(serviceContext(ctx))).map(DepositRulesType.from);
  }

  @Mutation(() => DepositRulesType, {
    description: 'city HRSS: a version of the wage-deposit rules from effectiveFrom (the same day: replaced)',
  })
  async setDepositRules(
    @Arg('input') input: DepositRulesInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositRulesType> {
    const stored = await inTransaction(ctx, (svc) =>
      setDepositRules(svc, {
        effectiveFrom: input.effectiveFrom ?? null,
        baseRatioBp: input.baseRatioBp,
        severalProjectsRatioBp: input.severalProjectsRatioBp ?? null,
        capFen: input.cap ?? null,
        exemptionBelowFen: input.exemptionBelow ?? null,
        arrearsRaisePct: input.arrearsRaisePct,
        listedRaisePct: input.listedRaisePct,
        bankPayWorkingDays: input.bankPayWorkingDays ?? 5,
        topUpWorkingDays: input.topUpWorkingDays ?? 10,
        correctionWorkingDays: input.correctionWorkingDays ?? 10,
        freezeObjectionWorkingDays: input.freezeObjectionWorkingDays ?? 5,
        watchedFrom: input.watchedFrom ?? null,
      }),
    );
    return DepositRulesType.from(stored);
  }

  @Mutation(() => WageDepositType, {
    description: "the project's general contractor, or HRSS for it: one instrument of the wage deposit (R1)",
  })
  async recordWageDeposit(
    @Arg('input') input: WageDepositInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageDepositType> {
    const deposit = await inTransaction(ctx, (svc) =>
      recordWageDeposit(svc, { ...input, amountFen: input.amount }),
    );
    return WageDepositType.from(deposit);
  }

  @Mutation(() => WageDepositType, {
    description: 'money paid into a deposit after it was made (after a use)',
  })
  async recordDepositTopUp(
    @Arg('depositId', () => ID) depositId: string,
    @Arg('amount', () => MoneyScalar) amount: bigint,
    @Arg('toppedUpOn', () => DateScalar) toppedUpOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageDepositType> {
    return WageDepositType.from(
      await inTransaction(ctx, (svc) => recordDepositTopUp(svc, depositId, amount, toppedUpOn)),
    );
  }

  @Mutation(() => DepositPaymentNoticeType, {
    description: "HRSS of the project's district: a written notice to the bank to pay wages from the deposit",
  })
  async recordDepositPaymentNotice(
    @Arg('input') input: DepositPaymentNoticeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositPaymentNoticeType> {
    const notice = await inTransaction(ctx, (svc) =>
      recordDepositPaymentNotice(svc, { ...input, amountFen: input.amount }),
    );
    return DepositPaymentNoticeType.from(notice);
  }

  @Mutation(() => DepositPaymentNoticeType, {
    description: 'the bank that holds the deposit (or HRSS) records that it paid',
  })
  async recordDepositPaid(
    @Arg('noticeId', () => ID) noticeId: string,
    @Arg('paidOn', () => DateScalar) paidOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositPaymentNoticeType> {
    return DepositPaymentNoticeType.from(
      await inTransaction(ctx, (svc) => recordDepositPaid(svc, noticeId, paidOn)),
    );
  }

  @Query(() => WageDepositConnection, {
    description:
      'instruments of wage deposits the caller sees (a bank: those it holds or issued), newest first',
  })
  async wageDeposits(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => WageDepositFilter, { nullable: true }) filter?: WageDepositFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<WageDepositType>> {
    return toConnection(await listDeposits(serviceContext(ctx), filter, first, after), WageDepositType.from);
  }

  @Query(() => WageDepositType, { nullable: true })
  async wageDeposit(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageDepositType | null> {
    const found = await findDeposit(serviceContext(ctx), id);
    return found && WageDepositType.from(found);
  }

  @FieldResolver(() => ProjectType, {
    nullable: true,
    description: "null where the project is outside the caller's scope",
  })
  async project(@Root() deposit: WageDepositType, @Ctx() ctx: GraphQLContext): Promise<ProjectType | null> {
    serviceContext(ctx);
    const project = await loaders(ctx).project.load(deposit.projectId);
    return project && ProjectType.from(project);
  }

  @FieldResolver(() => [DepositTopUpType])
  async topUps(@Root() deposit: WageDepositType, @Ctx() ctx: GraphQLContext): Promise<DepositTopUpType[]> {
    serviceContext(ctx);
    return (await dutyLoaders(ctx).topUps.load(deposit.id)).map(DepositTopUpType.from);
  }

  @FieldResolver(() => [DepositPaymentNoticeType], {
    description: "HRSS's notices to pay from it, and what the bank paid",
  })
  async paymentNotices(
    @Root() deposit: WageDepositType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositPaymentNoticeType[]> {
    serviceContext(ctx);
    return (await dutyLoaders(ctx).paymentNotices.load(deposit.id)).map(DepositPaymentNoticeType.from);
  }
}
