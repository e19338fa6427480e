import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type {
  DepositPaymentNotice,
  DepositRulesRecord,
  DepositTopUp,
  WageDeposit,
} from '../../../src/entities';
import { DEPOSIT_FORMS, type DepositForm as DepositFormValue } from '../../../src/domain/duties/instruments';
import { REQUIREMENT_REASONS } from '../../../src/domain/duties/deposit-requirement';
import type { ProjectRequirement } from '../../../src/services/duties/reads';
import { todayInShanghai } from '../../../src/clock';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../scalars';
import { ConnectionType } from '../connection';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const DepositForm = enumOf(DEPOSIT_FORMS);
registerEnumType(DepositForm, {
  name: 'DepositForm',
  description:
    'CASH_ACCOUNT: cash in the deposit account; BANK_GUARANTEE: 保函; GUARANTEE_COMPANY_LETTER: a guarantee company’s letter; INSURANCE: a policy in its place',
});
export const DepositRequirementReasonCode = enumOf(REQUIREMENT_REASONS);
registerEnumType(DepositRequirementReasonCode, { name: 'DepositRequirementReasonCode' });
export const DepositBaseDateKind = enumOf(['PERMIT', 'CONTRACT_SIGNING'] as const);
registerEnumType(DepositBaseDateKind, {
  name: 'DepositBaseDateKind',
  description:
    'what the deposit is counted from: the construction permit, or the contract signing where none is needed',
});

@ObjectType('DepositRules', { description: 'one version of the wage-deposit rules city HRSS keeps (R1)' })
export class DepositRulesType {
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => Int, { description: 'basis points of the contract price (100 = 1 %): 100–300' })
  baseRatioBp!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'for a contractor with several projects under construction: ≥ 50',
  })
  severalProjectsRatioBp!: number | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'the most one project deposits before a raise' })
  cap!: bigint | null;
  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'projects under this price may be exempt (no arrears the year before)',
  })
  exemptionBelow!: bigint | null;
  @Field(() => Int, { description: 'raise after arrears in the prior 2 years, percent (≥ 50)' })
  arrearsRaisePct!: number;
  @Field(() => Int, { description: 'raise for a listed contractor, percent (≥ 100)' })
  listedRaisePct!: number;
  @Field(() => Int) bankPayWorkingDays!: number;
  @Field(() => Int) topUpWorkingDays!: number;
  @Field(() => Int, { description: 'working days after a duty’s deadline before its alert escalates' })
  correctionWorkingDays!: number;
  @Field(() => Int, {
    description:
      'working days the supervising department has to object to a court’s freeze of the special account (R10; the hub’s default 5, no primary text sets one)',
  })
  freezeObjectionWorkingDays!: number;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'the first day duty alerts are raised (the latest version’s); null: requirements shown, no alerts yet',
  })
  watchedFrom!: string | null;
  @Field() setBy!: string;
  @Field(() => DateTimeScalar) setAt!: Date;

  static from(r: DepositRulesRecord): DepositRulesType {
    return Object.assign(new DepositRulesType(), {
      ...r,
      cap: r.capFen,
      exemptionBelow: r.exemptionBelowFen,
    });
  }
}

@InputType()
export class DepositRulesInput {
  @Field(() => DateScalar, { nullable: true, description: 'default today' }) effectiveFrom?: string | null;
  @Field(() => Int) baseRatioBp!: number;
  @Field(() => Int, { nullable: true }) severalProjectsRatioBp?: number | null;
  @Field(() => MoneyScalar, { nullable: true }) cap?: bigint | null;
  @Field(() => MoneyScalar, { nullable: true }) exemptionBelow?: bigint | null;
  @Field(() => Int) arrearsRaisePct!: number;
  @Field(() => Int) listedRaisePct!: number;
  @Field(() => Int, { nullable: true, description: 'default 5' }) bankPayWorkingDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'default 10' }) topUpWorkingDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'default 10' }) correctionWorkingDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'default 5: the objection period to a freeze (R10)' })
  freezeObjectionWorkingDays?: number | null;
  @Field(() => DateScalar, { nullable: true }) watchedFrom?: string | null;
}

@ObjectType('DepositRequirementReason')
export class DepositRequirementReasonType {
  @Field(() => DepositRequirementReasonCode) code!: string;
  @Field() text!: string;
}

@ObjectType('DepositRequirement', { description: 'what the project must deposit, why, and by when (R1)' })
export class DepositRequirementType {
  @Field(() => DateScalar) baseDate!: string;
  @Field(() => DepositBaseDateKind) baseDateKind!: string;
  @Field(() => DateScalar, { description: 'the 20th working day after baseDate' }) dueDate!: string;
  @Field({ description: 'dueDate needed a calendar year not loaded' }) dueDateProvisional!: boolean;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field() exempt!: boolean;
  @Field({ description: 'the ratio applied, e.g. "1.5 %" (before a cap)' }) rate!: string;
  @Field(() => [DepositRequirementReasonType]) reasons!: DepositRequirementReasonType[];
  @Field(() => DateScalar, { description: 'the rules version applied' }) rulesEffectiveFrom!: string;
  @Field(() => MoneyScalar, { description: 'held today: instruments in force, top-ups in, payments out' })
  held!: bigint;
  @Field(() => MoneyScalar, { description: 'amount minus held, if more (0 once returned)' })
  shortfall!: bigint;

  static from(r: ProjectRequirement): DepositRequirementType {
    return Object.assign(new DepositRequirementType(), {
      baseDate: r.baseDate,
      baseDateKind: r.baseDateKind,
      dueDate: r.dueDate.date,
      dueDateProvisional: r.dueDate.provisional,
      amount: r.requiredFen,
      exempt: r.exempt,
      rate: `${(r.ratePpm / 10_000).toFixed(4).replace(/\.?0+$/, '')} %`,
      reasons: r.reasons.map((x) => Object.assign(new DepositRequirementReasonType(), x)),
      rulesEffectiveFrom: r.rulesEffectiveFrom,
      held: r.heldFen,
      shortfall: r.shortfallFen,
    });
  }
}

@ObjectType('DepositTopUp')
export class DepositTopUpType {
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar) toppedUpOn!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;

  static from(t: DepositTopUp): DepositTopUpType {
    return Object.assign(new DepositTopUpType(), {
      amount: t.amountFen,
      toppedUpOn: t.toppedUpOn,
      recordedAt: t.createdAt,
    });
  }
}

@ObjectType('DepositPaymentNotice', {
  description: "HRSS's notice to pay wages from a deposit, and the bank's payment",
})
export class DepositPaymentNoticeType {
  @Field(() => ID) id!: string;
  @Field(() => ID) depositId!: string;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar) noticeOn!: string;
  @Field(() => DateScalar, { description: 'bankPayWorkingDays after noticeOn' }) payBy!: string;
  @Field() payByProvisional!: boolean;
  @Field(() => DateScalar, { nullable: true }) paidOn!: string | null;
  @Field({ description: 'paid after payBy, or still unpaid after it' }) late!: boolean;
  @Field(() => ID, { nullable: true }) caseId!: string | null;

  static from(n: DepositPaymentNotice): DepositPaymentNoticeType {
    const late = n.paidOn ? n.paidOn > n.payBy : todayInShanghai() > n.payBy;
    return Object.assign(new DepositPaymentNoticeType(), {
      id: n.id,
      depositId: n.deposit.id,
      amount: n.amountFen,
      noticeOn: n.noticeOn,
      payBy: n.payBy,
      payByProvisional: n.payByProvisional,
      paidOn: n.paidOn,
      late,
      caseId: n.wageCase?.id ?? null,
    });
  }
}

@ObjectType('WageDeposit', { description: 'one instrument of a project’s wage deposit (工资保证金)' })
export class WageDepositType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => DepositForm) form!: string;
  @Field() issuer!: string;
  @Field() number!: string;
  @Field(() => String, { nullable: true, description: 'the registered bank behind it, if any' }) bankCode!:
    string | null;
  @Field(() => MoneyScalar, { description: 'as first deposited or guaranteed' }) amount!: bigint;
  @Field(() => DateScalar) depositedOn!: string;
  @Field(() => DateScalar) validFrom!: string;
  @Field(() => DateScalar, { nullable: true, description: 'null for cash' }) validUntil!: string | null;
  @Field(() => DateScalar, { nullable: true }) contractEndsOn!: string | null;
  @Field(() => DateTimeScalar) recordedAt!: Date;
  // project, topUps, paymentNotices: field resolvers (schema/resolvers/duties)

  static from(d: WageDeposit): WageDepositType {
    return Object.assign(new WageDepositType(), {
      id: d.id,
      projectId: d.project.id,
      form: d.form,
      issuer: d.issuer,
      number: d.number,
      bankCode: d.bankCode,
      amount: d.amountFen,
      depositedOn: d.depositedOn,
      validFrom: d.validFrom,
      validUntil: d.validUntil,
      contractEndsOn: d.contractEndsOn,
      recordedAt: d.createdAt,
    });
  }
}

export const WageDepositConnection = ConnectionType(WageDepositType, 'WageDeposit');

@InputType()
export class WageDepositInput {
  @Field(() => ID) projectId!: string;
  @Field(() => DepositForm) form!: DepositFormValue;
  @Field({ description: 'the deposit bank, guarantor or insurer' }) issuer!: string;
  @Field({ description: 'the deposit account’s, guarantee’s or policy’s number' }) number!: string;
  @Field(() => String, {
    nullable: true,
    description: 'a registered bank behind it: it then sees the deposit',
  })
  bankCode?: string | null;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar, { description: 'paid in, or issued; not after today' }) depositedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'guarantees: default depositedOn' }) validFrom?:
    string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'guarantees: at least one year from validFrom and not before contractEndsOn; cash: leave out',
  })
  validUntil?: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'guarantees: the contract’s agreed end (合同约定竣工日期)',
  })
  contractEndsOn?: string | null;
}

@InputType()
export class WageDepositFilter {
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => DepositForm, { nullable: true }) form?: DepositFormValue | null;
}

@InputType()
export class DepositPaymentNoticeInput {
  @Field(() => ID) depositId!: string;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar) noticeOn!: string;
  @Field(() => ID, { nullable: true, description: 'the case whose order to pay was not met' }) caseId?:
    string | null;
}
