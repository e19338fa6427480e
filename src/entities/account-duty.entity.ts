import { BigIntType, Entity, ManyToOne, OneToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

/**
 * The special account filed with the supervising department (Account Rules: within 30 days of its
 * opening), as that department records it: one filing per project.
 */
@Entity({ tableName: 'special_account_filing' })
export class SpecialAccountFiling {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @OneToOne(() => Project, { owner: true, unique: true })
  project!: Project;

  @Property({ type: 'date' })
  filedOn!: string;

  /** the department it was filed with: HRSS:{district} or {INDUSTRY}:{district} */
  @Property({ type: 'string', length: 40 })
  filedWith!: string;

  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}

/** A government-investment project's funding arrangement, as verified (R13): one per project. */
@Entity({ tableName: 'funding_arrangement' })
export class FundingArrangement {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @OneToOne(() => Project, { owner: true, unique: true })
  project!: Project;

  @Property({ type: 'date' })
  verifiedOn!: string;

  /** where the money comes from (a budget line, a special bond, …), as the verifier writes it */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: new BigIntType('bigint'), nullable: true })
  amountFen: bigint | null = null;

  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}

/** The supervising department's objection to a court's freeze of the special account (R10). */
@Entity({ tableName: 'freeze_objection' })
export class FreezeObjection {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne(() => Project, { index: true })
  project!: Project;

  /** the bank's FREEZE_ATTEMPT event objected to (account_event.id): one objection each */
  @Property({ type: new BigIntType('bigint'), unique: true })
  accountEventId!: bigint;

  @Property({ type: 'date' })
  objectedOn!: string;

  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}

export const ACCOUNT_DUTY_ENTITIES = [SpecialAccountFiling, FundingArrangement, FreezeObjection];
