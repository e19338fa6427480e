import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { AlertView } from '../../src/services/views/views';
import {
  ALERT_KINDS,
  ALERT_STATUSES,
  type AlertKind as AlertKindValue,
  type AlertStatus as AlertStatusValue,
} from '../../src/entities/alert.entity';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { parseMoney } from '../../src/domain/money';
import { ConnectionType } from './connection';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const AlertKind = enumOf(ALERT_KINDS);
registerEnumType(AlertKind, {
  name: 'AlertKind',
  description: 'MISSED_LABOR_COST_TRANSFER, and more kinds as R1–R7 land',
});
export const AlertStatus = enumOf(ALERT_STATUSES);
registerEnumType(AlertStatus, { name: 'AlertStatus' });
export const EscalationKind = enumOf([
  'BANK_NOTICE_OVERDUE',
  'CONTRACTOR_REPORT_OVERDUE',
  'CORRECTION_OVERDUE',
] as const);
registerEnumType(EscalationKind, {
  name: 'EscalationKind',
  description:
    'BANK_NOTICE_OVERDUE, CONTRACTOR_REPORT_OVERDUE: the R5 chain; CORRECTION_OVERDUE: a duty (deposit, guarantee) not put right by its correctionDeadline',
});

@ObjectType('AlertEscalation')
export class AlertEscalationType {
  @Field(() => EscalationKind) kind!: string;
  @Field(() => DateScalar, { description: 'the day after the missed deadline' }) on!: string;
  @Field(() => DateScalar, {
    nullable: true,
    description:
      'the day the hub learned (Asia/Shanghai) that later-recorded facts show the deadline was met; a retracted escalation is kept for the record and acts on nothing',
  })
  retractedOn!: string | null;
}

@ObjectType('ReconciliationDetail', { description: 'what a statement said and what the events explain' })
export class ReconciliationDetailType {
  @Field(() => DateScalar) periodFrom!: string;
  @Field(() => DateScalar) periodTo!: string;
  @Field(() => MoneyScalar) opening!: bigint;
  @Field(() => MoneyScalar) closing!: bigint;
  @Field(() => MoneyScalar) credits!: bigint;
  @Field(() => MoneyScalar) debits!: bigint;
  @Field(() => MoneyScalar) expectedClosing!: bigint;
  @Field(() => MoneyScalar, {
    description: 'closing minus expectedClosing; negative when the events explain more',
  })
  difference!: bigint;

  static from(d: Record<string, string>): ReconciliationDetailType {
    const fen = (v: string) => parseMoneySigned(v);
    return Object.assign(new ReconciliationDetailType(), {
      periodFrom: d.periodFrom,
      periodTo: d.periodTo,
      opening: fen(d.opening),
      closing: fen(d.closing),
      credits: fen(d.credits),
      debits: fen(d.debits),
      expectedClosing: fen(d.expectedClosing),
      difference: fen(d.difference),
    });
  }
}

/** Stored figures are formatMoney output, possibly negative. */
const parseMoneySigned = (v: string): bigint =>
  v.startsWith('-') ? -parseMoney(v.slice(1), 'details') : parseMoney(v, 'details');

@ObjectType('Alert')
export class AlertType {
  @Field(() => ID) id!: string;
  @Field(() => AlertKind) kind!: string;
  @Field(() => AlertStatus) status!: string;
  @Field(() => DateScalar, { description: 'the effective due date of the missed cycle' }) dueDate!: string;
  @Field(() => MoneyScalar, { description: 'what was missing at the end of the due date' })
  shortfall!: bigint;
  @Field(() => DateScalar) openedOn!: string;
  @Field(() => DateScalar, { nullable: true }) resolvedOn!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'when later data showed no miss' }) withdrawnOn!:
    string | null;
  @Field(() => DateScalar) bankNoticeDeadline!: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when the bank says it notified the contractor',
  })
  contractorNotifiedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'when the hub received that notice' })
  contractorNotifiedRecordedAt!: Date | null;
  @Field(() => DateScalar) contractorReportDeadline!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'when the contractor says it reported' })
  contractorReportedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'when the hub received that report' })
  contractorReportedRecordedAt!: Date | null;
  @Field(() => [AlertEscalationType]) escalations!: AlertEscalationType[];
  @Field(() => Boolean, {
    description:
      'true when dueDate or a deadline needed a calendar year not loaded and was computed provisionally ' +
      '(Monday–Friday less the fixed-date holidays); recomputed, and false, once city HRSS loads the year',
  })
  deadlinesProvisional!: boolean;
  @Field(() => ReconciliationDetailType, { nullable: true, description: 'for RECONCILIATION_MISMATCH' })
  reconciliation!: ReconciliationDetailType | null;
  /** for the project field resolver; not a GraphQL field */
  projectId!: string;
  /** for field resolvers added by other areas (schema/resolvers/duty-alert.resolver.ts); not a GraphQL field */
  entity!: AlertView;

  static from(a: AlertView): AlertType {
    return Object.assign(new AlertType(), {
      id: a.id,
      kind: a.kind,
      status: a.status,
      dueDate: a.dueDate,
      shortfall: a.shortfallFen,
      openedOn: a.openedOn,
      resolvedOn: a.resolvedOn,
      withdrawnOn: a.withdrawnOn,
      bankNoticeDeadline: a.bankNoticeDeadline,
      contractorNotifiedAt: a.contractorNotifiedAt,
      contractorNotifiedRecordedAt: a.contractorNotifiedRecordedAt,
      contractorReportDeadline: a.contractorReportDeadline,
      contractorReportedAt: a.contractorReportedAt,
      deadlinesProvisional: a.deadlinesProvisional,
      contractorReportedRecordedAt: a.contractorReportedRecordedAt,
      escalations: a.escalations.map((e) => ({ kind: e.kind, on: e.on, retractedOn: e.retractedOn ?? null })),
      reconciliation:
        a.kind === 'RECONCILIATION_MISMATCH' && a.details ? ReconciliationDetailType.from(a.details) : null,
      projectId: a.project.id,
      entity: a,
    });
  }
}

export const AlertConnection = ConnectionType(AlertType, 'Alert');

@InputType()
export class AlertFilter {
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => AlertKind, { nullable: true }) kind?: AlertKindValue | null;
  @Field(() => AlertStatus, { nullable: true }) status?: AlertStatusValue | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
}

@ObjectType('SweepReport')
export class SweepReportType {
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Int) alertsOpened!: number;
  @Field(() => Int) alertsResolved!: number;
  @Field(() => Int) alertsWithdrawn!: number;
  @Field(() => Int, { description: 'escalations newly found' }) escalations!: number;
  @Field(() => Int, { description: 'escalations retracted: later-recorded facts show the deadline was met' })
  escalationsRetracted!: number;
  @Field(() => Int) agreementsEvaluated!: number;
  @Field(() => Int, { description: 'projects whose deposit and guarantee duties were evaluated' })
  projectsEvaluated!: number;
  @Field(() => [String], { description: 'agreements that could not be evaluated, and why' })
  problems!: string[];
}
