import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { scorecard } from '../../src/services/scorecard';
import { serviceContext, type GraphQLContext } from '../context';
import { ScorecardPeriodInput, ScorecardType } from '../types/scorecard';

@Resolver()
export class ScorecardResolver {
  @Query(() => ScorecardType, {
    description:
      '治理成效 (R22, K1–K4) over a year or a period to date, for your scope narrowed to a district and a department (HOUSING, TRANSPORT, WATER, BENGANG); each figure with the ids behind it',
  })
  async scorecard(
    @Ctx() ctx: GraphQLContext,
    @Arg('period', () => ScorecardPeriodInput) period: ScorecardPeriodInput,
    @Arg('districtCode', () => String, { nullable: true }) districtCode?: string | null,
    @Arg('department', () => String, { nullable: true }) department?: string | null,
    @Arg('evidence', () => Int, { nullable: true, description: 'ids shown per figure, 0–100, default 20' })
    evidence?: number | null,
  ): Promise<ScorecardType> {
    return (await scorecard(serviceContext(ctx), {
      ...period,
      districtCode,
      department,
      evidence,
    })) as ScorecardType;
  }
}
