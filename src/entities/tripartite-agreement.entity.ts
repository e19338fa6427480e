import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './project.entity';
import { SpecialAccount } from './special-account.entity';
import { now as clockNow } from '../clock';

/** 资金管理三方协议 (owner, general contractor, bank): how much labour cost is due, and when. */
@Entity({ tableName: 'tripartite_agreement' })
export class TripartiteAgreement {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => Project)
  project!: Project;

  /** indexed: a push's credits are checked against their accounts' agreements (push-fast.ts) */
  @Index()
  @ManyToOne(() => SpecialAccount)
  account!: SpecialAccount;

  @Property({ type: new BigIntType('bigint') })
  laborCostPerCycleFen!: bigint;

  /** 1–28 so that every month has the day (Regulation art. 24: a cycle is at most one month) */
  @Property({ type: 'smallint' })
  dueDay!: number;

  @Property({ type: 'date' })
  startsOn!: string;

  @Property({ type: 'date', nullable: true })
  endsOn: string | null = null;

  /**
   * A supplementary agreement (补充协议) names the one it replaces from its own startsOn: the one
   * superseded then owes nothing for cycles nominally due from that day (services/agreements.ts).
   */
  @ManyToOne(() => TripartiteAgreement, { nullable: true, unique: true })
  supersedes: TripartiteAgreement | null = null;

  /** the latest as-of date the deadline engine has evaluated this agreement for (never goes back) */
  @Property({ type: 'date', nullable: true })
  sweptThrough: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
