import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Bank } from './bank.entity';
import { InboundDocumentRecord } from './inbound-document.entity';

/**
 * A stored `bankEventId` the bank sent again with other content; the stored event was left as it
 * was and the replay rejected as CONFLICTING_REPLAY. Written by src/services/ingestion.ts (SQL);
 * the entity is for reading. Field names only, never values: no personal data.
 */
@Entity({ tableName: 'conflicting_replay' })
@Index({ properties: ['bank', 'receivedAt', 'id'] })
@Index({ properties: ['receivedAt', 'id'] })
export class ConflictingReplayRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Bank)
  bank!: Bank;

  @Property({ type: 'string', length: 128 })
  bankEventId!: string;

  /** the fields that differ from the stored event: amount, accountNo, type, bookedAt, reverses */
  @Property({ type: 'text[]' })
  differing!: string[];

  @Property({ type: 'datetime' })
  receivedAt!: Date;

  /** the push it came in (null for GraphQL intake) */
  @ManyToOne(() => InboundDocumentRecord, { nullable: true, deleteRule: 'set null' })
  document: InboundDocumentRecord | null = null;
}
