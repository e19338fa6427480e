import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { recordPaymentGuarantee } from '../../../src/services/duties/guarantees';
import {
  applyForDepositReturn,
  confirmDepositReturn,
  recordProjectCompletion,
  reviewDepositReturn,
  startDepositPublicity,
} from '../../../src/services/duties/deposit-return';
import { depositReturnsOf, listDeposits, listGuarantees } from '../../../src/services/duties/reads';
import type { ServiceContext } from '../../../src/services/context';
import type { DepositReturn } from '../../../src/entities';
import { inTransaction, serviceContext, type GraphQLContext } from '../../context';
import { dutyLoaders } from '../../duty-loaders';
import { loaders } from '../../loaders';
import { DateScalar } from '../../scalars';
import { toConnection, type Connection } from '../../types/connection';
import { ProjectType } from '../../types/core';
import { DepositRequirementType, WageDepositConnection, WageDepositType } from '../../types/duties/deposit';
import {
  DepositReturnType,
  PaymentGuaranteeConnection,
  PaymentGuaranteeInput,
  PaymentGuaranteeType,
} from '../../types/duties/guarantee-return';

/** A return step's answer: the project's return as it now stands, read in the step's transaction. */
async function returnStep(
  ctx: GraphQLContext,
  projectId: string,
  step: (svc: ServiceContext) => Promise<DepositReturn>,
): Promise<DepositReturnType> {
  const view = await inTransaction(ctx, async (svc) => {
    await step(svc);
    return (await depositReturnsOf(svc, [projectId]))[0];
  });
  if (!view) throw new Error('a return step on a project out of scope'); // the step checked it
  return DepositReturnType.from(view);
}

@Resolver(() => ProjectType)
export class ProjectDutiesResolver {
  @FieldResolver(() => DepositRequirementType, {
    nullable: true,
    description: 'the wage deposit owed (R1), with its reasons; null for callers outside the deposit’s scope',
  })
  async depositRequirement(
    @Root() project: ProjectType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositRequirementType | null> {
    serviceContext(ctx);
    const r = await dutyLoaders(ctx).requirement.load(project.id);
    return r && DepositRequirementType.from(r);
  }

  @FieldResolver(() => WageDepositConnection, { description: 'the deposit’s instruments, newest first' })
  async wageDeposits(
    @Root() project: ProjectType,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<WageDepositType>> {
    const svc = serviceContext(ctx);
    const page = after
      ? await listDeposits(svc, { projectId: project.id }, first, after)
      : await dutyLoaders(ctx).projectDeposits(first).load(project.id);
    return toConnection(page, WageDepositType.from);
  }

  @FieldResolver(() => PaymentGuaranteeConnection, {
    description: 'the owner’s payment guarantees (R3), newest first',
  })
  async paymentGuarantees(
    @Root() project: ProjectType,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<PaymentGuaranteeType>> {
    const svc = serviceContext(ctx);
    const page = after
      ? await listGuarantees(svc, project.id, first, after)
      : await dutyLoaders(ctx).projectGuarantees(first).load(project.id);
    return toConnection(page, PaymentGuaranteeType.from);
  }

  @FieldResolver(() => DepositReturnType, {
    nullable: true,
    description: 'the deposit’s return, step by step',
  })
  async depositReturn(
    @Root() project: ProjectType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositReturnType | null> {
    serviceContext(ctx);
    const v = await dutyLoaders(ctx).depositReturn.load(project.id);
    return v && DepositReturnType.from(v);
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description: 'the works’ completion (竣工), when recorded',
  })
  async completedOn(@Root() project: ProjectType, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    serviceContext(ctx);
    return (await loaders(ctx).project.load(project.id))?.completedOn ?? null;
  }

  @Mutation(() => PaymentGuaranteeType, {
    description:
      "the owner's payment guarantee (R3): the contractor (its beneficiary), HRSS or the industry authority",
  })
  async recordPaymentGuarantee(
    @Arg('input') input: PaymentGuaranteeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PaymentGuaranteeType> {
    const g = await inTransaction(ctx, (svc) =>
      recordPaymentGuarantee(svc, { ...input, amountFen: input.amount }),
    );
    return PaymentGuaranteeType.from(g);
  }

  @Mutation(() => ProjectType, { description: 'HRSS or the industry authority: the works are complete' })
  async recordProjectCompletion(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('completedOn', () => DateScalar) completedOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProjectType> {
    return ProjectType.from(
      await inTransaction(ctx, (svc) => recordProjectCompletion(svc, projectId, completedOn)),
    );
  }

  @Mutation(() => DepositReturnType, {
    description: 'the contractor: 30 days of publicity that no wages are owed start',
  })
  startDepositPublicity(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('startsOn', () => DateScalar) startsOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositReturnType> {
    return returnStep(ctx, projectId, (svc) => startDepositPublicity(svc, projectId, startsOn));
  }

  @Mutation(() => DepositReturnType, {
    description: 'the contractor applies, with its written no-arrears promise',
  })
  applyForDepositReturn(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('appliedOn', () => DateScalar) appliedOn: string,
    @Arg('promiseSignedOn', () => DateScalar) promiseSignedOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositReturnType> {
    return returnStep(ctx, projectId, (svc) =>
      applyForDepositReturn(svc, projectId, appliedOn, promiseSignedOn),
    );
  }

  @Mutation(() => DepositReturnType, {
    description: 'HRSS reviews (within 5 working days); a refusal says why',
  })
  reviewDepositReturn(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('reviewedOn', () => DateScalar) reviewedOn: string,
    @Arg('approved') approved: boolean,
    @Ctx() ctx: GraphQLContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ): Promise<DepositReturnType> {
    return returnStep(ctx, projectId, (svc) =>
      reviewDepositReturn(svc, projectId, reviewedOn, approved, note ?? null),
    );
  }

  @Mutation(() => DepositReturnType, {
    description: 'HRSS confirms the return to the bank (within 3 working days)',
  })
  confirmDepositReturn(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('confirmedOn', () => DateScalar) confirmedOn: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DepositReturnType> {
    return returnStep(ctx, projectId, (svc) => confirmDepositReturn(svc, projectId, confirmedOn));
  }
}
