import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock';

@Entity({ tableName: 'enterprise' })
export class Enterprise {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Unique()
  @Property({ type: 'string', length: 18 })
  uscc!: string;

  @Property({ type: 'text' })
  name!: string;

  /** false only where city HRSS registered a really issued code that fails the GB 32100 check */
  @Property({ type: 'boolean', default: true })
  usccCheckVerified: Opt<boolean> = true;

  /** the legal representative (法定代表人), listed with the firm (B1) */
  @Property({ type: 'text', nullable: true })
  legalRepName: string | null = null;

  /** GB 11643 resident ID of the legal representative; personal data: never returned unmasked */
  @Property({ type: 'string', length: 18, nullable: true })
  legalRepIdNumber: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
