import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { now as clockNow } from '../clock';

/** A bank is data: its code, its push secret, and which adapter reads what it sends. */
@Entity({ tableName: 'bank' })
export class Bank {
  @PrimaryKey({ type: 'string', length: 32 })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  /** `whsec_` + base64 of the HMAC key; never returned through the API */
  @Property({ type: 'text', hidden: true })
  webhookSecret!: string;

  /** the secret the last rotation replaced, still accepted until `previousWebhookSecretUntil` */
  @Property({ type: 'text', nullable: true, hidden: true })
  previousWebhookSecret: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  previousWebhookSecretUntil: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  webhookSecretRotatedAt: Date | null = null;

  @Property({ type: 'json', default: '{}' })
  adapterOptions: Opt<Record<string, unknown>> = {};

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
