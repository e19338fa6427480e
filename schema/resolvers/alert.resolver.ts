import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { listAlerts } from '../../src/services/compliance/alerts';
import { recordContractorNotified, recordContractorReport } from '../../src/services/compliance/chain-steps';
import { runOperatorSweep } from '../../src/services/compliance/operator-sweep';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { loaders } from '../loaders';
import { DateScalar, DateTimeScalar } from '../scalars';
import { AlertConnection, AlertFilter, AlertType, SweepReportType } from '../types/alert';
import { ProjectType } from '../types/core';
import { toConnection, type Connection } from '../types/connection';
import { connectionWant, nodeProjectParties } from '../selection';

@Resolver(() => AlertType)
export class AlertResolver {
  @Query(() => AlertConnection, {
    description: "alerts on projects in the caller's scope, newest due date first",
  })
  async alerts(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => AlertFilter, { nullable: true }) filter?: AlertFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<AlertType>> {
    const withProject = nodeProjectParties(info) === false;
    const page = await listAlerts(
      serviceContext(ctx),
      filter,
      first,
      after,
      connectionWant(info),
      withProject,
    );
    return toConnection(page, AlertType.from);
  }

  @FieldResolver(() => ProjectType)
  async project(@Root() alert: AlertType, @Ctx() ctx: GraphQLContext): Promise<ProjectType> {
    serviceContext(ctx);
    // read with the page (listAlerts' withProject): the page saw that no spelling shows a party
    const core = alert.entity.projectCore;
    if (core) return ProjectType.from(core);
    const project = await loaders(ctx).project.load(alert.projectId);
    if (!project) throw new Error('alert returned for a project out of scope'); // an invariant, not input
    return ProjectType.from(project);
  }

  @Mutation(() => AlertType, { description: "the account's bank says it notified the general contractor" })
  async recordContractorNotified(
    @Arg('alertId', () => ID) alertId: string,
    @Arg('at', () => DateTimeScalar) at: Date,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AlertType> {
    return AlertType.from(await inTransaction(ctx, (svc) => recordContractorNotified(svc, alertId, at)));
  }

  @Mutation(() => AlertType, {
    description: "the project's contractor says it reported to HRSS and the industry authority",
  })
  async recordContractorReport(
    @Arg('alertId', () => ID) alertId: string,
    @Arg('at', () => DateTimeScalar) at: Date,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AlertType> {
    return AlertType.from(await inTransaction(ctx, (svc) => recordContractorReport(svc, alertId, at)));
  }

  @Mutation(() => SweepReportType, {
    description: 'city HRSS: evaluates every rule as of the end of asOf (a day that has ended)',
  })
  runComplianceSweep(
    @Arg('asOf', () => DateScalar) asOf: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SweepReportType> {
    return runOperatorSweep(serviceContext(ctx), asOf);
  }
}

@Resolver(() => ProjectType)
export class ProjectAlertsResolver {
  @FieldResolver(() => AlertConnection)
  async alerts(
    @Root() project: ProjectType,
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => AlertFilter, { nullable: true }) filter?: AlertFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<AlertType>> {
    const svc = serviceContext(ctx);
    // The first page of each project's alerts is batched across the page of projects; a later
    // page (after) or a district filter is this project's own read.
    if (!after && !filter?.districtCode && !filter?.projectId) {
      const page = await loaders(ctx)
        .projectAlerts(filter ?? {}, first)
        .load(project.id);
      return toConnection(page, AlertType.from);
    }
    const scoped = { ...(filter ?? {}), projectId: project.id };
    return toConnection(await listAlerts(svc, scoped, first, after), AlertType.from);
  }
}
