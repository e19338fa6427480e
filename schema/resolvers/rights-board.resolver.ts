import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Field,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { todayInShanghai } from '../../src/clock';
import { currentAgreements } from '../../src/services/batched/agreements-batch';
import type { ServiceContext } from '../../src/services/context';
import { rightsBoardsOf } from '../../src/services/rights-board/reads';
import { recordRightsBoard, recordRightsBoardPosted } from '../../src/services/rights-board/record';
import {
  listMinimumWages,
  listRightsChannels,
  rightsBoardRules,
  setMinimumWage,
  setRightsBoardRules,
  setRightsChannels,
} from '../../src/services/rights-board/settings';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { rightsBoardLoader } from '../rights-board-loaders';
import { DateScalar, MoneyScalar } from '../scalars';
import { ProjectType } from '../types/core';
import {
  MinimumWageType,
  RightsBoardInput,
  RightsBoardType,
  RightsChannelsInput,
  RightsChannelsType,
} from '../types/rights-board';
import { findProject } from '../../src/services/projects';
import { notFound } from '../../src/domain/errors';

@ObjectType('RightsBoardRules')
class RightsBoardRulesType {
  @Field(() => Int, { description: 'working days after the permit (or the signing) by which a board is up' })
  postingWorkingDays!: number;
}

/** The board as it now stands, read in the writing transaction. */
async function boardNow(svc: ServiceContext, projectId: string): Promise<RightsBoardType> {
  const project = await findProject(svc, projectId);
  if (!project) throw notFound(`projectId: project ${projectId}`);
  const today = todayInShanghai();
  const [agreement] = await currentAgreements(svc, [project.id], today);
  const [view] = await rightsBoardsOf(
    svc.em,
    [{ project, agreementDueDay: agreement?.dueDay ?? null }],
    today,
  );
  return RightsBoardType.from(view);
}

@Resolver(() => ProjectType)
export class RightsBoardResolver {
  @FieldResolver(() => RightsBoardType, {
    nullable: true,
    description: 'the rights-protection board (R7): seen by everyone who sees the project',
  })
  async rightsBoard(
    @Root() project: ProjectType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RightsBoardType | null> {
    serviceContext(ctx);
    const v = await rightsBoardLoader(ctx).load(project.id);
    return v && RightsBoardType.from(v);
  }

  @Mutation(() => RightsBoardType, {
    description:
      'the general contractor (or HRSS of the district): project department, labour-wage manager, pay day, subcontractors',
  })
  recordRightsBoard(
    @Arg('input') input: RightsBoardInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RightsBoardType> {
    return inTransaction(ctx, async (svc) => {
      await recordRightsBoard(svc, input);
      return boardNow(svc, input.projectId);
    });
  }

  @Mutation(() => ProjectType, {
    description:
      'the general contractor (or HRSS of the district): the board is up at the site (resolves RIGHTS_BOARD_MISSING); read it back as rightsBoard { posting }',
  })
  async recordRightsBoardPosted(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('postedOn', () => DateScalar, { description: 'not after today' }) postedOn: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('photoSha256', () => String, {
      nullable: true,
      description: 'SHA-256 of a photo of the posted board, 64 hex digits',
    })
    photoSha256?: string | null,
  ): Promise<ProjectType> {
    return ProjectType.from(
      await inTransaction(ctx, (svc) => recordRightsBoardPosted(svc, projectId, postedOn, photoSha256)),
    );
  }

  @Query(() => [RightsChannelsType], { description: 'every district’s complaint and legal channels' })
  async rightsChannels(@Ctx() ctx: GraphQLContext): Promise<RightsChannelsType[]> {
    return (await listRightsChannels(serviceContext(ctx))).map(RightsChannelsType.from);
  }

  @Mutation(() => RightsChannelsType, { description: 'city HRSS: a district’s channels, as a whole' })
  async setRightsChannels(
    @Arg('input') input: RightsChannelsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RightsChannelsType> {
    return RightsChannelsType.from(await inTransaction(ctx, (svc) => setRightsChannels(svc, input)));
  }

  @Query(() => [MinimumWageType], { description: 'the minimum wage’s versions, by district and date' })
  async minimumWages(
    @Ctx() ctx: GraphQLContext,
    @Arg('districtCode', () => String, { nullable: true }) districtCode?: string | null,
  ): Promise<MinimumWageType[]> {
    return (await listMinimumWages(serviceContext(ctx), districtCode)).map(MinimumWageType.from);
  }

  @Mutation(() => MinimumWageType, { description: 'city HRSS: a district’s minimum wage from a date' })
  async setMinimumWage(
    @Arg('districtCode') districtCode: string,
    @Arg('effectiveFrom', () => DateScalar) effectiveFrom: string,
    @Arg('monthly', () => MoneyScalar) monthly: bigint,
    @Ctx() ctx: GraphQLContext,
    @Arg('hourly', () => MoneyScalar, { nullable: true }) hourly?: bigint | null,
  ): Promise<MinimumWageType> {
    return MinimumWageType.from(
      await inTransaction(ctx, (svc) =>
        setMinimumWage(svc, { districtCode, effectiveFrom, monthlyFen: monthly, hourlyFen: hourly }),
      ),
    );
  }

  @Query(() => RightsBoardRulesType)
  async rightsBoardRules(@Ctx() ctx: GraphQLContext): Promise<RightsBoardRulesType> {
    const r = await rightsBoardRules(serviceContext(ctx));
    return Object.assign(new RightsBoardRulesType(), { postingWorkingDays: r.postingWorkingDays });
  }

  @Mutation(() => RightsBoardRulesType, { description: 'city HRSS: the working days a board may take' })
  async setRightsBoardRules(
    @Arg('postingWorkingDays', () => Int) postingWorkingDays: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RightsBoardRulesType> {
    const r = await inTransaction(ctx, (svc) => setRightsBoardRules(svc, postingWorkingDays));
    return Object.assign(new RightsBoardRulesType(), { postingWorkingDays: r.postingWorkingDays });
  }
}
