import { BigIntType, Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock';

/** One version of the wage-deposit rules (src/domain/duties/deposit-rules.ts), from its effective date. */
@Entity({ tableName: 'deposit_rules' })
export class DepositRulesRecord {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'date', unique: true })
  effectiveFrom!: string;

  @Property({ type: 'integer' })
  baseRatioBp!: number;

  @Property({ type: 'integer', nullable: true })
  severalProjectsRatioBp: number | null = null;

  @Property({ type: new BigIntType('bigint'), nullable: true })
  capFen: bigint | null = null;

  @Property({ type: new BigIntType('bigint'), nullable: true })
  exemptionBelowFen: bigint | null = null;

  @Property({ type: 'integer' })
  arrearsRaisePct!: number;

  @Property({ type: 'integer' })
  listedRaisePct!: number;

  @Property({ type: 'integer' })
  bankPayWorkingDays!: number;

  @Property({ type: 'integer' })
  topUpWorkingDays!: number;

  @Property({ type: 'integer' })
  correctionWorkingDays!: number;

  /** working days the supervising department has to object to a court's freeze (R10; the hub's default 5) */
  @Property({ type: 'integer', default: 5 })
  freezeObjectionWorkingDays: Opt<number> = 5;

  @Property({ type: 'date', nullable: true })
  watchedFrom: string | null = null;

  /** who set it: org:district:sub */
  @Property({ type: 'text' })
  setBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  setAt: Opt<Date> = clockNow();
}
