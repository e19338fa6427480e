import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { now as clockNow } from '../clock';

/** Where the relay delivers one recipient's notices, and the secret it signs them with. */
@Entity({ tableName: 'notice_endpoint' })
export class NoticeEndpoint {
  @PrimaryKey({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text' })
  url!: string;

  /** `whsec_` + base64 of the HMAC key; never returned through the API */
  @Property({ type: 'text', hidden: true })
  webhookSecret!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clockNow();

  /** the `sub` of the token that set it */
  @Property({ type: 'text' })
  updatedBy!: string;
}
