import {
  Entity,
  ManyToOne,
  OneToOne,
  PrimaryKey,
  Property,
  Unique,
  type Opt,
  type Rel,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Bank } from './bank.entity';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

/** 农民工工资专用账户: one per project, identified by its bank and account number. */
@Entity({ tableName: 'special_account' })
@Unique({ properties: ['bank', 'accountNo'] })
export class SpecialAccount {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Bank)
  bank!: Bank;

  @Property({ type: 'string', length: 64 })
  accountNo!: string;

  @OneToOne(() => Project, (project) => project.specialAccount, { owner: true })
  project!: Rel<Project>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
