import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock';

export const SUBJECT_KINDS = ['ENTERPRISE', 'PERSON'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const LISTING_GROUNDS = ['AMOUNT_THRESHOLD', 'MASS_INCIDENT'] as const;
export type ListingGround = (typeof LISTING_GROUNDS)[number];
export const ENTRY_STATUSES = ['LISTED', 'REMOVED', 'EXPIRED'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
export const REMOVAL_REASONS = ['EARLY_REMOVAL', 'CORRECTION'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/**
 * One party on the blacklist (失信联合惩戒名单) by one listing decision: the employer, and its legal
 * representative as a second entry (`legalRepOf` names the employer's entry). Every change of an
 * entry is published as a `blacklist_change` row (src/services/blacklist/changes.ts), in the same
 * transaction; nothing writes an entry without publishing.
 */
@Entity({ tableName: 'blacklist_entry' })
@Index({ properties: ['status', 'listedUntil'] })
export class BlacklistEntry {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'string', length: 16 })
  subjectKind!: SubjectKind;

  /** the listed employer (for a PERSON entry: the employer it represents) */
  @Property({ type: 'uuid' })
  enterpriseId!: string;

  /** PERSON entries: the employer's entry of the same decision */
  @Property({ type: 'uuid', nullable: true })
  legalRepOf: string | null = null;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'string', length: 18, nullable: true })
  uscc: string | null = null;

  /** PERSON entries: the full resident ID number. Only ever answered masked. */
  @Property({ type: 'string', length: 18, nullable: true })
  idNumber: string | null = null;

  @Property({ type: 'string', length: 20 })
  ground!: ListingGround;

  /** the HRSS district of the case (210500 for the city's own) */
  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  @Property({ type: 'date' })
  decidedOn!: string;

  /** the last day on the list (decision + 3 years) */
  @Property({ type: 'date' })
  listedUntil!: string;

  /** the case's listingDecisionDeadline when it was decided */
  @Property({ type: 'date', nullable: true })
  decisionDeadline: string | null = null;

  /** what the decision rests on: the amount test's finding, or the officer's note */
  @Property({ type: 'text' })
  basis!: string;

  @Property({ type: 'string', length: 16 })
  status: Opt<EntryStatus> = 'LISTED';

  /** the first day off the list: the removal's date, or for EXPIRED the day after listedUntil */
  @Property({ type: 'date', nullable: true })
  removedOn: string | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  removalReason: RemovalReason | null = null;

  @Property({ type: 'text', nullable: true })
  removalNote: string | null = null;

  /** the written credit commitment (信用承诺书) for early removal, on the employer's entry */
  @Property({ type: 'date', nullable: true })
  creditCommitmentOn: string | null = null;

  /** when the hub recorded the commitment (the server's time, beside the stated creditCommitmentOn) */
  @Property({ type: 'datetime', nullable: true })
  creditCommitmentRecordedAt: Date | null = null;

  /** when the hub recorded the removal or the expiry (the server's time, beside removedOn) */
  @Property({ type: 'datetime', nullable: true })
  removalRecordedAt: Date | null = null;

  @Property({ type: 'text' })
  decidedBy!: string;

  @Property({ type: 'text', nullable: true })
  removedBy: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => clockNow() })
  updatedAt: Opt<Date> = clockNow();
}
