import {
  BigIntType,
  Entity,
  Index,
  ManyToOne,
  OneToOne,
  PrimaryKey,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { ClueOutcome, ClueSource } from '../domain/clues';
import { Project } from './project.entity';
import { WageCase } from './wage-case.entity';
import { now as clockNow } from '../clock';

/**
 * A clue from the national clue platform or the provincial warning system (R18, C1), under the
 * platform's own number: one row per (source, number), so a replayed clue is the same record.
 * `fingerprint` is the SHA-256 of what the platform sent (normalised), which tells a replay from a
 * different clue under a number already used. Routed as a claim is (src/services/cases/routing.ts);
 * `dueOn` is fixed on arrival; closing records the outcome and whether it was late.
 */
@Entity({ tableName: 'wage_clue' })
@Unique({ properties: ['source', 'sourceNumber'] })
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['districtCode', 'routedOrg'] })
export class WageClue {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 24 })
  source!: ClueSource;

  @Property({ type: 'string', length: 64 })
  sourceNumber!: string;

  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  @Index()
  @ManyToOne(() => Project, { nullable: true })
  project: Project | null = null;

  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  @Property({ type: 'string', length: 16 })
  routedOrg!: string;

  /** the employer as the platform names it: checked, not necessarily registered in the hub */
  @Property({ type: 'string', length: 18 })
  employerUscc!: string;

  @Property({ type: 'integer' })
  workers!: number;

  @Property({ type: new BigIntType('bigint') })
  claimedAmountFen!: bigint;

  @Property({ type: 'date' })
  receivedOn!: string;

  @Property({ type: 'text' })
  summary!: string;

  @Property({ type: 'integer' })
  closeWithinWorkingDays!: number;

  @Property({ type: 'date' })
  dueOn!: string;

  @Property({ type: 'boolean', default: false })
  dueOnProvisional: Opt<boolean> = false;

  @Property({ type: 'string', length: 24, nullable: true })
  outcome: ClueOutcome | null = null;

  @Property({ type: 'date', nullable: true })
  closedOn: string | null = null;

  @Property({ type: 'text', nullable: true })
  closeNote: string | null = null;

  /** who closed it, org:district */
  @Property({ type: 'string', length: 40, nullable: true })
  closedBy: string | null = null;

  /** the case made from the clue (fileCaseFromClue), at most one */
  @OneToOne(() => WageCase, { nullable: true, owner: true, unique: true })
  wageCase: WageCase | null = null;

  @Property({ type: 'string', length: 40 })
  receivedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}

/**
 * One version of the clue rule: the working days a clue received on or after `effectiveFrom` has
 * to be closed (RULES.md fixes none; the default is CLUE_CLOSE_WORKING_DAYS). Data city HRSS sets.
 */
@Entity({ tableName: 'clue_rules' })
export class ClueRulesRecord {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'date', unique: true })
  effectiveFrom!: string;

  @Property({ type: 'integer' })
  closeWithinWorkingDays!: number;

  /** who set it: org:district:sub */
  @Property({ type: 'text' })
  setBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  setAt: Opt<Date> = clockNow();
}
