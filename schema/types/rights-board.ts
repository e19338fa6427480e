import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { MinimumWageRecord, RightsChannelsRecord } from '../../src/entities';
import {
  BOARD_ITEMS,
  type MinimumWageRow,
  type RightsBoardView,
} from '../../src/domain/rights-board/board-content';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../scalars';
import { Industry } from './enums';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RightsBoardItem = enumOf(Object.keys(BOARD_ITEMS) as (keyof typeof BOARD_ITEMS)[]);
registerEnumType(RightsBoardItem, {
  name: 'RightsBoardItem',
  description: 'an item a rights-protection board shows (R7)',
});
export const PayDaySource = enumOf(['RECORDED', 'AGREEMENT'] as const);
registerEnumType(PayDaySource, {
  name: 'PayDaySource',
  description:
    'RECORDED by the contractor; AGREEMENT: the tripartite agreement’s labour-cost day, until one is recorded',
});

@ObjectType('BoardParty')
export class BoardPartyType {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) uscc!: string | null;
}

@ObjectType('BoardContact')
export class BoardContactType {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType('MinimumWage', {
  description: 'the local minimum wage (当地最低工资标准) of a district, from a date',
})
export class MinimumWageType {
  @Field() districtCode!: string;
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => MoneyScalar, { description: 'a month, yuan' }) monthly!: bigint;
  @Field(() => MoneyScalar, { nullable: true, description: 'an hour (part-time), yuan' }) hourly!:
    bigint | null;

  static from(m: MinimumWageRow | MinimumWageRecord): MinimumWageType {
    return Object.assign(new MinimumWageType(), {
      districtCode: m.districtCode,
      effectiveFrom: m.effectiveFrom,
      monthly: m.monthlyFen,
      hourly: m.hourlyFen,
    });
  }
}

@ObjectType('BoardPayDay')
export class BoardPayDayType {
  @Field(() => Int, { description: 'the day of each month' }) day!: number;
  @Field(() => PayDaySource) source!: string;
}

@ObjectType('BoardPosting')
export class BoardPostingType {
  @Field(() => DateScalar, {
    description: 'the board is due up by the end of this day (RIGHTS_BOARD_MISSING after it)',
  })
  dueBy!: string;
  @Field({ description: 'dueBy counted on a calendar year not loaded yet' }) dueByProvisional!: boolean;
  @Field(() => DateScalar, { nullable: true }) postedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the photo of the posted board' })
  photoSha256!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'when the hub was told' })
  recordedAt!: Date | null;
}

@ObjectType('RightsBoard', {
  description:
    'the rights-protection board (维权信息公示牌, R7) as assembled from the hub’s data; GET /projects/{projectId}/rights-board prints it',
})
export class RightsBoardType {
  @Field(() => ID) projectId!: string;
  @Field() projectName!: string;
  @Field() districtName!: string;
  @Field(() => BoardPartyType) owner!: BoardPartyType;
  @Field(() => BoardPartyType) contractor!: BoardPartyType;
  @Field(() => BoardContactType, { nullable: true }) projectDepartment!: BoardContactType | null;
  @Field(() => [BoardPartyType], { description: 'as the contractor recorded them' })
  subcontractors!: BoardPartyType[];
  @Field(() => BoardContactType, { nullable: true, description: '劳资专管员' })
  labourWageManager!: BoardContactType | null;
  @Field(() => MinimumWageType, {
    nullable: true,
    description: 'the district’s in force today, else the city’s',
  })
  minimumWage!: MinimumWageType | null;
  @Field(() => BoardPayDayType, { nullable: true }) payDay!: BoardPayDayType | null;
  @Field(() => BoardContactType, { description: 'the industry authority and its complaint number' })
  industryAuthority!: BoardContactType;
  @Field(() => String, { nullable: true }) labourInspectionPhone!: string | null;
  @Field(() => String, { nullable: true }) arbitration!: string | null;
  @Field(() => String, { nullable: true }) legalAid!: string | null;
  @Field(() => String, { nullable: true }) legalServiceHotline!: string | null;
  @Field(() => String, { nullable: true }) complaintUrl!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'what the printed QR code opens: complaintUrl, else tel: labour inspection',
  })
  qrTarget!: string | null;
  @Field(() => BoardPostingType) posting!: BoardPostingType;
  @Field(() => [RightsBoardItem], { description: 'items not set yet: the printed board says 未设置' })
  missing!: string[];

  static from(v: RightsBoardView): RightsBoardType {
    const contact = (c: { name: string; phone: string | null } | null) =>
      c && Object.assign(new BoardContactType(), c);
    const party = (p: { name: string; uscc: string | null }) => Object.assign(new BoardPartyType(), p);
    return Object.assign(new RightsBoardType(), {
      ...v,
      owner: party(v.owner),
      contractor: party(v.contractor),
      projectDepartment: contact(v.projectDepartment),
      subcontractors: v.subcontractors.map(party),
      labourWageManager: contact(v.labourWageManager),
      minimumWage: v.minimumWage && MinimumWageType.from(v.minimumWage),
      payDay: v.payDay && Object.assign(new BoardPayDayType(), v.payDay),
      industryAuthority: contact(v.industryAuthority)!,
      posting: Object.assign(new BoardPostingType(), v.posting),
    });
  }
}

@ObjectType('IndustryPhone')
export class IndustryPhoneType {
  @Field(() => Industry) industry!: string;
  @Field() phone!: string;
}

@ObjectType('RightsChannels', {
  description: 'a district’s complaint and legal channels (210500: the city’s, the fallback)',
})
export class RightsChannelsType {
  @Field() districtCode!: string;
  @Field(() => String, { nullable: true }) labourInspectionPhone!: string | null;
  @Field(() => [IndustryPhoneType]) industryAuthorityPhones!: IndustryPhoneType[];
  @Field(() => String, { nullable: true }) arbitration!: string | null;
  @Field(() => String, { nullable: true }) legalAid!: string | null;
  @Field(() => String, { nullable: true }) legalServiceHotline!: string | null;
  @Field(() => String, { nullable: true }) complaintUrl!: string | null;

  static from(r: RightsChannelsRecord): RightsChannelsType {
    return Object.assign(new RightsChannelsType(), {
      districtCode: r.districtCode,
      labourInspectionPhone: r.labourInspectionPhone,
      industryAuthorityPhones: Object.entries(r.industryAuthorityPhones).map(([industry, phone]) =>
        Object.assign(new IndustryPhoneType(), { industry, phone }),
      ),
      arbitration: r.arbitration,
      legalAid: r.legalAid,
      legalServiceHotline: r.legalServiceHotline,
      complaintUrl: r.complaintUrl,
    });
  }
}

@InputType()
export class IndustryPhoneInput {
  @Field(() => Industry) industry!: string;
  @Field() phone!: string;
}

@InputType({
  description: 'replaces the district’s row as a whole; what is left out falls back to the city’s',
})
export class RightsChannelsInput {
  @Field() districtCode!: string;
  @Field(() => String, { nullable: true }) labourInspectionPhone?: string | null;
  @Field(() => [IndustryPhoneInput], { nullable: true }) industryAuthorityPhones?:
    IndustryPhoneInput[] | null;
  @Field(() => String, { nullable: true, description: '劳动争议调解仲裁: where and how to apply' })
  arbitration?: string | null;
  @Field(() => String, { nullable: true, description: '法律援助: where and how to apply' }) legalAid?:
    string | null;
  @Field(() => String, { nullable: true, description: '公共法律服务热线' }) legalServiceHotline?:
    string | null;
  @Field(() => String, { nullable: true, description: 'https: page the board’s QR code opens' })
  complaintUrl?: string | null;
}

@InputType()
export class BoardSubcontractorInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) uscc?: string | null;
}

@InputType({ description: 'left out: kept as recorded; null: cleared' })
export class RightsBoardInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String, { nullable: true }) projectDepartment?: string | null;
  @Field(() => String, { nullable: true }) projectDepartmentPhone?: string | null;
  @Field(() => String, { nullable: true }) labourWageManagerName?: string | null;
  @Field(() => String, { nullable: true }) labourWageManagerPhone?: string | null;
  @Field(() => Int, { nullable: true, description: 'the day of the month wages are paid' }) payDay?:
    number | null;
  @Field(() => [BoardSubcontractorInput], { nullable: true, description: 'replaces the list' })
  subcontractors?: BoardSubcontractorInput[] | null;
}
