import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Bank } from './bank.entity';

/**
 * The first answer to a bank's Standard Webhooks `webhook-id`: a retry gets it again and is not
 * archived again. Written and read by src/services/webhook-deliveries.ts (SQL); the primary key
 * makes concurrent retries safe. `status` is null while the first delivery is being handled.
 */
@Entity({ tableName: 'webhook_delivery' })
export class WebhookDelivery {
  @ManyToOne(() => Bank, { primary: true })
  bank!: Bank;

  /** SHA-256 of the header, hex: any length of id fits the key */
  @PrimaryKey({ type: 'character', length: 64 })
  webhookIdSha256!: string;

  @Property({ type: 'integer', nullable: true })
  status: number | null = null;

  /** the JSON body as sent, byte for byte */
  @Property({ type: 'text', nullable: true })
  answer: string | null = null;

  @Property({ type: 'datetime' })
  receivedAt!: Date;
}
