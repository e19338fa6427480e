import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { WageCase } from './wage-case.entity';
import { WageDeposit } from './wage-deposit.entity';
import { now as clockNow } from '../clock';

/** Money paid into a deposit after it was made: a top-up after a use, or more than first deposited. */
@Entity({ tableName: 'deposit_top_up' })
export class DepositTopUp {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne(() => WageDeposit)
  deposit!: WageDeposit;

  @Property({ type: new BigIntType('bigint') })
  amountFen!: bigint;

  @Property({ type: 'date' })
  toppedUpOn!: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}

/**
 * HRSS's written notice to pay wages from a deposit (an order to pay was not met): the bank pays
 * within `bankPayWorkingDays`; from the day it paid, the contractor's top-up clock runs.
 */
@Entity({ tableName: 'deposit_payment_notice' })
export class DepositPaymentNotice {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne(() => WageDeposit)
  deposit!: WageDeposit;

  @Property({ type: new BigIntType('bigint') })
  amountFen!: bigint;

  @Property({ type: 'date' })
  noticeOn!: string;

  @Property({ type: 'date' })
  payBy!: string;

  @Property({ type: 'boolean', default: false })
  payByProvisional: Opt<boolean> = false;

  /** the wage case whose order to pay was not met */
  @Index()
  @ManyToOne(() => WageCase, { nullable: true, fieldName: 'case_id' })
  wageCase: WageCase | null = null;

  @Property({ type: 'date', nullable: true })
  paidOn: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  paidRecordedAt: Date | null = null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
