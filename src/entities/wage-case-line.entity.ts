import { BigIntType, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { WageCase } from './wage-case.entity';

/**
 * One worker's verified arrears (C2). The name and ID number are personal data: stored as given,
 * returned masked (`maskedIdNumber` always; the name to the assigned agency and city HRSS only),
 * never logged and never put in a notice.
 */
@Entity({ tableName: 'wage_case_line' })
@Unique({ properties: ['wageCase', 'position'] })
@Unique({ properties: ['wageCase', 'workerIdNumber'] })
export class WageCaseLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => WageCase, { fieldName: 'case_id' })
  wageCase!: WageCase;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  workerName!: string;

  @Property({ type: 'string', length: 18 })
  workerIdNumber!: string;

  @Property({ type: 'integer' })
  monthsOwed!: number;

  @Property({ type: new BigIntType('bigint') })
  amountFen!: bigint;
}
