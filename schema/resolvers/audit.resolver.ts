import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { listAudit } from '../../src/services/audit-log';
import { serviceContext, type GraphQLContext } from '../context';
import { AuditEntryConnection, AuditEntryType, AuditFilter } from '../types/audit';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'city HRSS only; newest first' })
  async auditLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter?: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AuditEntryConnection> {
    const page = await listAudit(serviceContext(ctx), filter, first, after);
    const edges = page.nodes.map((e) => ({ cursor: page.cursorOf(e), node: AuditEntryType.from(e) }));
    return Object.assign(new AuditEntryConnection(), {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: edges.length ? edges[edges.length - 1].cursor : null,
      },
      countTotal: page.countTotal,
    });
  }
}

@Resolver(() => AuditEntryConnection)
export class AuditEntryConnectionResolver {
  @FieldResolver(() => Int, { description: 'entries matching the filter' })
  totalCount(@Root() connection: AuditEntryConnection): Promise<number> {
    return connection.countTotal();
  }
}
