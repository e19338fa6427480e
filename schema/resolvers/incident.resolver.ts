import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listIncidents, reportIncident } from '../../src/services/incidents';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { loaders } from '../loaders';
import { toConnection, type Connection } from '../types/connection';
import { ProjectType } from '../types/core';
import { IncidentConnection, IncidentFilter, IncidentInput, IncidentType } from '../types/incident';

@Resolver(() => IncidentType)
export class IncidentResolver {
  @Mutation(() => IncidentType, {
    description:
      "HRSS, an industry authority, the police or the government of the incident's district (or the city's): records it and notifies at once, in the same transaction",
  })
  async reportIncident(
    @Arg('input') input: IncidentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IncidentType> {
    return IncidentType.from(await inTransaction(ctx, (svc) => reportIncident(svc, input)));
  }

  @Query(() => IncidentConnection, {
    description: "incidents of the caller's district (city-level agencies: all), the latest first",
  })
  async incidents(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter?: IncidentFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<IncidentType>> {
    return toConnection(await listIncidents(serviceContext(ctx), filter, first, after), IncidentType.from);
  }

  @FieldResolver(() => ProjectType, {
    nullable: true,
    description: 'null when the project is outside your scope',
  })
  async project(@Root() incident: IncidentType, @Ctx() ctx: GraphQLContext): Promise<ProjectType | null> {
    if (!incident.projectId) return null;
    const project = await loaders(ctx).project.load(incident.projectId);
    return project ? ProjectType.from(project) : null;
  }
}
