import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

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

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
