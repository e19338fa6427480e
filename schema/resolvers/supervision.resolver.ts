import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  recordCaseReferral,
  recordJointAssessment,
  recordReferralOutcome,
} from '../../src/services/cases/supervision';
import { dynamicZero } from '../../src/services/dynamic-zero';
import { listCaseDeadlineRules, setCaseDeadlineRules } from '../../src/services/case-deadline-rules';
import { inTransaction, serviceContext, type GraphQLContext } from '../context';
import { loaders } from '../loaders';
import { DateScalar } from '../scalars';
import { WageCaseType } from '../types/case';
import {
  CaseDeadlineRulesType,
  CaseReferralInput,
  CaseReferralType,
  DynamicZeroRowType,
  JointAssessmentInput,
  JointAssessmentType,
  OverdueCaseType,
} from '../types/supervision';

/** M1 and R11 on a case (assessments, referrals) and the dynamic zero (R12). */
@Resolver(() => WageCaseType)
export class CaseSupervisionResolver {
  @FieldResolver(() => [JointAssessmentType], { description: 'M1: joint assessments, oldest first' })
  async assessments(@Root() c: WageCaseType, @Ctx() ctx: GraphQLContext): Promise<JointAssessmentType[]> {
    serviceContext(ctx);
    return (await loaders(ctx).caseAssessments.load(c.id)).map(JointAssessmentType.from);
  }

  @FieldResolver(() => [CaseReferralType], {
    description: 'R11: legal-aid and union referrals, oldest first',
  })
  async referrals(@Root() c: WageCaseType, @Ctx() ctx: GraphQLContext): Promise<CaseReferralType[]> {
    serviceContext(ctx);
    return (await loaders(ctx).caseReferrals.load(c.id)).map(CaseReferralType.from);
  }

  @Mutation(() => JointAssessmentType, {
    description:
      '联合研判 (M1) on an open case, by its agency, the district HRSS or city HRSS; needed before transferToPolice on ASSET_TRANSFER_OR_FLIGHT (conclusion MALICIOUS_ARREARS) or FABRICATED_CLAIM (ILLEGAL_WAGE_DEMAND)',
  })
  async recordJointAssessment(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('input') input: JointAssessmentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<JointAssessmentType> {
    const a = await inTransaction(ctx, (svc) => recordJointAssessment(svc, caseId, input));
    return JointAssessmentType.from({
      id: a.id,
      caseId,
      assessedOn: a.assessedOn,
      participants: a.participants,
      conclusion: a.conclusion,
      note: a.note,
      recordedBy: a.recordedBy,
      recordedAt: a.recordedAt,
    });
  }

  @Mutation(() => CaseReferralType, {
    description:
      'R11: the workers referred to legal aid (JUSTICE:{district}) or the union (UNION:{district})',
  })
  async recordCaseReferral(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('input') input: CaseReferralInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CaseReferralType> {
    const r = await inTransaction(ctx, (svc) => recordCaseReferral(svc, caseId, input));
    return referralType(r, caseId);
  }

  @Mutation(() => CaseReferralType, {
    description: "what came of a referral, once: by the body referred to, or the case's agency or HRSS",
  })
  async recordReferralOutcome(
    @Arg('referralId', () => ID) referralId: string,
    @Arg('outcomeOn', () => DateScalar) outcomeOn: string,
    @Arg('outcome') outcome: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CaseReferralType> {
    const r = await inTransaction(ctx, (svc) => recordReferralOutcome(svc, referralId, outcomeOn, outcome));
    return referralType(r, r.wageCase.id);
  }

  @Mutation(() => CaseDeadlineRulesType, {
    description:
      "city HRSS: the dynamic zero's case deadlines for counts starting from effectiveFrom (default today): working days from receipt (1–60) and from filing (1–90)",
  })
  async setCaseDeadlineRules(
    @Arg('unorderedWithinWorkingDays', () => Int) unorderedWithinWorkingDays: number,
    @Arg('filedWithinWorkingDays', () => Int) filedWithinWorkingDays: number,
    @Ctx() ctx: GraphQLContext,
    @Arg('effectiveFrom', () => DateScalar, { nullable: true }) effectiveFrom?: string | null,
  ): Promise<CaseDeadlineRulesType> {
    const rules = await inTransaction(ctx, (svc) =>
      setCaseDeadlineRules(svc, { unorderedWithinWorkingDays, filedWithinWorkingDays, effectiveFrom }),
    );
    return CaseDeadlineRulesType.from(rules);
  }

  @Query(() => [CaseDeadlineRulesType], {
    description:
      "every version of the dynamic zero's case deadlines, oldest first (none: the defaults, 10 and 60)",
  })
  async caseDeadlineRules(@Ctx() ctx: GraphQLContext): Promise<CaseDeadlineRulesType[]> {
    return (await listCaseDeadlineRules(serviceContext(ctx))).map(CaseDeadlineRulesType.from);
  }

  @Query(() => [DynamicZeroRowType], {
    description:
      '动态清零 (R12): per district × authority in your scope, the open cases past their deadline on asOf (default today), zeros included',
  })
  async dynamicZero(
    @Ctx() ctx: GraphQLContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string | null,
    @Arg('casesPerRow', () => Int, { nullable: true, description: 'cases shown per row, 0–100, default 10' })
    casesPerRow?: number | null,
  ): Promise<DynamicZeroRowType[]> {
    const rows = await dynamicZero(serviceContext(ctx), asOf, casesPerRow);
    return rows.map((r) =>
      Object.assign(new DynamicZeroRowType(), {
        ...r,
        cases: r.cases.map((c) =>
          Object.assign(new OverdueCaseType(), { ...c, wageCase: WageCaseType.from(c.wageCase) }),
        ),
      }),
    );
  }
}

function referralType(
  r: {
    id: string;
    kind: CaseReferralType['kind'];
    referredOn: string;
    referredTo: string;
    note: string | null;
    outcomeOn: string | null;
    outcome: string | null;
    recordedBy: string;
    recordedAt: Date;
  },
  caseId: string,
): CaseReferralType {
  return CaseReferralType.from({ ...r, caseId });
}
