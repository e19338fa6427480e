import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { WageCase } from './wage-case.entity';
import { now as clockNow } from '../clock';

export const ASSESSMENT_CONCLUSIONS = ['MALICIOUS_ARREARS', 'ILLEGAL_WAGE_DEMAND', 'NOT_MALICIOUS'] as const;
export type AssessmentConclusion = (typeof ASSESSMENT_CONCLUSIONS)[number];

/**
 * A joint assessment (联合研判, M1) of a case: the agencies that took part (recipient-style keys,
 * `HRSS:210502`, `POLICE:210502`, `PROCURATORATE:210500`, …) and what they concluded. A transfer
 * to the police on the M2 or M3 ground needs one with the matching conclusion.
 */
@Entity({ tableName: 'wage_case_assessment' })
export class JointAssessment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => WageCase)
  wageCase!: WageCase;

  @Property({ type: 'date' })
  assessedOn!: string;

  @Property({ type: 'text[]' })
  participants!: string[];

  @Property({ type: 'string', length: 24 })
  conclusion!: AssessmentConclusion;

  @Property({ type: 'text' })
  note!: string;

  @Property({ type: 'string', length: 40 })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Opt<Date> = clockNow();
}

export const REFERRAL_KINDS = ['LEGAL_AID', 'UNION'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

/**
 * A referral of a case's workers to legal aid (the justice bureau's legal aid centre, `JUSTICE:`)
 * or to the trade union's labour-law supervision (`UNION:`), R11: when, to whom, and what came of it.
 */
@Entity({ tableName: 'wage_case_referral' })
export class CaseReferral {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => WageCase)
  wageCase!: WageCase;

  @Property({ type: 'string', length: 16 })
  kind!: ReferralKind;

  @Property({ type: 'date' })
  referredOn!: string;

  /** to whom: `JUSTICE:{district}` for legal aid, `UNION:{district}` for the union */
  @Property({ type: 'string', length: 40 })
  referredTo!: string;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'date', nullable: true })
  outcomeOn: string | null = null;

  @Property({ type: 'text', nullable: true })
  outcome: string | null = null;

  @Property({ type: 'string', length: 40 })
  recordedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Opt<Date> = clockNow();
}

/**
 * One version of the dynamic zero's case deadlines (R12): the working days a case has from receipt
 * when neither filed nor ordered, and from filing when not ordered, for cases whose count starts on
 * or after `effectiveFrom`. Data city HRSS sets; the defaults (10 and 60) are in dynamic-zero.ts.
 * Its own table rather than a column of clue_rules: each table's versions are whole, so setting one
 * rule never resets or carries the other.
 */
@Entity({ tableName: 'case_deadline_rules' })
export class CaseDeadlineRulesRecord {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'date', unique: true })
  effectiveFrom!: string;

  @Property({ type: 'integer' })
  unorderedWithinWorkingDays!: number;

  @Property({ type: 'integer' })
  filedWithinWorkingDays!: number;

  /** who set it: org:district:sub */
  @Property({ type: 'text' })
  setBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  setAt: Opt<Date> = clockNow();
}
