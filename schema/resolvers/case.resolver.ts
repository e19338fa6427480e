import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  closeCase,
  escalateCaseToGovernment,
  fileCase,
  fileCaseFromAlert,
  fileWageClaim,
  findCase,
  guideToCourt,
  listCases,
  orderPayment,
  recordPoliceResult,
  recordWagePayment,
  seesWorkerNames,
  transferToPolice,
  verifyWageClaim,
} from '../../src/services/cases';
import type { PoliceReferralGround as PoliceReferralGroundValue } from '../../src/domain/case-states';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { loaders } from '../loaders';
import { DateScalar, MoneyScalar } from '../scalars';
import {
  CaseFilter,
  PoliceReferralGround,
  VerificationInput,
  WageCaseConnection,
  WageCaseLineType,
  WageCaseStepType,
  WageCaseType,
  WageClaimInput,
  WagePaymentType,
} from '../types/case';
import { toConnection, type Connection } from '../types/connection';
import { connectionWant, nodeProjectParties } from '../selection';

@Resolver(() => WageCaseType)
export class CaseResolver {
  @Query(() => WageCaseType, { nullable: true, description: 'a case in the caller’s scope, or null' })
  async wageCase(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<WageCaseType | null> {
    const found = await findCase(serviceContext(ctx), id);
    return found ? WageCaseType.from(found) : null;
  }

  @Query(() => WageCaseConnection, { description: "cases in the caller's scope, newest first" })
  async cases(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => CaseFilter, { nullable: true }) filter?: CaseFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<WageCaseType>> {
    const projectParties = nodeProjectParties(info) === true;
    const page = await listCases(
      serviceContext(ctx),
      filter,
      first,
      after,
      connectionWant(info),
      projectParties,
    );
    return toConnection(page, WageCaseType.from);
  }

  @FieldResolver(() => [WageCaseLineType], { description: 'the verified lines; empty before verification' })
  async lines(@Root() c: WageCaseType, @Ctx() ctx: GraphQLContext): Promise<WageCaseLineType[]> {
    const svc = serviceContext(ctx);
    const full = seesWorkerNames(svc.caller, { routedOrg: c.routedOrg, districtCode: c.districtCode });
    return (await loaders(ctx).caseLines.load(c.id)).map((l) => WageCaseLineType.from(l, full));
  }

  @FieldResolver(() => [WagePaymentType])
  async payments(@Root() c: WageCaseType, @Ctx() ctx: GraphQLContext): Promise<WagePaymentType[]> {
    serviceContext(ctx);
    return (await loaders(ctx).casePayments.load(c.id)).map(WagePaymentType.from);
  }

  @FieldResolver(() => [WageCaseStepType], { description: 'every move, oldest first, with who and when' })
  async history(@Root() c: WageCaseType, @Ctx() ctx: GraphQLContext): Promise<WageCaseStepType[]> {
    serviceContext(ctx);
    return (await loaders(ctx).caseHistory.load(c.id)).map(WageCaseStepType.from);
  }

  @Mutation(() => WageCaseType, {
    description:
      'C1: HRSS or an industry authority within its scope; routed at once to the industry authority of the project (HOUSING, TRANSPORT, WATER, BENGANG) of its district, else the district HRSS',
  })
  async fileWageClaim(
    @Arg('input') input: WageClaimInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => fileWageClaim(svc, { ...input, amountFen: input.amount }));
  }

  @Mutation(() => WageCaseType, {
    description:
      'an open MISSED_LABOR_COST_TRANSFER alert escalated CONTRACTOR_REPORT_OVERDUE becomes a case (employer: the project owner; amount: the shortfall); a second call returns the same case',
  })
  async fileCaseFromAlert(
    @Arg('alertId', () => ID) alertId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('on', () => DateScalar, {
      nullable: true,
      description: 'the day received; default today (Asia/Shanghai)',
    })
    on?: string | null,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => fileCaseFromAlert(svc, alertId, on));
  }

  @Mutation(() => WageCaseType, {
    description:
      'C2: the debtor and each worker’s months and amount owed, given as lines or taken from the project’s wage ledger (linesFromLedger)',
  })
  async verifyWageClaim(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('input') input: VerificationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    const lines = input.lines?.map((l) => ({ ...l, amountFen: l.amount })) ?? null;
    return run(ctx, (svc) => verifyWageClaim(svc, caseId, { ...input, lines }));
  }

  @Mutation(() => WageCaseType, {
    description:
      '责令限期支付: the routed agency, the HRSS of the case’s district or city HRSS; issuedOn not after today; deadline after issuedOn and a working day; records orderIssuedBy; an HRSS order sets listingDecisionDeadline',
  })
  async orderPayment(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('issuedOn', () => DateScalar) issuedOn: string,
    @Arg('deadline', () => DateScalar) deadline: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => orderPayment(svc, caseId, issuedOn, deadline));
  }

  @Mutation(() => WageCaseType, {
    description: 'at most the arrears outstanding; clearing them ends the case as PAID',
  })
  async recordWagePayment(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('paidOn', () => DateScalar) paidOn: string,
    @Arg('amount', () => MoneyScalar) amount: bigint,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => recordWagePayment(svc, caseId, paidOn, amount));
  }

  @Mutation(() => WageCaseType, { description: '立案 (C3)' })
  async fileCase(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('filedOn', () => DateScalar) filedOn: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => fileCase(svc, caseId, filedOn, note));
  }

  @Mutation(() => WageCaseType, {
    description: 'C4/M2/M3; REFUSAL_TO_PAY (the default) only after the order’s deadline passed unpaid',
  })
  async transferToPolice(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('on', () => DateScalar) on: string,
    @Arg('note') note: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('ground', () => PoliceReferralGround, { nullable: true }) ground?: PoliceReferralGroundValue | null,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => transferToPolice(svc, caseId, on, note, ground ?? undefined));
  }

  @Mutation(() => WageCaseType, {
    description: 'M4: the police of the case’s district (or the city) copy back their result',
  })
  async recordPoliceResult(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('on', () => DateScalar) on: string,
    @Arg('result') result: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => recordPoliceResult(svc, caseId, on, result));
  }

  @Mutation(() => WageCaseType, {
    description: 'C4: disputed amounts or quantities are guided to the courts',
  })
  async guideToCourt(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('on', () => DateScalar) on: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => guideToCourt(svc, caseId, on, reason));
  }

  @Mutation(() => WageCaseType, {
    description:
      '一事一议 (R20): an employer that cannot pay is put to the district government, today, once, on an open case; by its agency, the district HRSS or city HRSS; GOVERNMENT:{district} and HRSS:{district} are notified. CONFLICT with extensions.reason CASE_CLOSED or ALREADY_ESCALATED',
  })
  async escalateCaseToGovernment(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => escalateCaseToGovernment(svc, caseId, reason));
  }

  @Mutation(() => WageCaseType)
  async closeCase(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('on', () => DateScalar) on: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WageCaseType> {
    return run(ctx, (svc) => closeCase(svc, caseId, on, reason));
  }
}

/** The mutation in its transaction, then the case read back as the caller sees it. */
async function run(
  ctx: GraphQLContext,
  work: (svc: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<{ id: string }>,
): Promise<WageCaseType> {
  const { id } = await inTransaction(ctx, work);
  const found = await findCase(serviceContext(ctx), id);
  if (!found) throw new Error('a case the caller just changed is out of its scope'); // an invariant
  return WageCaseType.from(found);
}
