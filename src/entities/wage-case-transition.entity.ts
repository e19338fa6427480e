import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { WageCase } from './wage-case.entity';
import { now as clockNow } from '../clock';

/** One move of a case: which, from and to what state, on what date, by whom, and when recorded. */
@Entity({ tableName: 'wage_case_transition' })
@Index({ properties: ['wageCase', 'recordedAt'] })
export class WageCaseTransition {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => WageCase, { fieldName: 'case_id' })
  wageCase!: WageCase;

  @Property({ type: 'string', length: 32 })
  action!: string;

  @Property({ type: 'string', length: 24, nullable: true })
  fromStatus: string | null = null;

  @Property({ type: 'string', length: 24 })
  toStatus!: string;

  /** the date the step took effect (the order's issue date, the payment date, …) */
  @Property({ type: 'date' })
  onDate!: string;

  @Property({ type: 'text' })
  bySub!: string;

  @Property({ type: 'string', length: 32 })
  byOrg!: string;

  @Property({ type: 'string', length: 6 })
  byDistrict!: string;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Opt<Date> = clockNow();
}
