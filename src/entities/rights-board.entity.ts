import { BigIntType, Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { now as clockNow } from '../clock';

export interface SubcontractorOnBoard {
  name: string;
  uscc: string | null;
}

/**
 * What the general contractor records for a project's rights-protection board (R7) and that it was
 * posted. Everything else on the board is the hub's own data (src/services/rights-board/reads.ts).
 */
@Entity({ tableName: 'rights_board' })
export class RightsBoardRecord {
  @PrimaryKey({ type: 'uuid' })
  projectId!: string;

  @Property({ type: 'text', nullable: true })
  projectDepartment: string | null = null;

  @Property({ type: 'text', nullable: true })
  projectDepartmentPhone: string | null = null;

  /** 劳资专管员: recorded here until the hub models the site's workforce */
  @Property({ type: 'text', nullable: true })
  labourWageManagerName: string | null = null;

  @Property({ type: 'text', nullable: true })
  labourWageManagerPhone: string | null = null;

  /** the day of the month wages are paid; null: the agreement's labour-cost day is shown */
  @Property({ type: 'smallint', nullable: true })
  payDay: number | null = null;

  @Property({ type: 'json', default: '[]' })
  subcontractors: Opt<SubcontractorOnBoard[]> = [];

  @Property({ type: 'date', nullable: true })
  postedOn: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  photoSha256: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  postedRecordedAt: Date | null = null;

  @Property({ type: 'text' })
  updatedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clockNow();
}

/** A district's complaint and legal channels (210500: the city's, which a district falls back to). */
@Entity({ tableName: 'rights_channels' })
export class RightsChannelsRecord {
  @PrimaryKey({ type: 'string', length: 6 })
  districtCode!: string;

  @Property({ type: 'text', nullable: true })
  labourInspectionPhone: string | null = null;

  /** industry (HOUSING, TRANSPORT, WATER, BENGANG) → the authority's complaint number */
  @Property({ type: 'json', default: '{}' })
  industryAuthorityPhones: Opt<Record<string, string>> = {};

  @Property({ type: 'text', nullable: true })
  arbitration: string | null = null;

  @Property({ type: 'text', nullable: true })
  legalAid: string | null = null;

  @Property({ type: 'text', nullable: true })
  legalServiceHotline: string | null = null;

  /** what the board's QR code opens (an https: page of the complaint platform) */
  @Property({ type: 'text', nullable: true })
  complaintUrl: string | null = null;

  @Property({ type: 'text' })
  setBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  setAt: Opt<Date> = clockNow();
}

/** The local minimum wage (当地最低工资标准) of a district, from its effective date. */
@Entity({ tableName: 'minimum_wage' })
@Unique({ properties: ['districtCode', 'effectiveFrom'] })
export class MinimumWageRecord {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: new BigIntType('bigint') })
  monthlyFen!: bigint;

  @Property({ type: new BigIntType('bigint'), nullable: true })
  hourlyFen: bigint | null = null;

  @Property({ type: 'text' })
  setBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  setAt: Opt<Date> = clockNow();
}

/** The one row of the board's setting: working days after the base date by which it is posted. */
@Entity({ tableName: 'rights_board_rules' })
export class RightsBoardRulesRecord {
  @PrimaryKey({ type: 'smallint' })
  id: Opt<number> = 1;

  @Property({ type: 'integer' })
  postingWorkingDays!: number;

  @Property({ type: 'text' })
  setBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  setAt: Opt<Date> = clockNow();
}

export const RIGHTS_BOARD_ENTITIES = [
  RightsBoardRecord,
  RightsChannelsRecord,
  MinimumWageRecord,
  RightsBoardRulesRecord,
];
