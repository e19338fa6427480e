import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { listConflictingReplays } from '../../src/services/replays';
import { serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { ConflictingReplayConnection, ConflictingReplayType } from '../types/replay';

@Resolver()
export class ReplayResolver {
  @Query(() => ConflictingReplayConnection, {
    description:
      'a bank (its own) and city HRSS (all, or one bankCode); replays of a stored bankEventId with other content, newest first',
  })
  async conflictingReplays(
    @Ctx() ctx: GraphQLContext,
    @Arg('bankCode', () => String, { nullable: true }) bankCode?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<ConflictingReplayType>> {
    const page = await listConflictingReplays(serviceContext(ctx), bankCode, first, after);
    return toConnection(page, ConflictingReplayType.from);
  }
}
