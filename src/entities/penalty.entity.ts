import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { PenaltyCode, PenaltyConsequence, PenaltyPartyKind } from '../domain/penalty-ranges';
import { Enterprise } from './enterprise.entity';
import { Project } from './project.entity';
import { now as clockNow } from '../clock';

/**
 * An administrative penalty (P1–P5, Regulation arts. 54–58): the prior order to correct and its
 * deadline, the fine and the consequence, on a unit or (P1) one responsible person of it. The
 * person's ID number is personal data: returned masked only.
 */
@Entity({ tableName: 'penalty' })
@Index({ properties: ['districtCode', 'decidedOn'] })
@Index({ properties: ['createdAt', 'id'] })
export class Penalty {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 2 })
  code!: PenaltyCode;

  @Property({ type: 'string', length: 8 })
  partyKind!: PenaltyPartyKind;

  @Index()
  @ManyToOne(() => Enterprise)
  party!: Enterprise;

  /** P5: the registered bank whose institution refused to help */
  @Property({ type: 'string', length: 32, nullable: true })
  bankCode: string | null = null;

  @Index()
  @ManyToOne(() => Project)
  project!: Project;

  /** the project's district, kept for scope */
  @Property({ type: 'string', length: 6 })
  districtCode!: string;

  @Property({ type: 'text', nullable: true })
  personName: string | null = null;

  @Property({ type: 'string', length: 18, nullable: true })
  personIdNumber: string | null = null;

  @Property({ type: new BigIntType('bigint') })
  fineFen!: bigint;

  @Property({ type: 'date' })
  correctionOrderedOn!: string;

  @Property({ type: 'date' })
  correctionDeadline!: string;

  @Property({ type: 'date' })
  decidedOn!: string;

  @Property({ type: 'string', length: 24 })
  consequence!: PenaltyConsequence;

  @Property({ type: 'text' })
  decidedBySub!: string;

  @Property({ type: 'string', length: 32 })
  decidedByOrg!: string;

  @Property({ type: 'string', length: 6 })
  decidedByDistrict!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Opt<Date> = clockNow();
}
