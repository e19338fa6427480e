import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DateTimeScalar, MoneyScalar } from './scalars';
import { AccountEventType, Industry } from './types/enums';
import type { Industry as IndustryValue } from '../src/entities/project.entity';
import type { AccountEventType as AccountEventTypeValue } from '../src/domain/account-event';

@InputType()
export class LegalRepresentativeInput {
  @Field() name!: string;
  @Field({ description: 'resident ID number (GB 11643, check character verified); never returned unmasked' })
  idNumber!: string;
}

@InputType()
export class EnterpriseInput {
  @Field({ description: '统一社会信用代码; its GB 32100 check character is verified' }) uscc!: string;
  @Field() name!: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'city HRSS only: register a really issued code that fails the check character',
  })
  acceptFailedCheckCharacter?: boolean | null;
  @Field(() => LegalRepresentativeInput, {
    nullable: true,
    description: '法定代表人: listed with the firm when it is listed (B1)',
  })
  legalRepresentative?: LegalRepresentativeInput | null;
}

@InputType()
export class ProjectInput {
  @Field() name!: string;
  @Field({ description: "one of Benxi's six county-level GB/T 2260 codes" }) districtCode!: string;
  @Field(() => Industry) industry!: IndustryValue;
  @Field({ description: '建设单位, registered first' }) ownerUscc!: string;
  @Field({ description: '施工总承包单位, registered first' }) contractorUscc!: string;
  @Field(() => MoneyScalar) contractPrice!: bigint;
  @Field(() => DateScalar) contractSignedOn!: string;
  @Field(() => DateScalar, { nullable: true, description: 'null where no permit is required' })
  permitIssuedOn?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'a government-investment project (政府投资项目, R13); default false',
  })
  governmentInvestment?: boolean | null;
}

@InputType()
export class BankInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field({ description: 'whsec_ + base64 of 24–64 random bytes; never returned' }) webhookSecret!: string;
}

@InputType()
export class TripartiteAgreementInput {
  @Field(() => ID) projectId!: string;
  @Field() bankCode!: string;
  @Field({ description: "the project's special account (农民工工资专用账户)" }) accountNo!: string;
  @Field(() => MoneyScalar, { description: 'labour cost due each month' }) laborCostPerCycle!: bigint;
  @Field(() => Int, { description: "1–28: each month's labour cost is due by this day" }) dueDay!: number;
  @Field(() => DateScalar, { description: 'the first cycle is the first due date on or after startsOn' })
  startsOn!: string;
  @Field(() => DateScalar, { nullable: true }) endsOn?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "a supplementary agreement (补充协议): the agreement it replaces, on the same special account and starting before it; that one owes nothing for cycles due on or after this one's startsOn",
  })
  supersedes?: string | null;
}

@InputType()
export class AccountEventInput {
  @Field({ description: 'unique per bank: a replay is a duplicate, never counted twice' })
  bankEventId!: string;
  @Field() accountNo!: string;
  @Field(() => AccountEventType) type!: AccountEventTypeValue;
  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'required and > 0 for CREDIT, CREDIT_REVERSAL (the amount taken back) and DEBIT',
  })
  amount?: bigint | null;
  @Field(() => DateTimeScalar) bookedAt!: Date;
  @Field(() => String, { nullable: true }) counterpartyName?: string | null;
  @Field(() => String, { nullable: true }) counterpartyAccount?: string | null;
  @Field(() => String, { nullable: true }) memo?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'CREDIT_REVERSAL only: the bankEventId of the credit it takes back, stored for this account',
  })
  reverses?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'FREEZE_ATTEMPT only: the court whose freeze or deduction order it is, when the bank gives it (R10)',
  })
  court?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'FREEZE_ATTEMPT only: the order’s number, when the bank gives it; `amount` is then the amount sought',
  })
  orderNo?: string | null;
}

@InputType()
export class ProjectFilter {
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => Industry, { nullable: true }) industry?: IndustryValue | null;
  @Field(() => String, { nullable: true }) contractorUscc?: string | null;
  @Field(() => String, { nullable: true }) nameContains?: string | null;
}
