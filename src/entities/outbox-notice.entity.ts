import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock';

export const NOTICE_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/**
 * One outbound notice, written in the same transaction as the change it reports (the outbox) and
 * delivered afterwards by the relay. Written only through `addNotices` (set-based SQL) and the
 * relay's updates; the entity is for reading. `id` is the Standard Webhooks `webhook-id` of every
 * delivery attempt, so a receiver can drop the repeats that at-least-once delivery brings.
 */
@Entity({ tableName: 'outbox_notice' })
@Index({ properties: ['status', 'nextAttemptAt'] })
@Index({ properties: ['createdAt', 'id'] })
export class OutboxNotice {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  topic!: string;

  /** a stable key such as `BANK:ICBC_BENXI` or `HRSS:210502`; see src/services/outbox.ts */
  @Property({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text', unique: true })
  dedupeKey!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'string', length: 16, default: 'PENDING' })
  status: Opt<NoticeStatus> = 'PENDING';

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  nextAttemptAt: Opt<Date> = clockNow();

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'integer', nullable: true })
  lastHttpStatus: number | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();

  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;
}
