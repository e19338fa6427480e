import { Entity, OneToOne, Property, type Opt } from '@mikro-orm/core';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

/** The return of a project's wage deposit, step by step (src/domain/duties/deposit-return.ts). */
@Entity({ tableName: 'deposit_return' })
export class DepositReturn {
  @OneToOne(() => Project, { primary: true, owner: true, fieldName: 'project_id' })
  project!: Project;

  @Property({ type: 'date', nullable: true })
  publicityStartsOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  appliedOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  promiseSignedOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  reviewedOn: string | null = null;

  @Property({ type: 'boolean', nullable: true })
  approved: boolean | null = null;

  @Property({ type: 'text', nullable: true })
  reviewNote: string | null = null;

  @Property({ type: 'date', nullable: true })
  confirmedOn: string | null = null;

  @Property({ type: 'text' })
  updatedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clockNow();
}
