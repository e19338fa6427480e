import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { acknowledgeWarning, urgeWarning } from '../../src/services/warnings/actions';
import { listWarnings } from '../../src/services/warnings/reads';
import { closeRiskRegisterItem, listRiskRegister } from '../../src/services/warnings/register';
import { loadWarningRules, setWarningRules } from '../../src/services/warnings/rules';
import { runOperatorWarningSweep } from '../../src/services/warnings/sweep';
import { todayInShanghai } from '../../src/clock';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { toConnection, type Connection } from '../types/connection';
import { EnterpriseType, ProjectType } from '../types/core';
import { DateScalar } from '../scalars';
import {
  RiskRegisterFilter,
  RiskRegisterItemConnection,
  RiskRegisterItemType,
  WarningConnection,
  WarningFilter,
  WarningRulesInput,
  WarningRulesType,
  WarningSweepReportType,
  WarningType,
} from '../types/warning';
import { warningLoader } from '../warning-loaders';

@Resolver(() => WarningType)
export class WarningResolver {
  @Query(() => WarningConnection, {
    description:
      'graded warnings in your scope (district; industry authorities: their industry), the newest first',
  })
  async warnings(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => WarningFilter, { nullable: true }) filter?: WarningFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<WarningType>> {
    return toConnection(await listWarnings(serviceContext(ctx), filter, first, after), WarningType.from);
  }

  @Query(() => RiskRegisterItemConnection, {
    description: '清单台账 of key projects and firms, scoped as warnings',
  })
  async riskRegister(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => RiskRegisterFilter, { nullable: true }) filter?: RiskRegisterFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<RiskRegisterItemType>> {
    return toConnection(
      await listRiskRegister(serviceContext(ctx), filter, first, after),
      RiskRegisterItemType.from,
    );
  }

  @Query(() => WarningRulesType, { description: 'the grading rule table (R17)' })
  async warningRules(@Ctx() ctx: GraphQLContext): Promise<WarningRulesType> {
    return WarningRulesType.from(await loadWarningRules(serviceContext(ctx).em));
  }

  @Mutation(() => WarningRulesType, {
    description: 'city HRSS: replaces the rules given (the rest stay) and the acknowledgement period',
  })
  async setWarningRules(
    @Arg('input') input: WarningRulesInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WarningRulesType> {
    return WarningRulesType.from(await inTransaction(ctx, (svc) => setWarningRules(svc, input)));
  }

  @Mutation(() => WarningSweepReportType, {
    description: 'city HRSS: derives the warnings now (default today)',
  })
  async runWarningSweep(
    @Ctx() ctx: GraphQLContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string | null,
  ): Promise<WarningSweepReportType> {
    const report = await inTransaction(ctx, (svc) => runOperatorWarningSweep(svc, asOf ?? todayInShanghai()));
    return Object.assign(new WarningSweepReportType(), report);
  }

  @Mutation(() => WarningType, {
    description: 'the read receipt of an agency the warning is routed to (who and when)',
  })
  async acknowledgeWarning(
    @Arg('warningId', () => ID) warningId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WarningType> {
    return WarningType.from(await inTransaction(ctx, (svc) => acknowledgeWarning(svc, warningId)));
  }

  @Mutation(() => WarningType, {
    description: '催办: a superior of a routed agency (or city HRSS); the silent agencies are told',
  })
  async urgeWarning(
    @Arg('warningId', () => ID) warningId: string,
    @Arg('note') note: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WarningType> {
    return WarningType.from(await inTransaction(ctx, (svc) => urgeWarning(svc, warningId, note)));
  }

  @Mutation(() => RiskRegisterItemType, {
    description: '销号: HRSS or the industry authority in scope, once the subject has no open warning',
  })
  async closeRiskRegisterItem(
    @Arg('itemId', () => ID) itemId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RiskRegisterItemType> {
    return RiskRegisterItemType.from(
      await inTransaction(ctx, (svc) => closeRiskRegisterItem(svc, itemId, reason)),
    );
  }
}

@Resolver(() => ProjectType)
export class ProjectWarningResolver {
  @FieldResolver(() => WarningType, { nullable: true, description: 'its open graded warning (R17), if any' })
  async warning(@Root() project: ProjectType, @Ctx() ctx: GraphQLContext): Promise<WarningType | null> {
    const w = await warningLoader(ctx, 'PROJECT').load(project.id);
    return w ? WarningType.from(w) : null;
  }
}

@Resolver(() => EnterpriseType)
export class EnterpriseWarningResolver {
  @FieldResolver(() => WarningType, {
    nullable: true,
    description: 'its open graded warning as an employer (R17), if any',
  })
  async warning(@Root() enterprise: EnterpriseType, @Ctx() ctx: GraphQLContext): Promise<WarningType | null> {
    const w = await warningLoader(ctx, 'ENTERPRISE').load(enterprise.id);
    return w ? WarningType.from(w) : null;
  }
}
