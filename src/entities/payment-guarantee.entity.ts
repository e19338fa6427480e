import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { PaymentGuaranteeForm } from '../domain/duties/instruments';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

/** The owner's guarantee of paying for the works (工程款支付担保, R3), to the general contractor. */
@Entity({ tableName: 'payment_guarantee' })
@Index({ properties: ['project', 'createdAt', 'id'] })
export class PaymentGuarantee {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne(() => Project)
  project!: Project;

  @Property({ type: 'string', length: 32 })
  form!: PaymentGuaranteeForm;

  @Property({ type: 'text' })
  issuer!: string;

  @Property({ type: 'text' })
  number!: string;

  @Property({ type: new BigIntType('bigint') })
  amountFen!: bigint;

  @Property({ type: 'date' })
  issuedOn!: string;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date' })
  validUntil!: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
