import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CaseLineView, CasePaymentView, CaseStepView, CaseView } from '../../src/services/views/views';
import { CASE_SOURCES, type CaseSource as CaseSourceValue } from '../../src/entities/wage-case.entity';
import { CASE_STATUSES, POLICE_REFERRAL_GROUNDS } from '../../src/domain/case-states';
import { maskIdNumber, maskName } from '../../src/domain/identifiers';
import { arrearsOf } from '../../src/services/cases/moves';
import { routedTo } from '../../src/services/cases/actors';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { ConnectionType } from './connection';
import { EnterpriseType, ProjectType } from './core';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const CaseSource = enumOf(CASE_SOURCES);
registerEnumType(CaseSource, {
  name: 'CaseSource',
  description: 'where the claim came from; ALERT: made from an escalated alert with fileCaseFromAlert',
});
export const PoliceReferralGround = enumOf(POLICE_REFERRAL_GROUNDS);
registerEnumType(PoliceReferralGround, {
  name: 'PoliceReferralGround',
  description:
    'REFUSAL_TO_PAY: the order’s deadline passed unpaid (C4); ASSET_TRANSFER_OR_FLIGHT: after an order (M2); FABRICATED_CLAIM: a made-up claim (M3)',
});

@ObjectType('WageCaseLine', { description: "one worker's verified arrears" })
export class WageCaseLineType {
  @Field({
    description: 'in full for the agency the case is routed to and city HRSS; masked (张**) for others',
  })
  workerName!: string;
  @Field({ description: 'always masked' }) maskedIdNumber!: string;
  @Field(() => Int) monthsOwed!: number;
  @Field(() => MoneyScalar) amount!: bigint;

  static from(l: CaseLineView, fullName: boolean): WageCaseLineType {
    return Object.assign(new WageCaseLineType(), {
      workerName: fullName ? l.workerName : maskName(l.workerName),
      maskedIdNumber: maskIdNumber(l.workerIdNumber),
      monthsOwed: l.monthsOwed,
      amount: l.amountFen,
    });
  }
}

@ObjectType('CaseActorRef', { description: 'who made a move: the token’s subject, org and district' })
export class CaseActorRefType {
  @Field() sub!: string;
  @Field() org!: string;
  @Field() district!: string;
}

@ObjectType('WageCaseStep', { description: 'one move of a case, kept with who and when' })
export class WageCaseStepType {
  @Field({
    description:
      'RECEIVE, VERIFY, ORDER_PAYMENT, RECORD_PAYMENT, PAY_IN_FULL, FILE, …, ESCALATE_TO_GOVERNMENT (一事一议)',
  })
  action!: string;
  @Field(() => String, { nullable: true }) fromStatus!: string | null;
  @Field() toStatus!: string;
  @Field(() => DateScalar, {
    description: 'the date the step took effect, as stated (never after the day recorded)',
  })
  on!: string;
  @Field(() => CaseActorRefType) by!: CaseActorRefType;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DateTimeScalar, { description: 'when the hub recorded the step (its own clock)' })
  recordedAt!: Date;

  static from(t: CaseStepView): WageCaseStepType {
    return Object.assign(new WageCaseStepType(), {
      action: t.action,
      fromStatus: t.fromStatus,
      toStatus: t.toStatus,
      on: t.onDate,
      by: Object.assign(new CaseActorRefType(), { sub: t.bySub, org: t.byOrg, district: t.byDistrict }),
      note: t.note,
      recordedAt: t.recordedAt,
    });
  }
}

@ObjectType('WagePayment')
export class WagePaymentType {
  @Field(() => DateScalar, { description: 'the day paid, as the agency stated it' }) paidOn!: string;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateTimeScalar, { description: 'when the hub recorded the payment (its own clock)' })
  recordedAt!: Date;

  static from(p: CasePaymentView): WagePaymentType {
    return Object.assign(new WagePaymentType(), {
      paidOn: p.paidOn,
      amount: p.amountFen,
      recordedAt: p.recordedAt,
    });
  }
}

@ObjectType('CaseOrgRef', { description: 'an agency: its org and district' })
export class CaseOrgRefType {
  @Field() org!: string;
  @Field() district!: string;
}

@ObjectType('WageCase')
export class WageCaseType {
  @Field(() => ID) id!: string;
  @Field({ description: `one of ${CASE_STATUSES.join(', ')}` }) status!: string;
  @Field(() => CaseSource) source!: string;
  @Field(() => ProjectType, { nullable: true, description: 'null for a claim outside the project library' })
  project!: ProjectType | null;
  @Field() districtCode!: string;
  @Field({
    description: 'the agency the case was routed to (C1), as a recipient key: HOUSING:210502, HRSS:210503, …',
  })
  routedTo!: string;
  @Field(() => EnterpriseType, { description: 'the employer the claim names' }) employer!: EnterpriseType;
  @Field(() => EnterpriseType, { nullable: true, description: 'the debtor verification found' })
  debtor!: EnterpriseType | null;
  @Field(() => ID, { nullable: true, description: 'the alert the case was made from' }) alertId!:
    string | null;
  @Field(() => Int, { nullable: true, description: 'workers the claim names; null for a case from an alert' })
  workers!: number | null;
  @Field(() => MoneyScalar) claimedAmount!: bigint;
  @Field(() => DateScalar) receivedOn!: string;
  @Field(() => DateScalar, { nullable: true }) verifiedOn!: string | null;
  @Field(() => MoneyScalar, { nullable: true, description: 'the sum of the verified lines' })
  verifiedAmount!: bigint | null;
  @Field(() => MoneyScalar) paidAmount!: bigint;
  @Field(() => MoneyScalar, { description: 'verified minus paid; 0 before verification' })
  arrearsOutstanding!: bigint;
  @Field(() => DateScalar, { nullable: true }) paidInFullOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: '责令限期支付: when the order was issued' })
  orderIssuedOn!: string | null;
  @Field(() => CaseOrgRefType, {
    nullable: true,
    description:
      'who issued the order to pay; only an HRSS order starts the listing clock and allows a listing',
  })
  orderIssuedBy!: CaseOrgRefType | null;
  @Field(() => DateScalar, { nullable: true }) orderDeadline!: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'the 20th working day after orderDeadline: the listing decision is due by then (B2); null unless the order is HRSS’s (Order 45)',
  })
  listingDecisionDeadline!: string | null;
  @Field(() => Boolean, {
    description:
      'true when listingDecisionDeadline needed a calendar year not loaded and was computed provisionally ' +
      '(Monday–Friday less the fixed-date holidays); recomputed, and false, once city HRSS loads the year',
  })
  deadlinesProvisional!: boolean;
  @Field(() => DateScalar, { nullable: true, description: '立案 (C3)' }) filedOn!: string | null;
  @Field(() => DateScalar, { nullable: true }) transferredOn!: string | null;
  @Field(() => PoliceReferralGround, { nullable: true }) policeReferralGround!: string | null;
  @Field(() => DateScalar, { nullable: true }) policeResultOn!: string | null;
  @Field(() => String, { nullable: true }) policeResult!: string | null;
  @Field(() => DateScalar, { nullable: true }) guidedToCourtOn!: string | null;
  @Field(() => DateScalar, { nullable: true }) closedOn!: string | null;
  @Field(() => String, { nullable: true }) closeReason!: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      '一事一议 (R20): the day the case was put to the district government (escalateCaseToGovernment)',
  })
  escalatedToGovernmentOn!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'why the employer cannot pay, as the escalation stated it',
  })
  governmentEscalationReason!: string | null;
  // lines, payments and history: field resolvers in case.resolver.ts
  /** for the field resolvers; not GraphQL fields */
  routedOrg!: string;

  static from(c: CaseView): WageCaseType {
    return Object.assign(new WageCaseType(), {
      id: c.id,
      status: c.status,
      source: c.source,
      project: c.project ? ProjectType.from(c.project) : null,
      districtCode: c.districtCode,
      routedTo: routedTo(c),
      routedOrg: c.routedOrg,
      employer: EnterpriseType.from(c.employer),
      debtor: c.debtor ? EnterpriseType.from(c.debtor) : null,
      alertId: c.alert?.id ?? null,
      workers: c.workers,
      claimedAmount: c.claimedAmountFen,
      receivedOn: c.receivedOn,
      verifiedOn: c.verifiedOn,
      verifiedAmount: c.verifiedOn ? c.verifiedTotalFen : null,
      paidAmount: c.paidTotalFen,
      arrearsOutstanding: arrearsOf(c),
      paidInFullOn: c.paidInFullOn,
      orderIssuedOn: c.orderIssuedOn,
      orderIssuedBy:
        c.orderIssuedByOrg && c.orderIssuedByDistrict
          ? Object.assign(new CaseOrgRefType(), {
              org: c.orderIssuedByOrg,
              district: c.orderIssuedByDistrict,
            })
          : null,
      orderDeadline: c.orderDeadline,
      listingDecisionDeadline: c.listingDecisionDeadline,
      deadlinesProvisional: c.deadlinesProvisional,
      filedOn: c.filedOn,
      transferredOn: c.transferredOn,
      policeReferralGround: c.policeGround,
      policeResultOn: c.policeResultOn,
      policeResult: c.policeResult,
      guidedToCourtOn: c.guidedToCourtOn,
      closedOn: c.closedOn,
      closeReason: c.closeReason,
      escalatedToGovernmentOn: c.escalatedToGovernmentOn,
      governmentEscalationReason: c.governmentEscalationReason,
    });
  }
}

export const WageCaseConnection = ConnectionType(WageCaseType, 'WageCase');

@InputType()
export class WageClaimInput {
  @Field(() => CaseSource) source!: CaseSourceValue;
  @Field(() => ID, {
    nullable: true,
    description: 'the registered project; omit for a claim outside the project library',
  })
  projectId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "required without projectId (one of Benxi's six county-level codes); with it, the project's own",
  })
  districtCode?: string | null;
  @Field({ description: 'the employer the claim names; registered first' }) employerUscc!: string;
  @Field(() => Int) workers!: number;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar) receivedOn!: string;
}

@InputType()
export class VerificationLineInput {
  @Field() workerName!: string;
  @Field({ description: 'resident ID number (GB 11643); stored, never returned unmasked' })
  workerIdNumber!: string;
  @Field(() => Int) monthsOwed!: number;
  @Field(() => MoneyScalar) amount!: bigint;
}

@InputType()
export class VerificationInput {
  @Field({ description: 'the debtor found; registered first' }) debtorUscc!: string;
  @Field(() => DateScalar) verifiedOn!: string;
  @Field(() => [VerificationLineInput], {
    nullable: true,
    description: 'per worker; required unless linesFromLedger',
  })
  lines?: VerificationLineInput[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: the lines from the project's wage ledger (R6), each worker it shows owed with his months owed and the amount (instead of lines)",
  })
  linesFromLedger?: boolean | null;
}

@InputType()
export class CaseFilter {
  @Field(() => String, { nullable: true }) status?: string | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => CaseSource, { nullable: true }) source?: CaseSourceValue | null;
}
