import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { Penalty } from '../../src/entities';
import {
  PENALTY_CODES,
  PENALTY_CONSEQUENCES,
  PENALTY_RULES,
  type PenaltyCode as PenaltyCodeValue,
  type PenaltyConsequence as PenaltyConsequenceValue,
} from '../../src/domain/penalty-ranges';
import { maskIdNumber } from '../../src/domain/identifiers';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { ConnectionType } from './connection';
import { EnterpriseType, ProjectType } from './core';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const PenaltyCode = enumOf(PENALTY_CODES);
registerEnumType(PenaltyCode, {
  name: 'PenaltyCode',
  description: 'P1–P5: the Regulation on Guaranteeing Payment of Wages to Migrant Workers, arts. 54–58',
});
export const PenaltyConsequence = enumOf(PENALTY_CONSEQUENCES);
registerEnumType(PenaltyConsequence, {
  name: 'PenaltyConsequence',
  description:
    'P1, P3, P5: NONE; P2: STOP_WORK, or (serious) RESTRICT_BIDDING / QUALIFICATION_*; P4: STOP_WORK',
});
export const PenaltyPartyKind = enumOf(['UNIT', 'PERSON'] as const);
registerEnumType(PenaltyPartyKind, { name: 'PenaltyPartyKind' });

@ObjectType('PenalizedPerson', { description: 'a responsible person fined under P1; the ID number masked' })
export class PenalizedPersonType {
  @Field() name!: string;
  @Field() maskedIdNumber!: string;
}

@ObjectType('Penalty')
export class PenaltyType {
  @Field(() => ID) id!: string;
  @Field(() => PenaltyCode) code!: string;
  @Field(() => MoneyScalar) fine!: bigint;
  @Field({ description: 'the article of the Regulation' }) article!: string;
  @Field(() => PenaltyPartyKind) partyKind!: string;
  @Field(() => EnterpriseType, { description: 'the unit fined, or the unit of the person fined' })
  party!: EnterpriseType;
  @Field(() => PenalizedPersonType, { nullable: true }) person!: PenalizedPersonType | null;
  @Field(() => String, { nullable: true, description: 'P5: the registered bank' }) bankCode!: string | null;
  @Field(() => ProjectType) project!: ProjectType;
  @Field(() => DateScalar, { description: 'the order to correct that came first' })
  correctionOrderedOn!: string;
  @Field(() => DateScalar) correctionDeadline!: string;
  @Field(() => DateScalar, { description: 'after the correction deadline' }) decidedOn!: string;
  @Field(() => PenaltyConsequence) consequence!: string;
  @Field({ description: 'P2 and P4: the project is stopped with the fine' }) stopWork!: boolean;
  @Field({ description: 'the deciding agency: org and district' }) decidedBy!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;

  static from(p: Penalty): PenaltyType {
    return Object.assign(new PenaltyType(), {
      id: p.id,
      code: p.code,
      fine: p.fineFen,
      article: PENALTY_RULES[p.code].article,
      partyKind: p.partyKind,
      party: EnterpriseType.from(p.party),
      person:
        p.personName && p.personIdNumber
          ? Object.assign(new PenalizedPersonType(), {
              name: p.personName,
              maskedIdNumber: maskIdNumber(p.personIdNumber),
            })
          : null,
      bankCode: p.bankCode,
      project: ProjectType.from(p.project),
      correctionOrderedOn: p.correctionOrderedOn,
      correctionDeadline: p.correctionDeadline,
      decidedOn: p.decidedOn,
      consequence: p.consequence,
      stopWork: PENALTY_RULES[p.code].stopsWork,
      decidedBy: `${p.decidedByOrg}:${p.decidedByDistrict}`,
      recordedAt: p.createdAt,
    });
  }
}

export const PenaltyConnection = ConnectionType(PenaltyType, 'Penalty');

@InputType()
export class PenaltyInput {
  @Field(() => PenaltyCode) code!: PenaltyCodeValue;
  @Field({
    description: 'the unit fined (for a P1 person: the unit the person answers for); registered first',
  })
  partyUscc!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => MoneyScalar, {
    description: "within the code's legal range (P1: one range for a unit, one for a person)",
  })
  fine!: bigint;
  @Field(() => DateScalar) decidedOn!: string;
  @Field(() => String, { nullable: true, description: 'P1: the responsible person fined in person' })
  personName?: string | null;
  @Field(() => String, { nullable: true, description: 'P1: GB 11643; returned masked only' })
  personIdNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'P5: the registered bank' }) bankCode?: string | null;
  @Field(() => DateScalar, { description: '责令限期改正: the order to correct, first' })
  correctionOrderedOn!: string;
  @Field(() => DateScalar) correctionDeadline!: string;
  @Field(() => PenaltyConsequence) consequence!: PenaltyConsequenceValue;
}

@InputType()
export class PenaltyFilter {
  @Field(() => PenaltyCode, { nullable: true }) code?: PenaltyCodeValue | null;
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => String, { nullable: true }) partyUscc?: string | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
}
