import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { PaymentGuarantee } from '../../../src/entities';
import {
  PAYMENT_GUARANTEE_FORMS,
  type PaymentGuaranteeForm as PaymentGuaranteeFormValue,
} from '../../../src/domain/duties/instruments';
import { RETURN_STEPS, RETURN_STEP_STATES, publicityEndsOn } from '../../../src/domain/duties/deposit-return';
import type { DepositReturnView } from '../../../src/services/duties/reads';
import type { PenaltyPrefill } from '../../../src/services/duties/alert-penalty';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../scalars';
import { ConnectionType } from '../connection';
import { EnterpriseType } from '../core';
import { PenaltyCode, PenaltyConsequence } from '../penalty';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const PaymentGuaranteeForm = enumOf(PAYMENT_GUARANTEE_FORMS);
registerEnumType(PaymentGuaranteeForm, { name: 'PaymentGuaranteeForm' });
export const DepositReturnStepName = enumOf(RETURN_STEPS);
registerEnumType(DepositReturnStepName, { name: 'DepositReturnStepName' });
export const DepositReturnStepState = enumOf(RETURN_STEP_STATES);
registerEnumType(DepositReturnStepState, {
  name: 'DepositReturnStepState',
  description:
    'WAITING: an earlier step first; DUE: may be taken now; IN_PROGRESS: the publicity runs; DONE; REFUSED (review)',
});
export const DepositReturnActor = enumOf(['CONTRACTOR', 'HRSS', 'HRSS_OR_INDUSTRY_AUTHORITY'] as const);
registerEnumType(DepositReturnActor, { name: 'DepositReturnActor' });

@ObjectType('PaymentGuarantee', {
  description: 'the owner’s guarantee of paying for the works (工程款支付担保, R3)',
})
export class PaymentGuaranteeType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => PaymentGuaranteeForm) form!: string;
  @Field() issuer!: string;
  @Field() number!: string;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar) issuedOn!: string;
  @Field(() => DateScalar) validFrom!: string;
  @Field(() => DateScalar) validUntil!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;

  static from(g: PaymentGuarantee): PaymentGuaranteeType {
    return Object.assign(new PaymentGuaranteeType(), {
      id: g.id,
      projectId: g.project.id,
      form: g.form,
      issuer: g.issuer,
      number: g.number,
      amount: g.amountFen,
      issuedOn: g.issuedOn,
      validFrom: g.validFrom,
      validUntil: g.validUntil,
      recordedAt: g.createdAt,
    });
  }
}

export const PaymentGuaranteeConnection = ConnectionType(PaymentGuaranteeType, 'PaymentGuarantee');

@InputType()
export class PaymentGuaranteeInput {
  @Field(() => ID) projectId!: string;
  @Field(() => PaymentGuaranteeForm) form!: PaymentGuaranteeFormValue;
  @Field() issuer!: string;
  @Field() number!: string;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar, { description: 'not after today' }) issuedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'default issuedOn' }) validFrom?: string | null;
  @Field(() => DateScalar) validUntil!: string;
}

@ObjectType('DepositReturnStep', {
  description: 'one step of the deposit’s return, as the contractor sees it',
})
export class DepositReturnStepType {
  @Field(() => DepositReturnStepName) step!: string;
  @Field(() => DepositReturnStepState) state!: string;
  @Field(() => DepositReturnActor, { description: 'who takes the step' }) by!: string;
  @Field(() => DateScalar, { nullable: true }) doneOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'the first day it may be taken' }) earliestOn!:
    string | null;
  @Field(() => DateScalar, { nullable: true, description: 'review: 5 working days; confirmation: 3' })
  dueBy!: string | null;
  @Field() dueByProvisional!: boolean;
  @Field() overdue!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('DepositReturn', {
  description: 'the return of the wage deposit (Deposit Rules art. 22), step by step',
})
export class DepositReturnType {
  @Field(() => ID) projectId!: string;
  @Field({ description: 'NOT_STARTED, IN_PROGRESS or RETURNED' }) status!: string;
  @Field(() => DateScalar, { nullable: true }) completedOn!: string | null;
  @Field(() => DateScalar, { nullable: true }) publicityStartsOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: '30 days after it starts' }) publicityEndsOn!:
    string | null;
  @Field(() => DateScalar, { nullable: true }) appliedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'the written no-arrears promise' })
  promiseSignedOn!: string | null;
  @Field(() => DateScalar, { nullable: true }) reviewedOn!: string | null;
  @Field(() => Boolean, { nullable: true }) approved!: boolean | null;
  @Field(() => String, { nullable: true }) reviewNote!: string | null;
  @Field(() => DateScalar, { nullable: true }) confirmedOn!: string | null;
  @Field(() => [DepositReturnStepType]) steps!: DepositReturnStepType[];

  static from(v: DepositReturnView): DepositReturnType {
    return Object.assign(new DepositReturnType(), {
      ...v,
      status: v.confirmedOn ? 'RETURNED' : v.publicityStartsOn ? 'IN_PROGRESS' : 'NOT_STARTED',
      publicityEndsOn: v.publicityStartsOn ? publicityEndsOn(v.publicityStartsOn) : null,
      steps: v.steps.map((s) => Object.assign(new DepositReturnStepType(), s)),
    });
  }
}

@ObjectType('AlertPenalty', {
  description:
    'the penalty the alert’s duty carries: what imposePenalty takes, prefilled (the dates of the order to correct are the officer’s)',
})
export class AlertPenaltyType {
  @Field(() => PenaltyCode) code!: string;
  @Field() article!: string;
  @Field(() => EnterpriseType, { description: 'the party the duty is on' }) party!: EnterpriseType;
  @Field() partyUscc!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => PenaltyConsequence, { description: 'what an ordinary case gets' }) consequence!: string;
  @Field(() => MoneyScalar) minFine!: bigint;
  @Field(() => MoneyScalar) maxFine!: bigint;
  @Field() violations!: string;

  static from(p: PenaltyPrefill): AlertPenaltyType {
    return Object.assign(new AlertPenaltyType(), {
      code: p.code,
      article: p.article,
      party: EnterpriseType.from(p.party),
      partyUscc: p.party.uscc,
      projectId: p.projectId,
      consequence: p.consequence,
      minFine: p.minFineFen,
      maxFine: p.maxFineFen,
      violations: p.violations,
    });
  }
}

@ObjectType('DutyAlertDetail', {
  description: 'a duty alert’s figures: what should be held, and what it is about',
})
export class DutyAlertDetailType {
  @Field(() => MoneyScalar, {
    description: 'the requirement (0 for a payment guarantee: no amount is fixed)',
  })
  required!: bigint;
  @Field(() => ID, {
    nullable: true,
    description:
      'GUARANTEE_EXPIRING: the instrument; DEPOSIT_TOP_UP_OVERDUE: the payment notice; SPECIAL_ACCOUNT_FREEZE: the bank’s event',
  })
  subjectId!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'SPECIAL_ACCOUNT_CLOSED_EARLY: why the closing was early (works not complete, arrears open, no 30 days of publicity)',
  })
  reasons!: string | null;
}
