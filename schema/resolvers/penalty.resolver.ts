import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { findPenalty, imposePenalty, listPenalties } from '../../src/services/penalties';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { PenaltyConnection, PenaltyFilter, PenaltyInput, PenaltyType } from '../types/penalty';

@Resolver(() => PenaltyType)
export class PenaltyResolver {
  @Mutation(() => PenaltyType, {
    description:
      "P1–P5 after an order to correct whose deadline passed: the fine within the code's range, the consequence the code allows. P1: HRSS; P2–P4: HRSS or the industry authority; P5: PBOC",
  })
  async imposePenalty(@Arg('input') input: PenaltyInput, @Ctx() ctx: GraphQLContext): Promise<PenaltyType> {
    return PenaltyType.from(
      await inTransaction(ctx, (svc) => imposePenalty(svc, { ...input, fineFen: input.fine })),
    );
  }

  @Query(() => PenaltyType, { nullable: true })
  async penalty(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PenaltyType | null> {
    const found = await findPenalty(serviceContext(ctx), id);
    return found ? PenaltyType.from(found) : null;
  }

  @Query(() => PenaltyConnection, {
    description: "penalties on projects in the caller's scope, newest first",
  })
  async penalties(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => PenaltyFilter, { nullable: true }) filter?: PenaltyFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<PenaltyType>> {
    return toConnection(await listPenalties(serviceContext(ctx), filter, first, after), PenaltyType.from);
  }
}
