import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  PAY_CYCLES,
  PAY_METHODS,
  PRICING_METHODS,
  WAGE_UNITS,
  type ContractRow,
} from '../../src/services/workforce/contracts';
import type { ContractRecord, TeamRecord, WorkerRecord } from '../../src/services/workforce/reads';
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
  description: 'the national platform’s Team.Add: one team (班组) of a participating firm',
})
export class TeamInput {
  @Field({ description: 'USCC of the team’s employer (the general contractor or a subcontractor)' })
  corpCode!: string;
  @Field() corpName!: string;
  @Field({
    description:
      '参建单位类型: 009 general contractor, 006 labour subcontractor, 004 specialist, 005 equipment',
  })
  corpType!: string;
  @Field() teamName!: string;
  @Field(() => String, { nullable: true, description: 'the team leader (班组长)' })
  responsiblePersonName?: string | null;
}

@InputType('WorkerInput', {
  description: 'the national platform’s ProjectWorker.Add: a worker registered by real name',
})
export class WorkerInput {
  @Field({ description: 'with teamName: the team, as registered by registerTeams' }) corpCode!: string;
  @Field() teamName!: string;
  @Field() workerName!: string;
  @Field(() => String, {
    nullable: true,
    description: '01 (resident identity card; the default and only one taken)',
  })
  idCardType?: string | null;
  @Field({ description: 'GB 11643 checked; stored SM4-encrypted, never in the clear' }) idCardNumber!: string;
  @Field({ description: 'national work-type (工种) code, 010…350; 900 managers' }) workType!: string;
  @Field(() => WorkerRole) workRole!: 'WORKER' | 'MANAGER';
  @Field(() => Boolean, { nullable: true }) isTeamLeader?: boolean | null;
  @Field({ description: 'the wage card (Luhn checked); stored SM4-encrypted' })
  payRollBankCardNumber!: string;
  @Field(() => String, { nullable: true, description: 'the card’s bank code (e.g. 102 ICBC)' })
  payRollBankCode?: string | null;
  @Field() payRollBankName!: string;
}

@InputType('LabourContractInput', {
  description: 'a labour contract (劳动合同) with the terms the city names (Benxi)',
})
export class LabourContractInput implements ContractRow {
  @Field({ description: 'the sender’s own contract number: replays are recognised by it' })
  contractCode!: string;
  @Field() idCardNumber!: string;
  @Field({ description: 'the employer: the USCC of the worker’s team’s firm' }) employerUscc!: string;
  @Field({ description: 'YYYY-MM-DD' }) signedOn!: string;
  @Field({ description: 'YYYY-MM-DD' }) startsOn!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null: until the work is done' })
  endsOn?: string | null;
  @Field({ description: '工作内容' }) work!: string;
  @Field(() => PricingMethod) pricingMethod!: ContractRow['pricingMethod'];
  @Field({ description: 'wage standard (yuan, "350.00") per wageUnit; checked per row' })
  wageStandard!: string;
  @Field(() => WageUnit) wageUnit!: ContractRow['wageUnit'];
  @Field(() => Int, { description: 'day of the month wages are paid (a rest day moves it earlier, art. 14)' })
  payDay!: number;
  @Field(() => PayMethod) payMethod!: ContractRow['payMethod'];
  @Field(() => PayCycle) payCycle!: ContractRow['payCycle'];
  @Field({ description: '违约责任' }) liabilityTerms!: string;
}

@InputType('SiteEntryInput')
export class SiteEntryInput {
  @Field() idCardNumber!: string;
  @Field(() => SiteEntryDirection) direction!: 'ENTRY' | 'EXIT';
  @Field({ description: 'YYYY-MM-DD' }) on!: string;
}

@InputType('AttendancePunchInput', { description: 'the national platform’s WorkerAttendance.Add' })
export class AttendancePunchInput {
  @Field() idCardNumber!: string;
  @Field({ description: 'yyyy-MM-dd HH:mm:ss[.fff] Shanghai time, or ISO 8601 with an offset' })
  date!: string;
  @Field(() => PunchDirection) direction!: 'IN' | 'OUT';
  @Field(() => String, { nullable: true }) gate?: string | null;
}

@InputType('WorkerFilter')
export class WorkerFilter {
  @Field(() => WorkerRole, { nullable: true }) workRole?: 'WORKER' | 'MANAGER' | null;
  @Field(() => ID, { nullable: true }) teamId?: string | null;
}

@ObjectType('RejectedRow', { description: 'a row refused on its own, as bank events are (RejectedEvent)' })
export class RejectedRowType {
  @Field(() => Int, { description: 'position of the row in the batch, from 0' }) index!: number;
  @Field({
    description: 'machine-readable reason, e.g. INVALID_ID_NUMBER, NOT_REGISTERED, NO_LABOUR_CONTRACT',
  })
  code!: string;
  @Field({ description: 'what is wrong, naming the field (never echoing a number)' }) message!: string;
}

@ObjectType('WorkforceBatchResult')
export class WorkforceBatchResultType {
  @Field(() => Int, { description: 'rows stored new' }) accepted!: number;
  @Field(() => Int, { description: 'rows that corrected a stored one (same key, other content)' })
  updated!: number;
  @Field(() => Int, { description: 'replays: the same row again, nothing changed' }) unchanged!: number;
  @Field(() => [RejectedRowType]) rejected!: RejectedRowType[];
}

@ObjectType('AttendanceBatchResult')
export class AttendanceBatchResultType {
  @Field(() => Int) accepted!: number;
  @Field(() => Int, { description: 'punches already stored (replays)' }) duplicates!: number;
  @Field(() => Int, {
    description: 'workers of the project who punched without real-name registration or a labour contract',
  })
  workersWithoutContract!: number;
  @Field(() => [RejectedRowType]) rejected!: RejectedRowType[];
}

@ObjectType('WorkTeam')
export class WorkTeamType {
  @Field(() => ID) id!: string;
  @Field() corpCode!: string;
  @Field() corpName!: string;
  @Field() corpType!: string;
  @Field() teamName!: string;
  @Field(() => String, { nullable: true }) responsiblePersonName!: string | null;
  static from(t: TeamRecord): WorkTeamType {
    return Object.assign(new WorkTeamType(), t);
  }
}

@ObjectType('Worker', {
  description:
    'A worker registered by real name on a project (R4). idCardNumber and payRollBankCardNumber are masked unless the caller is HRSS or the project’s bank; every answer with one in full is audited (PERSONAL_DATA_READ).',
})
export class WorkerType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() workerName!: string;
  @Field() idCardType!: string;
  @Field() workType!: string;
  @Field(() => String, { nullable: true, description: 'the work type’s name (工种)' }) workTypeName!:
    string | null;
  @Field(() => WorkerRole) workRole!: string;
  @Field() isTeamLeader!: boolean;
  @Field(() => String, { nullable: true }) payRollBankCode!: string | null;
  @Field() payRollBankName!: string;
  @Field(() => DateTimeScalar) registeredAt!: Date;
  record!: WorkerRecord;
  static from(w: WorkerRecord): WorkerType {
    return Object.assign(new WorkerType(), {
      id: w.id,
      projectId: w.projectId,
      workerName: w.workerName,
      idCardType: w.idCardType,
      workType: w.workType,
      workTypeName: WORK_TYPES[w.workType] ?? null,
      workRole: w.workRole,
      isTeamLeader: w.isTeamLeader,
      payRollBankCode: w.bankCode,
      payRollBankName: w.bankName,
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
  @Field(() => WorkerType) worker!: WorkerType;
  @Field(() => DateScalar) appointedOn!: string;
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
