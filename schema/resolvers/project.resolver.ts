import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { findProject, listProjects } from '../../src/services/projects';
import { succession } from '../../src/services/agreements';
import { serviceContext, type GraphQLContext } from '../context';
import { loaders } from '../loaders';
import { ProjectFilter } from '../inputs';
import { MoneyScalar } from '../scalars';
import { ProjectConnection, ProjectType, TripartiteAgreementType } from '../types/core';
import { toConnection, type Connection } from '../types/connection';
import { connectionWant } from '../selection';

@Resolver(() => ProjectType)
export class ProjectResolver {
  @Query(() => ProjectType, { nullable: true, description: "null when absent or out of the caller's scope" })
  async project(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ProjectType | null> {
    const project = await findProject(serviceContext(ctx), id);
    return project && ProjectType.from(project);
  }

  @Query(() => ProjectConnection)
  async projects(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<ProjectType>> {
    const page = await listProjects(serviceContext(ctx), filter, first, after, connectionWant(info));
    return toConnection(page, ProjectType.from);
  }

  @FieldResolver(() => TripartiteAgreementType, { nullable: true, description: 'the current one, if any' })
  async agreement(
    @Root() project: ProjectType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TripartiteAgreementType | null> {
    serviceContext(ctx); // a request without a valid token stops here
    const agreement = await loaders(ctx).currentAgreement.load(project.id);
    return agreement && TripartiteAgreementType.from(agreement);
  }
}

@Resolver(() => TripartiteAgreementType)
export class TripartiteAgreementResolver {
  @FieldResolver(() => ProjectType)
  async project(
    @Root() agreement: TripartiteAgreementType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProjectType> {
    serviceContext(ctx);
    const project = await loaders(ctx).project.load(agreement.entity.project.id);
    if (!project) throw new Error('agreement returned for a project out of scope'); // an invariant, not input
    return ProjectType.from(project);
  }

  @FieldResolver(() => TripartiteAgreementType, {
    nullable: true,
    description: 'the agreement this supplementary one replaced from its startsOn',
  })
  async supersedes(
    @Root() agreement: TripartiteAgreementType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TripartiteAgreementType | null> {
    const { supersedes } = await succession(serviceContext(ctx), agreement.entity);
    return supersedes && TripartiteAgreementType.from(supersedes);
  }

  @FieldResolver(() => TripartiteAgreementType, {
    nullable: true,
    description:
      "the supplementary agreement that replaced this one: it owes nothing for cycles due from that one's startsOn",
  })
  async supersededBy(
    @Root() agreement: TripartiteAgreementType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TripartiteAgreementType | null> {
    const { supersededBy } = await succession(serviceContext(ctx), agreement.entity);
    return supersededBy && TripartiteAgreementType.from(supersededBy);
  }

  @FieldResolver(() => MoneyScalar, {
    description: 'all CREDITs booked to the account so far, net of CREDIT_REVERSALs (credits taken back)',
  })
  creditedTotal(@Root() agreement: TripartiteAgreementType, @Ctx() ctx: GraphQLContext): Promise<bigint> {
    serviceContext(ctx);
    return loaders(ctx).creditedTotal.load(agreement.entity.account);
  }
}
