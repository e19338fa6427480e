import {
  BigIntType,
  Entity,
  Index,
  ManyToOne,
  OneToOne,
  PrimaryKey,
  Property,
  type Opt,
  type Rel,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Enterprise } from './enterprise.entity';
import { SpecialAccount } from './special-account.entity';
import { now as clockNow } from '../clock';

export const INDUSTRIES = ['HOUSING', 'TRANSPORT', 'WATER', 'BENGANG', 'OTHER'] as const;
export type Industry = (typeof INDUSTRIES)[number];

@Entity({ tableName: 'project' })
@Index({ properties: ['districtCode', 'industry'] })
export class Project {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  @Property({ type: 'string', length: 16 })
  industry!: Industry;

  @Index()
  @ManyToOne(() => Enterprise)
  owner!: Enterprise;

  @Index()
  @ManyToOne(() => Enterprise)
  contractor!: Enterprise;

  @Property({ type: new BigIntType('bigint') })
  contractPriceFen!: bigint;

  @Property({ type: 'date' })
  contractSignedOn!: string;

  @Property({ type: 'date', nullable: true })
  permitIssuedOn: string | null = null;

  /** the works' completion (竣工), as the accepting agency records it: ends "under construction" */
  @Property({ type: 'date', nullable: true })
  completedOn: string | null = null;

  /** a government-investment project (政府投资项目, R13): its funding must be arranged before it starts */
  @Property({ type: 'boolean', default: false })
  governmentInvestment: Opt<boolean> = false;

  /** the latest day the deposit and guarantee duties were swept for (never undone by an earlier sweep) */
  @Property({ type: 'date', nullable: true })
  dutiesSweptThrough: string | null = null;

  @OneToOne(() => SpecialAccount, (account) => account.project, { nullable: true })
  specialAccount: Rel<SpecialAccount> | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
