import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { WorkerLedger } from '../../src/domain/workforce/ledger';
import type { PayrollLineRecord, PayrollRecord } from '../../src/services/workforce/payroll-reads';
import type { WorkforceProject } from '../../src/services/workforce/access';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { ConnectionType } from './connection';
import type { WorkerRecord } from '../../src/services/workforce/reads';

export const PayrollLineStatus = { PENDING: 'PENDING', PAID: 'PAID', FAILED: 'FAILED' } as const;
registerEnumType(PayrollLineStatus, {
  name: 'PayrollLineStatus',
  description:
    'PENDING (no result yet) | PAID (by the bank, with its bankEventId) | FAILED (a retry may pay it)',
});
export const PayrollResultStatus = { PAID: 'PAID', FAILED: 'FAILED' } as const;
registerEnumType(PayrollResultStatus, { name: 'PayrollResultStatus' });
export const PayrollStatus = {
  PENDING: 'PENDING',
  PARTLY_PAID: 'PARTLY_PAID',
  PAID: 'PAID',
  HAS_FAILURES: 'HAS_FAILURES',
} as const;
registerEnumType(PayrollStatus, {
  name: 'PayrollStatus',
  description:
    'from its lines: PAID (every line paid), HAS_FAILURES (a line failed and is not paid again), PARTLY_PAID (some paid, the rest pending), PENDING (none paid yet)',
});

@InputType('PayrollLineInput', {
  description: 'a worker’s line: the national platform’s Payroll.Add detail (see README for the field map)',
})
export class PayrollLineInput {
  @Field({ description: 'idCardNumber: a worker registered on the project, on the payroll’s team' })
  workerIdNumber!: string;
  @Field(() => Float, { description: 'days worked in the month, 0–31 (tenths allowed)' }) days!: number;
  @Field(() => MoneyScalar, { description: 'totalPayAmount: gross pay, more than 0' }) grossPay!: bigint;
  @Field(() => MoneyScalar, { description: 'actualAmount: net pay, more than 0 and at most grossPay' })
  netPay!: bigint;
  @Field({
    description:
      "payRollBankCardNumber: Luhn checked, and it must be the worker's registered card (the account pays only the worker's own card)",
  })
  bankCardNo!: string;
  @Field(() => Float, { nullable: true, description: 'workHours (optional)' }) workHours?: number | null;
}

@InputType('PayrollInput', { description: 'a team’s payroll for a month (工资支付表)' })
export class PayrollInput {
  @Field(() => ID) projectId!: string;
  @Field(() => ID, { description: 'a team of the project (registerTeam)' }) teamId!: string;
  @Field({ description: 'payMonth, YYYY-MM, not after this month' }) month!: string;
  @Field({
    description:
      "thirdPayRollCode: the contractor's own payroll number, the idempotency key; the bank's debit memo quotes it",
  })
  reference!: string;
  @Field(() => [PayrollLineInput], { description: 'one per worker, up to 5,000' }) lines!: PayrollLineInput[];
}

@InputType('PayrollResultInput', { description: 'the bank’s result for one worker’s line' })
export class PayrollResultInput {
  @Field() workerIdNumber!: string;
  @Field(() => PayrollResultStatus) status!: 'PAID' | 'FAILED';
  @Field(() => DateTimeScalar, {
    description: 'when the bank paid or failed; PAID: its Shanghai date is paidOn',
  })
  at!: Date;
  @Field(() => String, { nullable: true, description: 'PAID: the debit’s bankEventId (required)' })
  bankEventId?: string | null;
  @Field(() => String, { nullable: true, description: 'FAILED: why (no card number in it)' })
  failureReason?: string | null;
}

@ObjectType('Payroll')
export class PayrollType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => ID) teamId!: string;
  @Field() reference!: string;
  @Field({ description: 'YYYY-MM' }) month!: string;
  @Field(() => PayrollStatus) status!: string;
  @Field(() => DateTimeScalar) submittedAt!: Date;
  @Field(() => Int) lineCount!: number;
  @Field(() => Int) paidCount!: number;
  @Field(() => Int) failedCount!: number;
  @Field(() => Int) pendingCount!: number;
  @Field(() => MoneyScalar) grossTotal!: bigint;
  @Field(() => MoneyScalar) netTotal!: bigint;
  @Field(() => MoneyScalar, { description: 'the net of the lines paid' }) paidTotal!: bigint;
  project!: WorkforceProject;
  static from(p: PayrollRecord, project: WorkforceProject): PayrollType {
    const status =
      p.lineCount > 0 && p.paidCount === p.lineCount
        ? 'PAID'
        : p.failedCount > 0
          ? 'HAS_FAILURES'
          : p.paidCount > 0
            ? 'PARTLY_PAID'
            : 'PENDING';
    return Object.assign(new PayrollType(), {
      ...p,
      status,
      grossTotal: p.grossFen,
      netTotal: p.netFen,
      paidTotal: p.paidFen,
      project,
    });
  }
}

@ObjectType('PayrollConnection')
export class PayrollConnection extends ConnectionType(PayrollType, 'Payroll') {}

@ObjectType('PayrollLine')
export class PayrollLineType {
  @Field(() => ID) id!: string;
  @Field({ description: 'YYYY-MM, the payroll’s' }) month!: string;
  @Field(() => Float) days!: number;
  @Field(() => Float, { nullable: true }) workHours!: number | null;
  @Field(() => MoneyScalar) grossPay!: bigint;
  @Field(() => MoneyScalar) netPay!: bigint;
  @Field({ description: 'the card the line pays, masked (***************1234), always' }) bankCard!: string;
  @Field(() => PayrollLineStatus) status!: string;
  @Field(() => DateScalar, { nullable: true, description: 'the Shanghai date it was paid' }) paidOn!:
    string | null;
  @Field(() => String, { nullable: true, description: 'the bank’s id of the debit that paid it' })
  bankEventId!: string | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'the first failure’s Shanghai date, kept after a later payment',
  })
  failedOn!: string | null;
  @Field(() => String, { nullable: true }) failureReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'the latest result’s instant' })
  resultAt!: Date | null;
  record!: PayrollLineRecord;
  project!: WorkforceProject;
  static from(l: PayrollLineRecord, project: WorkforceProject): PayrollLineType {
    return Object.assign(new PayrollLineType(), {
      ...l,
      grossPay: l.grossFen,
      netPay: l.netFen,
      bankCard: l.cardMasked,
      failedOn: l.firstFailedOn,
      resultAt: l.resultAt ? new Date(l.resultAt) : null,
      record: l,
      project,
    });
  }
}

@ObjectType('WageLedgerEntry', {
  description: "a worker's wage ledger on the project (R6): months worked, due, paid, owed",
})
export class WageLedgerEntryType {
  @Field(() => [String], { description: 'months (YYYY-MM) with valid attendance days' })
  monthsWorked!: string[];
  @Field(() => MoneyScalar, { description: 'the net of every payroll line of his' }) due!: bigint;
  @Field(() => MoneyScalar, { description: 'the net of his lines the bank paid' }) paid!: bigint;
  @Field(() => MoneyScalar, { description: 'due − paid' }) owed!: bigint;
  @Field(() => [String], { description: 'months whose lines are not all paid' }) monthsOwed!: string[];
  @Field(() => [String], { description: 'months attended that no payroll line names' })
  attendedNotOnPayroll!: string[];
  worker!: WorkerRecord;
  static from(e: { worker: WorkerRecord; ledger: WorkerLedger }): WageLedgerEntryType {
    return Object.assign(new WageLedgerEntryType(), {
      monthsWorked: e.ledger.monthsWorked,
      due: e.ledger.dueFen,
      paid: e.ledger.paidFen,
      owed: e.ledger.owedFen,
      monthsOwed: e.ledger.monthsOwed,
      attendedNotOnPayroll: e.ledger.attendedNotOnPayroll,
      worker: e.worker,
    });
  }
}

@ObjectType('WageLedgerConnection')
export class WageLedgerConnection extends ConnectionType(WageLedgerEntryType, 'WageLedger') {}
