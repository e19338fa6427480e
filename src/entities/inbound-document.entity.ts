import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Bank } from './bank.entity';

/**
 * A bank's pushed document exactly as received, kept so it can be audited and replayed through a
 * fixed adapter. Written only by src/services/inbound-documents.ts (SQL, in the transaction that
 * stores its events); the entity is for reading. `body` is lazy: lists never load the bytes.
 */
@Entity({ tableName: 'inbound_document' })
@Index({ properties: ['receivedAt', 'id'] })
@Index({ properties: ['bank', 'receivedAt', 'id'] })
export class InboundDocumentRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Bank)
  bank!: Bank;

  /** lower-cased media type without parameters, as the adapter saw it */
  @Property({ type: 'string', length: 100 })
  contentType!: string;

  /** as the header said it: a long or odd value must not make an accepted push fail */
  @Property({ type: 'text', nullable: true })
  charset: string | null = null;

  @Property({ type: 'blob', lazy: true })
  body!: Buffer;

  /** hex SHA-256 of `body` */
  @Property({ type: 'string', length: 64, columnType: 'char(64)' })
  sha256!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'datetime' })
  receivedAt!: Date;

  /** the `BankAdapter.name` that read it at intake */
  @Property({ type: 'string', length: 64 })
  adapter!: string;

  /** `?accountNo=` of the push URL, for formats whose document does not name the account */
  @Property({ type: 'text', nullable: true })
  accountNoHint: string | null = null;

  /** the delivery's `webhook-id` header */
  @Property({ type: 'text', nullable: true })
  webhookId: string | null = null;

  @Property({ type: 'integer', default: 0 })
  accepted: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  duplicates: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  unmatched: Opt<number> = 0;

  /** how many rows the intake rejected (the rows themselves were in the push's answer) */
  @Property({ type: 'integer', default: 0 })
  rejected: Opt<number> = 0;
}
