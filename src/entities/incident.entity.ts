import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

export const INCIDENT_KINDS = [
  'MASS_INCIDENT',
  'EXTREME_INCIDENT',
  'SKIP_LEVEL_PETITION',
  'MAJOR_PUBLIC_OPINION',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * A wage-arrears incident (R20): a mass or extreme incident, a skip-level petition or a major
 * public-opinion event. Each one counts against its district's K4 for the year it occurred in,
 * and its report notified the district's government, HRSS, industry authorities and police in the
 * same transaction. The note is free text for officers: no personal data is sent with a notice.
 */
@Entity({ tableName: 'incident' })
@Index({ properties: ['occurredAt', 'id'] })
@Index({ properties: ['districtCode', 'occurredAt'] })
export class Incident {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 24 })
  kind!: IncidentKind;

  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  @Index()
  @ManyToOne(() => Project, { nullable: true })
  project: Project | null = null;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  /** workers involved, as the reporting officer counted them */
  @Property({ type: 'integer', nullable: true })
  workers: number | null = null;

  @Property({ type: 'text' })
  note!: string;

  /** the reporting agency: org and district (the token's subject is in the audit log) */
  @Property({ type: 'string', length: 40 })
  reportedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
