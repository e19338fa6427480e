import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { WageCase } from './wage-case.entity';
import { now as clockNow } from '../clock';

/** A payment of a case's arrears, as the agency recorded it. */
@Entity({ tableName: 'wage_case_payment' })
export class WageCasePayment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => WageCase, { fieldName: 'case_id' })
  wageCase!: WageCase;

  @Property({ type: 'date' })
  paidOn!: string;

  @Property({ type: new BigIntType('bigint') })
  amountFen!: bigint;

  @Property({ type: 'text' })
  bySub!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Opt<Date> = clockNow();
}
