import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  ASSESSMENT_CONCLUSIONS,
  REFERRAL_KINDS,
  type AssessmentConclusion as ConclusionValue,
  type ReferralKind as ReferralKindValue,
} from '../../src/entities/case-supervision.entity';
import type { AssessmentView, ReferralView } from '../../src/services/cases/supervision';
import { DateScalar, DateTimeScalar } from '../scalars';
import { WageCaseType } from './case';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const AssessmentConclusion = enumOf(ASSESSMENT_CONCLUSIONS);
registerEnumType(AssessmentConclusion, {
  name: 'AssessmentConclusion',
  description:
    'MALICIOUS_ARREARS (恶意欠薪: able to pay and refusing, asset transfer or flight; allows the M2 transfer) | ILLEGAL_WAGE_DEMAND (非法讨薪: a fabricated claim; allows M3) | NOT_MALICIOUS',
});
export const ReferralKind = enumOf(REFERRAL_KINDS);
registerEnumType(ReferralKind, {
  name: 'ReferralKind',
  description: 'LEGAL_AID (法律援助, to JUSTICE:{district}) | UNION (工会劳动法律监督, to UNION:{district})',
});
export const DeadlineBasis = { ORDER: 'ORDER', FILED: 'FILED', RECEIVED: 'RECEIVED' } as const;
registerEnumType(DeadlineBasis, {
  name: 'DeadlineBasis',
  description:
    "ORDER: the order to pay's deadline | FILED: 60 working days from filing | RECEIVED: 10 working days from receipt (no order, not filed)",
});

@InputType('JointAssessmentInput')
export class JointAssessmentInput {
  @Field(() => DateScalar) assessedOn!: string;
  @Field(() => [String], {
    description:
      'the agencies that took part, as ORG:district (HRSS and POLICE among them), e.g. PROCURATORATE:210502',
  })
  participants!: string[];
  @Field(() => AssessmentConclusion) conclusion!: ConclusionValue;
  @Field({ description: 'the reasons, at most 2,000 characters, no ID or card numbers' }) note!: string;
}

@ObjectType('JointAssessment', { description: '联合研判 (M1) on a case, before a transfer on M2/M3 grounds' })
export class JointAssessmentType {
  @Field(() => ID) id!: string;
  @Field(() => DateScalar) assessedOn!: string;
  @Field(() => [String]) participants!: string[];
  @Field(() => AssessmentConclusion) conclusion!: ConclusionValue;
  @Field() note!: string;
  @Field({ description: 'org:district of the officer who recorded it' }) recordedBy!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;

  static from(a: AssessmentView): JointAssessmentType {
    return Object.assign(new JointAssessmentType(), a);
  }
}

@InputType('CaseReferralInput')
export class CaseReferralInput {
  @Field(() => ReferralKind) kind!: ReferralKindValue;
  @Field(() => DateScalar) referredOn!: string;
  @Field({ description: 'JUSTICE:{district} for legal aid, UNION:{district} for the union' })
  referredTo!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('CaseReferral', {
  description: 'R11: a referral of the case’s workers to legal aid or the union',
})
export class CaseReferralType {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ReferralKind) kind!: ReferralKindValue;
  @Field(() => DateScalar) referredOn!: string;
  @Field() referredTo!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DateScalar, { nullable: true }) outcomeOn!: string | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field() recordedBy!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;

  static from(r: ReferralView): CaseReferralType {
    return Object.assign(new CaseReferralType(), r);
  }
}

@ObjectType('OverdueCase', { description: 'an open case past its deadline (动态清零)' })
export class OverdueCaseType {
  @Field(() => WageCaseType) wageCase!: WageCaseType;
  @Field(() => DateScalar) deadline!: string;
  @Field(() => DeadlineBasis) deadlineBasis!: string;
  @Field() deadlineProvisional!: boolean;
  @Field(() => Int, { description: 'calendar days from receipt to asOf' }) ageDays!: number;
  @Field(() => Int, { description: 'calendar days from the deadline to asOf' }) daysPastDeadline!: number;
}

@ObjectType('DynamicZeroRow', { description: 'R12: one district and one authority; overdueCount is to be 0' })
export class DynamicZeroRowType {
  @Field() districtCode!: string;
  @Field({ description: 'HOUSING, TRANSPORT, WATER, BENGANG (the industry authority) or HRSS' })
  authority!: string;
  @Field(() => Int) overdueCount!: number;
  @Field(() => [OverdueCaseType], {
    description: 'the oldest past their deadline first, at most casesPerRow',
  })
  cases!: OverdueCaseType[];
}

@ObjectType('CaseDeadlineRules', {
  description:
    "one version of the dynamic zero's case deadlines (R12), for counts starting from effectiveFrom (city HRSS sets it; defaults 10 and 60)",
})
export class CaseDeadlineRulesType {
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => Int, { description: 'working days from receipt for a case neither filed nor ordered' })
  unorderedWithinWorkingDays!: number;
  @Field(() => Int, { description: 'working days from filing (立案) for a case not ordered' })
  filedWithinWorkingDays!: number;
  @Field({ description: 'org:district:sub' }) setBy!: string;
  @Field(() => DateTimeScalar) setAt!: Date;

  static from(r: {
    effectiveFrom: string;
    unorderedWithinWorkingDays: number;
    filedWithinWorkingDays: number;
    setBy: string;
    setAt: Date;
  }): CaseDeadlineRulesType {
    return Object.assign(new CaseDeadlineRulesType(), {
      effectiveFrom: r.effectiveFrom,
      unorderedWithinWorkingDays: r.unorderedWithinWorkingDays,
      filedWithinWorkingDays: r.filedWithinWorkingDays,
      setBy: r.setBy,
      setAt: r.setAt,
    });
  }
}
