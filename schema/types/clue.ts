import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  CLUE_OUTCOMES,
  CLUE_SOURCES,
  type ClueOutcome as ClueOutcomeValue,
  type ClueSource as ClueSourceValue,
} from '../../src/domain/clues';
import type { ClueView } from '../../src/services/clues';
import { todayInShanghai } from '../../src/clock';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { ConnectionType } from './connection';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const ClueSource = enumOf(CLUE_SOURCES);
registerEnumType(ClueSource, {
  name: 'ClueSource',
  description:
    'NATIONAL_PLATFORM: 全国根治欠薪线索反映平台; PROVINCIAL_SYSTEM: 辽宁省欠薪预警信息系统 (the same names as CaseSource)',
});
export const ClueOutcome = enumOf(CLUE_OUTCOMES);
registerEnumType(ClueOutcome, {
  name: 'ClueOutcome',
  description:
    'VERIFIED_PAID (属实, paid) | VERIFIED_CASE_FILED (属实, a case made from the clue) | NOT_SUBSTANTIATED (不属实) | DUPLICATE | OUT_OF_JURISDICTION',
});
export const ClueStatus = { OPEN: 'OPEN', CLOSED: 'CLOSED' } as const;
registerEnumType(ClueStatus, { name: 'ClueStatus' });

@InputType('ClueInput')
export class ClueInput {
  @Field(() => ClueSource) source!: ClueSourceValue;
  @Field({ description: "the platform's own number for the clue; with source, unique" })
  sourceNumber!: string;
  @Field(() => ID, { nullable: true, description: 'the registered project, when the clue names one' })
  projectId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'required without projectId; with it, the project’s own',
  })
  districtCode?: string | null;
  @Field({
    description: 'the employer the clue names (USCC, checked; need not be registered until a case is made)',
  })
  employerUscc!: string;
  @Field(() => Int) workers!: number;
  @Field(() => MoneyScalar) amount!: bigint;
  @Field(() => DateScalar, { description: 'the day the platform handed it over' }) receivedOn!: string;
  @Field({ description: 'what the clue says (at most 2,000 characters; no ID or card numbers)' })
  summary!: string;
}

@InputType('CloseClueInput')
export class CloseClueInput {
  @Field(() => ClueOutcome) outcome!: ClueOutcomeValue;
  @Field(() => DateScalar) closedOn!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('ClueFilter')
export class ClueFilter {
  @Field(() => ClueSource, { nullable: true }) source?: ClueSourceValue | null;
  @Field(() => String, {
    nullable: true,
    description: 'the agency routed to, as a recipient key: HOUSING:210502',
  })
  agency?: string | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => ClueStatus, { nullable: true }) status?: 'OPEN' | 'CLOSED' | null;
  @Field(() => ClueOutcome, { nullable: true }) outcome?: ClueOutcomeValue | null;
  @Field(() => Boolean, { nullable: true, description: 'closed after dueOn, or open past it today' })
  late?: boolean | null;
}

@ObjectType('Clue', {
  description:
    'A clue from the national clue platform or the provincial warning system (R18, C1), under its source number, routed as a claim is; closed with an outcome by dueOn (by default 10 working days after receipt; setClueRules)',
})
export class ClueType {
  @Field(() => ID) id!: string;
  @Field(() => ClueSource) source!: ClueSourceValue;
  @Field() sourceNumber!: string;
  @Field(() => ID, { nullable: true }) projectId!: string | null;
  @Field() districtCode!: string;
  @Field({ description: 'the agency it is routed to, as a recipient key: HOUSING:210502, HRSS:210503, …' })
  routedTo!: string;
  @Field() employerUscc!: string;
  @Field(() => Int) workers!: number;
  @Field(() => MoneyScalar) claimedAmount!: bigint;
  @Field(() => DateScalar) receivedOn!: string;
  @Field() summary!: string;
  @Field(() => Int, { description: 'the working days it had, from the clue rule in force when it arrived' })
  closeWithinWorkingDays!: number;
  @Field(() => DateScalar, {
    description: 'the last day to close it: the closeWithinWorkingDays-th working day after receivedOn',
  })
  dueOn!: string;
  @Field({ description: 'dueOn needed a calendar year not loaded' }) dueOnProvisional!: boolean;
  @Field(() => ClueStatus) status!: 'OPEN' | 'CLOSED';
  @Field(() => ClueOutcome, { nullable: true }) outcome!: ClueOutcomeValue | null;
  @Field(() => DateScalar, { nullable: true }) closedOn!: string | null;
  @Field(() => String, { nullable: true }) closeNote!: string | null;
  @Field(() => String, { nullable: true, description: 'who closed it, org:district' }) closedBy!:
    string | null;
  @Field({ description: 'closed after dueOn, or still open after it (today, Asia/Shanghai)' }) late!: boolean;
  @Field(() => ID, { nullable: true, description: 'the case made from it (fileCaseFromClue)' }) caseId!:
    string | null;
  @Field(() => DateTimeScalar) recordedAt!: Date;
  // project and case: field resolvers in clue.resolver.ts

  static from(c: ClueView): ClueType {
    return Object.assign(new ClueType(), {
      ...c,
      claimedAmount: c.claimedAmountFen,
      routedTo: `${c.routedOrg}:${c.districtCode}`,
      status: c.closedOn ? 'CLOSED' : 'OPEN',
      late: c.closedOn ? c.closedOn > c.dueOn : todayInShanghai() > c.dueOn,
      recordedAt: c.createdAt,
    });
  }
}

@ObjectType('ClueReceipt', { description: 'the clue as stored, and whether this was a replay of it' })
export class ClueReceiptType {
  @Field(() => ClueType) clue!: ClueType;
  @Field({ description: 'true when the same clue had been received before: nothing new was stored' })
  replayed!: boolean;
}

@ObjectType('ClueRules', {
  description: 'one version of the clue rule, from effectiveFrom (city HRSS sets it)',
})
export class ClueRulesType {
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => Int) closeWithinWorkingDays!: number;
  @Field({ description: 'org:district:sub' }) setBy!: string;
  @Field(() => DateTimeScalar) setAt!: Date;

  static from(r: {
    effectiveFrom: string;
    closeWithinWorkingDays: number;
    setBy: string;
    setAt: Date;
  }): ClueRulesType {
    return Object.assign(new ClueRulesType(), {
      effectiveFrom: r.effectiveFrom,
      closeWithinWorkingDays: r.closeWithinWorkingDays,
      setBy: r.setBy,
      setAt: r.setAt,
    });
  }
}

@ObjectType('ClueConnection')
export class ClueConnection extends ConnectionType(ClueType, 'Clue') {}
