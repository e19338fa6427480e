import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WARNING_SIGNALS, type RuleGrade, type WarningGrade as Grade } from '../../src/domain/warnings';
import type { WarningView } from '../../src/services/warnings/reads';
import type { RegisterItemView } from '../../src/services/warnings/register';
import type { WarningRules } from '../../src/services/warnings/rules';
import { DateScalar, DateTimeScalar } from '../scalars';
import { ConnectionType } from './connection';

export const WarningGrade = { RED: 'RED', ORANGE: 'ORANGE', YELLOW: 'YELLOW' } as const;
registerEnumType(WarningGrade, { name: 'WarningGrade', description: 'RED > ORANGE > YELLOW (R17)' });
export const WarningRuleGrade = { ...WarningGrade, OFF: 'OFF' } as const;
registerEnumType(WarningRuleGrade, {
  name: 'WarningRuleGrade',
  description: 'a grade, or OFF: the signal is not graded',
});
export const WarningSignal = Object.fromEntries(WARNING_SIGNALS.map((s) => [s, s])) as {
  [K in (typeof WARNING_SIGNALS)[number]]: K;
};
registerEnumType(WarningSignal, {
  name: 'WarningSignal',
  description: 'a fact the grading reads (README: "Graded warnings and the risk registers (R17)")',
});
export const WarningSubjectKind = { PROJECT: 'PROJECT', ENTERPRISE: 'ENTERPRISE' } as const;
registerEnumType(WarningSubjectKind, { name: 'WarningSubjectKind' });

@ObjectType('WarningReason')
export class WarningReasonType {
  @Field(() => WarningSignal) signal!: string;
  @Field(() => WarningGrade) grade!: Grade;
  @Field() detail!: string;
}

@ObjectType('WarningRecipient', { description: 'an agency the warning is routed to, and its read receipt' })
export class WarningRecipientType {
  @Field({ description: 'recipient key, e.g. HRSS:210502' }) recipient!: string;
  @Field(() => DateTimeScalar, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'org:district:sub of who acknowledged' })
  acknowledgedBy!: string | null;
}

@ObjectType('WarningUrge', { description: '催办 by a superior agency' })
export class WarningUrgeType {
  @Field() by!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field() note!: string;
}

@ObjectType('Warning', {
  description:
    'A graded warning (R17) on a project or an employer, derived daily from the facts by the rule table city HRSS keeps; closed (never deleted) when its grade goes away or changes',
})
export class WarningType {
  @Field(() => ID) id!: string;
  @Field(() => WarningSubjectKind) subjectKind!: string;
  @Field(() => ID, { description: 'the project or enterprise id' }) subjectId!: string;
  @Field(() => WarningGrade) grade!: Grade;
  @Field(() => [WarningReasonType]) reasons!: WarningReasonType[];
  @Field(() => [String], { description: 'the districts its facts come from' }) districts!: string[];
  @Field(() => DateScalar) openedOn!: string;
  @Field(() => DateScalar, { description: 'the day of the sweep that last graded it' }) evaluatedOn!: string;
  @Field(() => DateScalar, { description: 'every routed agency acknowledges by this working day' })
  acknowledgeBy!: string;
  @Field({ description: 'acknowledgeBy counted on a calendar year not loaded' })
  deadlineProvisional!: boolean;
  @Field() acknowledged!: boolean;
  @Field(() => [WarningRecipientType]) recipients!: WarningRecipientType[];
  @Field(() => [WarningUrgeType]) urges!: WarningUrgeType[];
  @Field() escalated!: boolean;
  @Field(() => DateScalar, { nullable: true }) escalatedOn!: string | null;
  @Field(() => [String], { description: 'the superiors told of the escalation' }) escalatedTo!: string[];
  @Field(() => DateScalar, { nullable: true }) closedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'FACTS_CLEARED or REGRADED' }) closeReason!:
    string | null;

  static from(w: WarningView): WarningType {
    return Object.assign(new WarningType(), {
      ...w,
      acknowledged: w.recipients.every((r) => r.acknowledgedAt !== null),
      escalated: w.escalatedOn !== null,
      recipients: w.recipients.map((r) =>
        Object.assign(new WarningRecipientType(), {
          ...r,
          acknowledgedAt: r.acknowledgedAt ? new Date(r.acknowledgedAt) : null,
        }),
      ),
      urges: w.urges.map((u) => Object.assign(new WarningUrgeType(), { ...u, at: new Date(u.at) })),
      reasons: w.reasons.map((r) => Object.assign(new WarningReasonType(), r)),
    });
  }
}

@InputType('WarningFilter')
export class WarningFilter {
  @Field(() => WarningGrade, { nullable: true }) grade?: Grade | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: every routed agency acknowledged' })
  acknowledged?: boolean | null;
  @Field(() => Boolean, { nullable: true }) escalated?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true: open only; false: closed only; unset: both' })
  open?: boolean | null;
  @Field(() => WarningSubjectKind, { nullable: true }) subjectKind?: 'PROJECT' | 'ENTERPRISE' | null;
}

@ObjectType('WarningConnection')
export class WarningConnection extends ConnectionType(WarningType, 'Warning') {}

@ObjectType('WarningRule')
export class WarningRuleType {
  @Field(() => WarningSignal) signal!: string;
  @Field(() => WarningRuleGrade) grade!: RuleGrade;
  @Field(() => Int, { nullable: true }) threshold!: number | null;
}

@ObjectType('WarningRules')
export class WarningRulesType {
  @Field(() => [WarningRuleType]) rules!: WarningRuleType[];
  @Field(() => Int, { description: 'working days a routed agency has to acknowledge a warning' })
  acknowledgeWithinWorkingDays!: number;
  @Field() setBy!: string;
  @Field(() => DateTimeScalar) setAt!: Date;

  static from(r: WarningRules): WarningRulesType {
    return Object.assign(new WarningRulesType(), {
      ...r,
      rules: r.rules.map((x) => Object.assign(new WarningRuleType(), x)),
    });
  }
}

@InputType('WarningRuleInput')
export class WarningRuleInput {
  @Field(() => WarningSignal) signal!: string;
  @Field(() => WarningRuleGrade) grade!: string;
  @Field(() => Int, { nullable: true }) threshold?: number | null;
}

@InputType('WarningRulesInput')
export class WarningRulesInput {
  @Field(() => [WarningRuleInput], { nullable: true }) rules?: WarningRuleInput[] | null;
  @Field(() => Int, { nullable: true }) acknowledgeWithinWorkingDays?: number | null;
}

@ObjectType('WarningSweepReport')
export class WarningSweepReportType {
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Int) opened!: number;
  @Field(() => Int) closed!: number;
  @Field(() => Int) escalated!: number;
}

@ObjectType('RiskRegisterItem', {
  description: '清单台账: a project or employer a warning was raised on; closed one by one (销号)',
})
export class RiskRegisterItemType {
  @Field(() => ID) id!: string;
  @Field(() => WarningSubjectKind) subjectKind!: string;
  @Field(() => ID) subjectId!: string;
  @Field(() => ID, { description: 'the latest warning that put or kept it here' }) warningId!: string;
  @Field(() => WarningGrade) grade!: Grade;
  @Field(() => [String]) districts!: string[];
  @Field(() => DateScalar) enteredOn!: string;
  @Field(() => DateScalar, { nullable: true }) closedOn!: string | null;
  @Field(() => String, { nullable: true }) closeReason!: string | null;
  @Field(() => String, { nullable: true }) closedBy!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt!: Date | null;

  static from(i: RegisterItemView): RiskRegisterItemType {
    return Object.assign(new RiskRegisterItemType(), i);
  }
}

@InputType('RiskRegisterFilter')
export class RiskRegisterFilter {
  @Field(() => Boolean, { nullable: true }) open?: boolean | null;
  @Field(() => WarningSubjectKind, { nullable: true }) subjectKind?: 'PROJECT' | 'ENTERPRISE' | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => WarningGrade, { nullable: true }) grade?: Grade | null;
}

@ObjectType('RiskRegisterItemConnection')
export class RiskRegisterItemConnection extends ConnectionType(RiskRegisterItemType, 'RiskRegisterItem') {}
