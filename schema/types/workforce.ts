import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  PAY_CYCLES,
  PAY_METHODS,
  PRICING_METHODS,
  WAGE_UNITS,
  type ContractRow,
} from '../../src/services/workforce/contracts';
import type {
  ContractRecord,
  LabourWageManagerRecord,
  TeamRecord,
  WorkerRecord,
} from '../../src/services/workforce/reads';
import type { BatchResult } from '../../src/services/workforce/registration';
import type { WorkforceProject } from '../../src/services/workforce/access';
import { RejectedEventType } from './ingest';
import type { AttendanceRule } from '../../src/domain/workforce/valid-day';
import { WORK_TYPES } from '../../src/domain/workforce/work-types';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { ConnectionType } from './connection';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const WorkerRole = enumOf(['WORKER', 'MANAGER'] as const);
registerEnumType(WorkerRole, {
  name: 'WorkerRole',
  description: 'WORKER (建筑工人, the national platform’s workRole 20) | MANAGER (管理人员, 10)',
});
export const PunchDirection = enumOf(['IN', 'OUT'] as const);
registerEnumType(PunchDirection, {
  name: 'PunchDirection',
  description: 'IN (the platform’s 01) | OUT (02)',
});
export const SiteEntryDirection = enumOf(['ENTRY', 'EXIT'] as const);
registerEnumType(SiteEntryDirection, {
  name: 'SiteEntryDirection',
  description: 'ENTRY (进场) | EXIT (退场)',
});
export const PricingMethod = enumOf(PRICING_METHODS);
registerEnumType(PricingMethod, {
  name: 'PricingMethod',
  description: 'TIME (计时) | PIECE (计件) | TASK (按工作量/定额)',
});
export const WageUnit = enumOf(WAGE_UNITS);
registerEnumType(WageUnit, { name: 'WageUnit', description: 'what the wage standard is per' });
export const PayMethod = enumOf(PAY_METHODS);
registerEnumType(PayMethod, {
  name: 'PayMethod',
  description: 'BANK_CARD: to the worker’s own card from the special account (the only lawful way, art. 31)',
});
export const PayCycle = enumOf(PAY_CYCLES);
registerEnumType(PayCycle, { name: 'PayCycle', description: 'at least monthly (arts. 11–12)' });

@InputType('TeamInput', {
  description:
    'a team (班组): the national platform’s Team.Add (teamName, corpCode, responsiblePersonName/IDCardNumber)',
})
export class TeamInput {
  @Field(() => ID) projectId!: string;
  @Field({ description: 'teamName' }) name!: string;
  @Field({ description: 'USCC of the team’s employer: the general contractor or a subcontractor (corpCode)' })
  employerUscc!: string;
  @Field(() => String, { nullable: true, description: 'the team leader (班组长; responsiblePersonName)' })
  leaderName?: string | null;
  @Field(() => String, { nullable: true, description: 'GB 11643 checked; stored encrypted' })
  leaderIdNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'corpName' }) employerName?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      '参建单位类型 (corpType): 009 general contractor (the default for its own teams), 006 labour subcontractor (the default otherwise), 004 specialist, 005 equipment',
  })
  corpType?: string | null;
}

@InputType('WorkerInput', {
  description:
    'a worker registered by real name: the national platform’s ProjectWorker.Add (see README for the field map)',
})
export class WorkerInput {
  @Field({ description: 'workerName' }) name!: string;
  @Field({ description: 'idCardNumber: GB 11643 checked; stored SM4-encrypted, never in the clear' })
  idNumber!: string;
  @Field(() => ID, { description: 'a team of the project (registerTeam)' }) teamId!: string;
  @Field({ description: 'national work-type (工种) code, 010…350; 900 managers' }) workType!: string;
  @Field(() => WorkerRole, { description: 'workRole' }) role!: 'WORKER' | 'MANAGER';
  @Field({ description: 'payRollBankCardNumber: Luhn checked; stored SM4-encrypted' }) bankCardNo!: string;
  @Field({ description: 'payRollBankName' }) bankName!: string;
  @Field(() => String, { nullable: true, description: 'cellPhone; stored SM4-encrypted' }) phone?:
    string | null;
  @Field(() => String, { nullable: true, description: 'payRollBankCode (e.g. 102 ICBC)' }) bankCode?:
    string | null;
  @Field(() => Boolean, { nullable: true, description: 'isTeamLeader' }) isTeamLeader?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'idCardType: 01 (resident identity card), the only one taken',
  })
  idCardType?: string | null;
}

@InputType('LabourContractInput', {
  description: 'a labour contract (劳动合同) with the terms the city names (Benxi)',
})
export class LabourContractInput implements ContractRow {
  @Field() workerIdNumber!: string;
  @Field({ description: 'the employer: the USCC of the worker’s team’s firm' }) employerUscc!: string;
  @Field(() => DateScalar) signedOn!: string;
  @Field(() => DateScalar) startsOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'null: until the work is done' }) endsOn?:
    string | null;
  @Field(() => MoneyScalar, { description: 'per wageUnit' }) wageStandard!: bigint;
  @Field(() => PricingMethod, { description: 'the pricing method (计价方式)' })
  pricing!: ContractRow['pricing'];
  @Field(() => Int, { description: 'day of the month wages are paid (a rest day moves it earlier, art. 14)' })
  payDay!: number;
  @Field(() => PayMethod) payMethod!: ContractRow['payMethod'];
  @Field(() => PayCycle) payCycle!: ContractRow['payCycle'];
  @Field(() => String, {
    nullable: true,
    description:
      'the sender’s own contract number; replays are known by it (else by worker, employer and signedOn)',
  })
  contractCode?: string | null;
  @Field(() => String, { nullable: true, description: '工作内容 (the city names it)' }) work?: string | null;
  @Field(() => String, { nullable: true, description: '违约责任 (the city names it)' }) liabilityTerms?:
    string | null;
  @Field(() => WageUnit, { nullable: true, description: 'what wageStandard is per; DAY when not given' })
  wageUnit?: ContractRow['wageUnit'];
}

@InputType('SiteEntryInput')
export class SiteEntryInput {
  @Field() workerIdNumber!: string;
  @Field(() => DateScalar) on!: string;
  @Field(() => SiteEntryDirection) direction!: 'ENTRY' | 'EXIT';
}

@InputType('PunchInput', {
  description:
    'a gate punch: the national platform’s WorkerAttendance.Add (idCardNumber, date, direction 01/02, gate)',
})
export class PunchInput {
  @Field() workerIdNumber!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => PunchDirection) direction!: 'IN' | 'OUT';
  @Field(() => String, { nullable: true }) gate?: string | null;
}

@InputType('WorkerFilter')
export class WorkerFilter {
  @Field(() => WorkerRole, { nullable: true }) role?: 'WORKER' | 'MANAGER' | null;
  @Field(() => ID, { nullable: true }) teamId?: string | null;
}

@ObjectType('BatchResult', {
  description:
    'what a workforce batch did: each row checked on its own, the refused ones in rejected (RejectedEvent’s shape: index, code, message naming the field)',
})
export class BatchResultType {
  @Field(() => Int, { description: 'rows stored new' }) accepted!: number;
  @Field(() => Int, { description: 'replays: the same row again, nothing changed' }) duplicates!: number;
  @Field(() => Int, { description: 'rows that corrected a stored one (same key, other content)' })
  updated!: number;
  @Field(() => [RejectedEventType]) rejected!: RejectedEventType[];
  @Field(() => Int, {
    nullable: true,
    description:
      'recordAttendance: workers of the project who punched without real-name registration or a labour contract',
  })
  workersWithoutContract!: number | null;
  static from(r: BatchResult): BatchResultType {
    return Object.assign(new BatchResultType(), { workersWithoutContract: null, ...r });
  }
}

@ObjectType('Team', { description: 'a team (班组) of the general contractor or a subcontractor' })
export class WorkTeamType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() name!: string;
  @Field() employerUscc!: string;
  @Field(() => String, { nullable: true }) employerName!: string | null;
  @Field() corpType!: string;
  @Field(() => String, { nullable: true }) leaderName!: string | null;
  @Field(() => String, { nullable: true, description: 'masked, always' }) leaderIdNumber!: string | null;
  static from(t: TeamRecord): WorkTeamType {
    return Object.assign(new WorkTeamType(), { ...t, leaderIdNumber: t.leaderIdNumberMasked });
  }
}

@ObjectType('Worker', {
  description:
    'A worker registered by real name on a project (R4). idNumber, bankCardNo and phone are masked unless the caller is HRSS or the project’s bank; every answer with one in full is audited (PERSONAL_DATA_READ).',
})
export class WorkerType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() name!: string;
  @Field() idCardType!: string;
  @Field() workType!: string;
  @Field(() => String, { nullable: true, description: 'the work type’s name (工种)' }) workTypeName!:
    string | null;
  @Field(() => WorkerRole) role!: string;
  @Field() isTeamLeader!: boolean;
  @Field(() => String, { nullable: true }) bankCode!: string | null;
  @Field() bankName!: string;
  @Field(() => DateTimeScalar) registeredAt!: Date;
  record!: WorkerRecord;
  static from(w: WorkerRecord): WorkerType {
    return Object.assign(new WorkerType(), {
      id: w.id,
      projectId: w.projectId,
      name: w.workerName,
      idCardType: w.idCardType,
      workType: w.workType,
      workTypeName: WORK_TYPES[w.workType] ?? null,
      role: w.workRole,
      isTeamLeader: w.isTeamLeader,
      bankCode: w.bankCode,
      bankName: w.bankName,
      registeredAt: new Date(w.registeredAt),
      record: w,
    });
  }
}

@ObjectType('WorkerConnection')
export class WorkerConnection extends ConnectionType(WorkerType, 'Worker') {}

@ObjectType('LabourContract')
export class LabourContractType {
  @Field(() => ID) id!: string;
  @Field() contractCode!: string;
  @Field() employerUscc!: string;
  @Field(() => DateScalar) signedOn!: string;
  @Field(() => DateScalar) startsOn!: string;
  @Field(() => DateScalar, { nullable: true }) endsOn!: string | null;
  @Field() work!: string;
  @Field(() => PricingMethod) pricingMethod!: string;
  @Field(() => MoneyScalar) wageStandard!: bigint;
  @Field(() => WageUnit) wageUnit!: string;
  @Field(() => Int) payDay!: number;
  @Field(() => PayMethod) payMethod!: string;
  @Field(() => PayCycle) payCycle!: string;
  @Field() liabilityTerms!: string;
  static from(c: ContractRecord): LabourContractType {
    return Object.assign(new LabourContractType(), { ...c, wageStandard: c.wageStandardFen });
  }
}

@ObjectType('LabourWageManager', { description: '劳资专管员: named by the general contractor (art. 28)' })
export class LabourWageManagerType {
  @Field() name!: string;
  @Field(() => DateScalar, { description: 'the day this person was first named' }) appointedOn!: string;
  @Field(() => WorkerType, { nullable: true, description: 'the registered worker of that ID number, if any' })
  worker!: WorkerType | null;
  record!: LabourWageManagerRecord;
  project!: WorkforceProject;
}

@ObjectType('ManagersAttendance', {
  description: 'managers’ share of days present in a month (RULES.md: at least 80 %, configurable)',
})
export class ManagersAttendanceType {
  @Field() month!: string;
  @Field(() => Int, { description: 'working days of the month through today (the calendar’s)' })
  requiredDays!: number;
  @Field(() => Int) managers!: number;
  @Field(() => Int, { description: 'valid days of all managers together' }) managerDaysPresent!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'basis points (8000 = 80 %); null: no manager or no day yet',
  })
  shareBp!: number | null;
  @Field(() => Int) minimumShareBp!: number;
  @Field(() => Boolean, { nullable: true }) belowMinimum!: boolean | null;
}

@ObjectType('AttendanceRules', { description: 'the valid-day rule as data (one version per effective date)' })
export class AttendanceRulesType implements AttendanceRule {
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => Int) minPunches!: number;
  @Field({ description: 'Shanghai wall clock, inclusive' }) morningFrom!: string;
  @Field() morningTo!: string;
  @Field() afternoonFrom!: string;
  @Field() afternoonTo!: string;
  @Field(() => Int, { description: 'at least this long between first and last punch' })
  minSpanMinutes!: number;
  @Field(() => Int) managerShareBp!: number;
}

@InputType('AttendanceRulesInput')
export class AttendanceRulesInput implements AttendanceRule {
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => Int) minPunches!: number;
  @Field({ description: 'HH:MM or HH:MM:SS, Shanghai, inclusive' }) morningFrom!: string;
  @Field() morningTo!: string;
  @Field() afternoonFrom!: string;
  @Field() afternoonTo!: string;
  @Field(() => Int) minSpanMinutes!: number;
  @Field(() => Int, { description: 'basis points, 8000 = 80 %' }) managerShareBp!: number;
}
