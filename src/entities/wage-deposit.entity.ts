import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { DepositForm } from '../domain/duties/instruments';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

/**
 * One instrument of a project's wage deposit (工资保证金): cash in the deposit account, or a bank
 * guarantee (保函), a guarantee company's letter or an insurance policy in its place. A renewal is
 * a new instrument: the old one's validity is a fact that does not change.
 */
@Entity({ tableName: 'wage_deposit' })
@Index({ properties: ['project', 'createdAt', 'id'] })
@Index({ properties: ['createdAt', 'id'] })
export class WageDeposit {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne(() => Project)
  project!: Project;

  @Property({ type: 'string', length: 32 })
  form!: DepositForm;

  /** the bank holding the deposit account, or the guarantor or insurer, by name */
  @Property({ type: 'text' })
  issuer!: string;

  /** the deposit account's number, or the guarantee's or policy's */
  @Property({ type: 'text' })
  number!: string;

  /** a registered bank behind it (the deposit account's, or the guarantee's issuer): it sees the deposit */
  @Property({ type: 'string', length: 32, nullable: true })
  bankCode: string | null = null;

  @Property({ type: new BigIntType('bigint') })
  amountFen!: bigint;

  /** paid in, or issued */
  @Property({ type: 'date' })
  depositedOn!: string;

  @Property({ type: 'date' })
  validFrom!: string;

  /** null for cash: it does not expire */
  @Property({ type: 'date', nullable: true })
  validUntil: string | null = null;

  /** the contract's agreed end the validity was checked against (guarantees) */
  @Property({ type: 'date', nullable: true })
  contractEndsOn: string | null = null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
