import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { listNotices, replayNotice } from '../../src/services/outbox';
import { listNoticeEndpoints, setNoticeEndpoint } from '../../src/services/notice-endpoints';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { NoticeConnection, NoticeEndpointType, NoticeFilter, NoticeType } from '../types/notice';
import { now as clockNow } from '../../src/clock';

/** The outbound notices and where they go: city HRSS only. */
@Resolver()
export class NoticeResolver {
  @Mutation(() => NoticeEndpointType, {
    description: 'city HRSS only; sets where a recipient key receives its notices (the secret is write-only)',
  })
  async setNoticeEndpoint(
    @Arg('recipient') recipient: string,
    @Arg('url') url: string,
    @Arg('webhookSecret') webhookSecret: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NoticeEndpointType> {
    const endpoint = await inTransaction(ctx, (svc) =>
      setNoticeEndpoint(svc, { recipient, url, webhookSecret }),
    );
    return NoticeEndpointType.from(endpoint);
  }

  @Query(() => [NoticeEndpointType], { description: 'city HRSS only' })
  async noticeEndpoints(@Ctx() ctx: GraphQLContext): Promise<NoticeEndpointType[]> {
    return (await listNoticeEndpoints(serviceContext(ctx))).map(NoticeEndpointType.from);
  }

  @Query(() => NoticeConnection, { description: 'city HRSS only; newest first' })
  async notices(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => NoticeFilter, { nullable: true }) filter?: NoticeFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<NoticeType>> {
    return toConnection(await listNotices(serviceContext(ctx), filter, first, after), NoticeType.from);
  }

  @Mutation(() => NoticeType, {
    description: 'city HRSS only; sends a notice again from scratch (PENDING, 0 attempts, due now)',
  })
  async replayNotice(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<NoticeType> {
    return NoticeType.from(await inTransaction(ctx, (svc) => replayNotice(svc, id, clockNow())));
  }
}
