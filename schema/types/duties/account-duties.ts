import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { FreezeObjection, FundingArrangement, SpecialAccountFiling } from '../../../src/entities';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../scalars';

@InputType()
export class SpecialAccountFilingInput {
  @Field(() => ID) projectId!: string;
  @Field(() => DateScalar, { description: 'the day the account was filed (due 30 days after its opening)' })
  filedOn!: string;
  @Field({ description: 'the filing’s number or reference' }) reference!: string;
}

@ObjectType('SpecialAccountFiling')
export class SpecialAccountFilingType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => DateScalar) filedOn!: string;
  @Field({ description: 'the department it was filed with: HRSS:{district} or {INDUSTRY}:{district}' })
  filedWith!: string;
  @Field() reference!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;

  static from(f: SpecialAccountFiling): SpecialAccountFilingType {
    return Object.assign(new SpecialAccountFilingType(), {
      id: f.id,
      projectId: f.project.id,
      filedOn: f.filedOn,
      filedWith: f.filedWith,
      reference: f.reference,
      recordedAt: f.createdAt,
    });
  }
}

@InputType()
export class FundingArrangementInput {
  @Field(() => ID) projectId!: string;
  @Field(() => DateScalar, {
    description: 'the day the arrangement was verified (before the project starts)',
  })
  verifiedOn!: string;
  @Field({ description: 'where the money comes from: a budget line, a special bond, …' }) source!: string;
  @Field(() => MoneyScalar, { nullable: true }) amount?: bigint | null;
  @Field() reference!: string;
}

@ObjectType('FundingArrangement')
export class FundingArrangementType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => DateScalar) verifiedOn!: string;
  @Field() source!: string;
  @Field(() => MoneyScalar, { nullable: true }) amount!: bigint | null;
  @Field() reference!: string;

  static from(f: FundingArrangement): FundingArrangementType {
    return Object.assign(new FundingArrangementType(), {
      id: f.id,
      projectId: f.project.id,
      verifiedOn: f.verifiedOn,
      source: f.source,
      amount: f.amountFen,
      reference: f.reference,
    });
  }
}

@InputType()
export class FreezeObjectionInput {
  @Field(() => ID, { description: 'the SPECIAL_ACCOUNT_FREEZE alert' }) alertId!: string;
  @Field(() => DateScalar) objectedOn!: string;
  @Field({ description: 'the objection’s number or reference' }) reference!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('FreezeObjection')
export class FreezeObjectionType {
  @Field(() => ID) id!: string;
  @Field(() => ID) alertId!: string;
  @Field(() => DateScalar) objectedOn!: string;
  @Field() reference!: string;
  @Field(() => String, { nullable: true }) note!: string | null;

  static from(o: FreezeObjection, alertId: string): FreezeObjectionType {
    return Object.assign(new FreezeObjectionType(), {
      id: o.id,
      alertId,
      objectedOn: o.objectedOn,
      reference: o.reference,
      note: o.note,
    });
  }
}

@ObjectType('FreezeDetail', {
  description: 'a SPECIAL_ACCOUNT_FREEZE alert’s court order and objection period (R10)',
})
export class FreezeDetailType {
  @Field(() => String, { nullable: true, description: 'the court, when the bank gave it' }) court!:
    string | null;
  @Field(() => String, { nullable: true, description: 'the order’s number, when the bank gave it' })
  orderNo!: string | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'the amount sought, when the bank gave it' })
  amount!: bigint | null;
  @Field(() => DateScalar, {
    description:
      'the last day the supervising department may object (freezeObjectionWorkingDays working days after the attempt; configurable in the deposit rules)',
  })
  objectionDeadline!: string;
  @Field(() => Int, { description: 'working days of the objection period' }) objectionWorkingDays!: number;
  @Field(() => DateScalar, { nullable: true }) objectedOn!: string | null;
  @Field(() => String, { nullable: true }) objectionReference!: string | null;
}
