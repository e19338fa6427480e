import {
  BigIntType,
  Entity,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { CaseStatus, PoliceReferralGround } from '../domain/case-states';
import { Alert } from './alert.entity';
import { Enterprise } from './enterprise.entity';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

export const CASE_SOURCES = [
  'NATIONAL_PLATFORM',
  'PROVINCIAL_SYSTEM',
  'HOTLINE',
  'PETITION',
  'PUBLIC_OPINION',
  'ALERT',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/**
 * A wage claim and what became of it (C1–C4). `status` moves only through src/domain/case-states.ts
 * and every move is a `wage_case_transition` row. Amounts are fen; the verified and paid totals are
 * kept on the case (sums of its lines and payments, written in the same transaction) so that lists
 * and the listing decision read them without aggregating.
 */
@Entity({ tableName: 'wage_case' })
@Index({ properties: ['districtCode', 'status'] })
@Index({ properties: ['createdAt', 'id'] })
export class WageCase {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 24 })
  source!: CaseSource;

  @Property({ type: 'string', length: 24 })
  status!: CaseStatus;

  @Index()
  @ManyToOne(() => Project, { nullable: true })
  project: Project | null = null;

  /** the project's district, or the one named when the claim has no registered project */
  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  /** the agency the case is routed to: HRSS or an industry authority, of `districtCode` */
  @Property({ type: 'string', length: 16 })
  routedOrg!: string;

  @Index()
  @ManyToOne(() => Enterprise)
  employer!: Enterprise;

  /** the number of workers the claim names; null for a case made from an alert */
  @Property({ type: 'integer', nullable: true })
  workers: number | null = null;

  @Property({ type: new BigIntType('bigint') })
  claimedAmountFen!: bigint;

  @Property({ type: 'date' })
  receivedOn!: string;

  @Unique()
  @ManyToOne(() => Alert, { nullable: true })
  alert: Alert | null = null;

  @ManyToOne(() => Enterprise, { nullable: true })
  debtor: Enterprise | null = null;

  @Property({ type: 'date', nullable: true })
  verifiedOn: string | null = null;

  @Property({ type: new BigIntType('bigint'), default: 0 })
  verifiedTotalFen: Opt<bigint> = 0n;

  @Property({ type: new BigIntType('bigint'), default: 0 })
  paidTotalFen: Opt<bigint> = 0n;

  @Property({ type: 'date', nullable: true })
  paidInFullOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  orderIssuedOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  orderDeadline: string | null = null;

  /** who issued the order to pay: its org and district (only an HRSS order starts the listing clock) */
  @Property({ type: 'string', length: 32, nullable: true })
  orderIssuedByOrg: string | null = null;

  @Property({ type: 'string', length: 6, nullable: true })
  orderIssuedByDistrict: string | null = null;

  /** the 20th working day after `orderDeadline` (B2), for an HRSS order; null for another agency's */
  @Index()
  @Property({ type: 'date', nullable: true })
  listingDecisionDeadline: string | null = null;

  /** `listingDecisionDeadline` was computed provisionally, for a calendar year not loaded */
  @Property({ type: 'boolean', default: false })
  deadlinesProvisional: Opt<boolean> = false;

  @Property({ type: 'date', nullable: true })
  filedOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  transferredOn: string | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  policeGround: PoliceReferralGround | null = null;

  @Property({ type: 'date', nullable: true })
  policeResultOn: string | null = null;

  @Property({ type: 'text', nullable: true })
  policeResult: string | null = null;

  @Property({ type: 'date', nullable: true })
  guidedToCourtOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  closedOn: string | null = null;

  @Property({ type: 'text', nullable: true })
  closeReason: string | null = null;

  /** 一事一议 (R20): the day the case was put to the district government (the employer cannot pay) */
  @Property({ type: 'date', nullable: true })
  escalatedToGovernmentOn: string | null = null;

  @Property({ type: 'text', nullable: true })
  governmentEscalationReason: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clockNow();
}
