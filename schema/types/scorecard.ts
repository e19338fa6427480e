import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../scalars';

@InputType('ScorecardPeriodInput', {
  description:
    'a calendar year, or from … to (at most 366 days; to defaults to today); counted up to today at most',
})
export class ScorecardPeriodInput {
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => DateScalar, { nullable: true }) from?: string | null;
  @Field(() => DateScalar, { nullable: true }) to?: string | null;
}

@ObjectType('ScorecardEvidence', {
  description:
    'the items behind a figure: how many, and the first of their ids (at most `evidence`), each readable in your scope',
})
export class ScorecardEvidenceType {
  @Field(() => Int) totalCount!: number;
  @Field(() => [ID]) ids!: string[];
}

@ObjectType('ScorecardDuty', {
  description: 'K1: one of the eight duties (一金七制) and the projects failing it',
})
export class ScorecardDutyType {
  @Field({
    description:
      'WAGE_DEPOSIT, LABOUR_CONTRACTS, PROCESS_SETTLEMENT, REAL_NAME, SEPARATE_ACCOUNT, MONTHLY_LABOUR_COST, CONTRACTOR_PAYS_WAGES, RIGHTS_BOARD',
  })
  duty!: string;
  @Field() requirement!: string;
  @Field(() => [String], { description: 'the alert kinds by which the hub finds it failing' })
  alertKinds!: string[];
  @Field({ description: 'false: the hub cannot judge it yet; never counted as passing' }) judged!: boolean;
  @Field(() => ScorecardEvidenceType, {
    nullable: true,
    description: 'projects with an alert of these kinds open on some day of the period; null when not judged',
  })
  failing!: ScorecardEvidenceType | null;
}

@ObjectType('ScorecardK1', { description: 'K1: every project with all eight duties in force' })
export class ScorecardK1Type {
  @Field(() => Int, {
    description: 'projects in the library in the period (signed by then, not completed before it)',
  })
  projects!: number;
  @Field(() => Int, { description: 'projects failing none of the judged duties' }) passingJudged!: number;
  @Field(() => Float, { nullable: true }) shareJudgedPassing!: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'null while a duty is not judged: the hub cannot say all eight are in force',
  })
  met!: boolean | null;
  @Field(() => ScorecardEvidenceType, { description: 'projects failing at least one judged duty' })
  failing!: ScorecardEvidenceType;
  @Field(() => [ScorecardDutyType]) duties!: ScorecardDutyType[];
}

@ObjectType('ScorecardK2', { description: 'K2: every project under construction in the project library' })
export class ScorecardK2Type {
  @Field(() => Int) registered!: number;
  @Field(() => Int, { description: 'registered, with a permit, a tripartite agreement or a special account' })
  withConstructionEvidence!: number;
  @Field(() => ScorecardEvidenceType, {
    description: 'registered, no evidence of construction yet (not a failure)',
  })
  withoutEvidence!: ScorecardEvidenceType;
  @Field(() => ScorecardEvidenceType, {
    description: 'cases received in the period naming no registered project',
  })
  unregisteredCases!: ScorecardEvidenceType;
  @Field(() => ScorecardEvidenceType, {
    description: 'clues received in the period naming no registered project',
  })
  unregisteredClues!: ScorecardEvidenceType;
  @Field(() => Float, {
    nullable: true,
    description: 'withConstructionEvidence over itself plus the claims without a project',
  })
  share!: number | null;
  @Field({ description: 'no claim about a site missing from the library' }) met!: boolean;
}

@ObjectType('ScorecardK3Category')
export class ScorecardK3CategoryType {
  @Field({
    description: 'CASE_NATIONAL_PLATFORM, CASE_PROVINCIAL_SYSTEM, CASE_PUBLIC_OPINION or CLUE_PLATFORMS',
  })
  category!: string;
  @Field(() => Int) onTime!: number;
  @Field(() => Int) late!: number;
  @Field(() => Int, { description: 'open, not yet past the deadline: not counted' }) pending!: number;
  @Field(() => ScorecardEvidenceType, { description: 'case or clue ids, the earliest deadline first' })
  lateItems!: ScorecardEvidenceType;
}

@ObjectType('ScorecardK3', { description: 'K3: every case closed on time' })
export class ScorecardK3Type {
  @Field(() => Int) onTime!: number;
  @Field(() => Int) late!: number;
  @Field(() => Int) pending!: number;
  @Field(() => Float, { nullable: true }) share!: number | null;
  @Field() met!: boolean;
  @Field(() => [ScorecardK3CategoryType]) categories!: ScorecardK3CategoryType[];
}

@ObjectType('ScorecardIncidentKind')
export class ScorecardIncidentKindType {
  @Field() kind!: string;
  @Field(() => ScorecardEvidenceType) incidents!: ScorecardEvidenceType;
}

@ObjectType('ScorecardK4', {
  description: 'K4: no mass incident, extreme incident, skip-level petition or major public-opinion event',
})
export class ScorecardK4Type {
  @Field(() => Int) count!: number;
  @Field() met!: boolean;
  @Field(() => [ScorecardIncidentKindType]) kinds!: ScorecardIncidentKindType[];
}

@ObjectType('Scorecard', {
  description: '治理成效 (R22): K1–K4 for a district and a department over a period',
})
export class ScorecardType {
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar, {
    description: 'the last day counted: the period’s end, or today for a period to date',
  })
  asOf!: string;
  @Field(() => String, { nullable: true, description: 'null: every district in your scope' })
  districtCode!: string | null;
  @Field(() => String, { nullable: true, description: 'null: every department in your scope' })
  department!: string | null;
  @Field(() => ScorecardK1Type) k1!: ScorecardK1Type;
  @Field(() => ScorecardK2Type) k2!: ScorecardK2Type;
  @Field(() => ScorecardK3Type) k3!: ScorecardK3Type;
  @Field(() => ScorecardK4Type) k4!: ScorecardK4Type;
}
