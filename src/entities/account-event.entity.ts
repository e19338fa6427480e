import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Bank } from './bank.entity';
import { InboundDocumentRecord } from './inbound-document.entity';
import type { AccountEventType } from '../domain/account-event';

/**
 * A bank's account event as stored. Written only by the ingestion service (set-based SQL); the
 * entity is for reading. An event belongs to the special account with the same bank and number;
 * until that account is registered the event is "unmatched", and it joins by itself on
 * registration (a join, not a stored link that a concurrent registration could leave stale).
 */
@Entity({ tableName: 'account_event' })
@Unique({ properties: ['bank', 'bankEventId'] })
@Index({ properties: ['bank', 'accountNo', 'bookedAt'] })
export class AccountEventRecord {
  @PrimaryKey({ type: new BigIntType('bigint'), autoincrement: true })
  id!: bigint;

  @ManyToOne(() => Bank)
  bank!: Bank;

  @Property({ type: 'string', length: 128 })
  bankEventId!: string;

  @Property({ type: 'string', length: 64 })
  accountNo!: string;

  @Property({ type: 'string', length: 16 })
  type!: AccountEventType;

  @Property({ type: new BigIntType('bigint'), nullable: true })
  amountFen: bigint | null = null;

  @Property({ type: 'datetime' })
  bookedAt!: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  receivedAt!: Date;

  @Property({ type: 'text', nullable: true })
  counterpartyName: string | null = null;

  @Property({ type: 'text', nullable: true })
  counterpartyAccount: string | null = null;

  @Property({ type: 'text', nullable: true })
  memo: string | null = null;

  /** a DEBIT's counterparty card as lookupHash('CARD', …) hashes it (pay-alerts/payments.ts); null before 2026-12 */
  @Property({ type: 'text', nullable: true })
  counterpartyCardHash: string | null = null;

  /** for a CREDIT_REVERSAL: the bankEventId of the credit it takes back, when the bank says */
  @Property({ type: 'string', length: 128, nullable: true })
  reverses: string | null = null;

  /** a FREEZE_ATTEMPT's: the court whose order it is, when the bank says */
  @Property({ type: 'text', nullable: true })
  court: string | null = null;

  /** a FREEZE_ATTEMPT's: the order's number (e.g. (2026)辽0502执123号), when the bank says */
  @Property({ type: 'string', length: 64, nullable: true })
  orderNo: string | null = null;

  @Property({ type: 'json' })
  raw!: unknown;

  /** the pushed document it came from; null for GraphQL intake */
  @ManyToOne(() => InboundDocumentRecord, { nullable: true, deleteRule: 'set null' })
  document: InboundDocumentRecord | null = null;
}
