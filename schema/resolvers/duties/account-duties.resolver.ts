import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  recordFreezeObjection,
  recordFundingArrangement,
  recordSpecialAccountFiling,
} from '../../../src/services/duties/account-duties';
import { parseMoney } from '../../../src/domain/money';
import { DEFAULT_FREEZE_OBJECTION_WORKING_DAYS } from '../../../src/domain/duties/account-duties';
import { inTransaction, type GraphQLContext } from '../../context';
import { AlertType } from '../../types/alert';
import {
  FreezeDetailType,
  FreezeObjectionInput,
  FreezeObjectionType,
  FundingArrangementInput,
  FundingArrangementType,
  SpecialAccountFilingInput,
  SpecialAccountFilingType,
} from '../../types/duties/account-duties';

/** The special account's own duties and frozen funds (R5, R10, R13). */
@Resolver(() => AlertType)
export class AccountDutiesResolver {
  @Mutation(() => SpecialAccountFilingType, {
    description:
      'HRSS of the project’s district or its industry authority: the special account filed with it (R5; due 30 days after opening)',
  })
  async recordSpecialAccountFiling(
    @Arg('input') input: SpecialAccountFilingInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SpecialAccountFilingType> {
    return SpecialAccountFilingType.from(
      await inTransaction(ctx, (svc) => recordSpecialAccountFiling(svc, input)),
    );
  }

  @Mutation(() => FundingArrangementType, {
    description:
      'HRSS or the industry authority: a government-investment project’s funding arrangement as verified (R13; before it starts)',
  })
  async recordFundingArrangement(
    @Arg('input') input: FundingArrangementInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FundingArrangementType> {
    return FundingArrangementType.from(
      await inTransaction(ctx, (svc) => recordFundingArrangement(svc, { ...input, amountFen: input.amount })),
    );
  }

  @Mutation(() => FreezeObjectionType, {
    description:
      'HRSS or the industry authority (the supervising department): its objection to a court’s freeze of the special account (R10); resolves the alert',
  })
  async recordFreezeObjection(
    @Arg('input') input: FreezeObjectionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<FreezeObjectionType> {
    return FreezeObjectionType.from(
      await inTransaction(ctx, (svc) => recordFreezeObjection(svc, input)),
      input.alertId,
    );
  }

  @FieldResolver(() => FreezeDetailType, {
    nullable: true,
    description: 'for SPECIAL_ACCOUNT_FREEZE: the court order and the objection period',
  })
  freeze(@Root() alert: AlertType): FreezeDetailType | null {
    const a = alert.entity;
    if (a.kind !== 'SPECIAL_ACCOUNT_FREEZE') return null;
    const d = a.details ?? {};
    const deadline = d.objectionDeadline ?? a.correctionDeadline ?? a.dueDate;
    return Object.assign(new FreezeDetailType(), {
      court: d.court ?? null,
      orderNo: d.orderNo ?? null,
      amount: d.required && d.required !== '0.00' ? parseMoney(d.required, 'details.required') : null,
      objectionDeadline: deadline,
      objectionWorkingDays: Number(d.objectionWorkingDays ?? DEFAULT_FREEZE_OBJECTION_WORKING_DAYS),
      objectedOn: d.objectedOn ?? null,
      objectionReference: d.objectionReference ?? null,
    });
  }
}
