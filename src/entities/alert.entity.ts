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
import { Project } from './project.entity';
import { TripartiteAgreement } from './tripartite-agreement.entity';
import { now as clockNow } from '../clock';
import { DUTY_ALERT_KINDS } from '../domain/duties/duty-rules';
import { WORKFORCE_ALERT_KINDS } from '../domain/workforce/alert-kinds';

export const ALERT_KINDS = [
  'MISSED_LABOR_COST_TRANSFER',
  'RECONCILIATION_MISMATCH',
  ...DUTY_ALERT_KINDS,
  ...WORKFORCE_ALERT_KINDS,
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATUSES = ['OPEN', 'RESOLVED', 'WITHDRAWN'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type EscalationKind = 'BANK_NOTICE_OVERDUE' | 'CONTRACTOR_REPORT_OVERDUE' | 'CORRECTION_OVERDUE';

/**
 * A finding of the deadline engine. Everything but the two chain facts (contractorNotifiedAt,
 * contractorReportedAt, recorded by the bank and the contractor) is derived from the stored facts
 * and rewritten by each sweep; the unique key makes a re-run find the same row.
 */
@Entity({ tableName: 'alert' })
@Unique({ properties: ['agreement', 'kind', 'dueDate'] })
@Index({ properties: ['project', 'status'] })
export class Alert {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'string', length: 40 })
  kind!: AlertKind;

  @Property({ type: 'string', length: 16 })
  status!: AlertStatus;

  @ManyToOne(() => Project)
  project!: Project;

  /** null for an alert about a project's own duties (deposit, guarantees: src/services/duties) */
  @ManyToOne(() => TripartiteAgreement, { nullable: true })
  agreement: TripartiteAgreement | null = null;

  @Property({ type: 'date' })
  dueDate!: string;

  @Property({ type: new BigIntType('bigint') })
  shortfallFen!: bigint;

  @Property({ type: 'date' })
  openedOn!: string;

  @Property({ type: 'date', nullable: true })
  resolvedOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  withdrawnOn: string | null = null;

  @Property({ type: 'date' })
  bankNoticeDeadline!: string;

  @Property({ type: 'datetime', nullable: true })
  contractorNotifiedAt: Date | null = null;

  /** when the hub received the bank's notice (the server's clock), beside the time the bank stated */
  @Property({ type: 'datetime', nullable: true })
  contractorNotifiedRecordedAt: Date | null = null;

  @Property({ type: 'date' })
  contractorReportDeadline!: string;

  @Property({ type: 'datetime', nullable: true })
  contractorReportedAt: Date | null = null;

  /** when the hub received the contractor's report (the server's clock), beside the stated time */
  @Property({ type: 'datetime', nullable: true })
  contractorReportedRecordedAt: Date | null = null;

  /** every escalation ever found; one the best facts no longer give carries retractedOn (alert-diff.ts) */
  @Property({ type: 'json' })
  escalations: Opt<{ kind: EscalationKind; on: string; retractedOn?: string | null }[]> = [];

  /** a duty alert's: the day the duty must be put right by; past it, CORRECTION_OVERDUE */
  @Property({ type: 'date', nullable: true })
  correctionDeadline: string | null = null;

  /** the due date or a deadline was computed provisionally, for a calendar year not loaded */
  @Property({ type: 'boolean', default: false })
  deadlinesProvisional: Opt<boolean> = false;

  /** RECONCILIATION_MISMATCH: the statement's figures and the difference (fen, as strings); duty alerts: required and held */
  @Property({ type: 'json', nullable: true })
  details: Record<string, string> | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clockNow();
}
