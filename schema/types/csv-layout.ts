import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  CSV_ENCODINGS,
  CSV_FIELDS,
  DIRECTION_CONVENTIONS,
  type CsvEncoding as CsvEncodingValue,
  type CsvField,
  type CsvLayout,
  type DirectionConvention,
} from '../../adapters/csv-statement/layout';
import { AmountUnit } from './inbound-document';

/** type-graphql wants TS enums; these objects mirror the layout's string unions one to one. */
export const CsvEncoding = Object.fromEntries(CSV_ENCODINGS.map((v) => [v, v])) as {
  [K in CsvEncodingValue]: K;
};
registerEnumType(CsvEncoding, { name: 'CsvEncoding', description: 'UTF8 | GBK | GB18030' });

export const CsvDirectionConvention = Object.fromEntries(DIRECTION_CONVENTIONS.map((v) => [v, v])) as {
  [K in DirectionConvention]: K;
};
registerEnumType(CsvDirectionConvention, {
  name: 'CsvDirectionConvention',
  description:
    'SIGNED_AMOUNT (negative = debit) | DIRECTION_COLUMN (a column with credit and debit markers) | ' +
    'SEPARATE_COLUMNS (a credit column and a debit column, one of them empty or zero)',
});

@InputType('CsvColumnInput', {
  description: 'A column by its 1-based index, or by its header name: exactly one',
})
export class CsvColumnInput {
  @Field(() => Int, { nullable: true }) index?: number | null;
  @Field(() => String, { nullable: true, description: 'matched trimmed and case-insensitively' })
  header?: string | null;
}

@InputType('CsvColumnsInput', {
  description:
    'Where each field is. bookedAt always; accountNo unless fixedAccountNo; amount (SIGNED_AMOUNT), amount and ' +
    'direction (DIRECTION_COLUMN), or creditAmount and debitAmount (SEPARATE_COLUMNS)',
})
export class CsvColumnsInput {
  @Field(() => CsvColumnInput, {
    nullable: true,
    description: "the bank's reference; without it (or where it is empty) the id is derived from the fields",
  })
  bankEventId?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) accountNo?: CsvColumnInput | null;
  @Field(() => CsvColumnInput) bookedAt!: CsvColumnInput;
  @Field(() => CsvColumnInput, { nullable: true, description: 'a separate time column (timeFormat)' })
  bookedTime?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) amount?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) direction?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) creditAmount?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) debitAmount?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, {
    nullable: true,
    description: 'a line in another currency than CNY is rejected',
  })
  currency?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, {
    nullable: true,
    description: 'running balance; only tells otherwise identical lines apart in derived ids',
  })
  balance?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) counterpartyName?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) counterpartyAccount?: CsvColumnInput | null;
  @Field(() => CsvColumnInput, { nullable: true }) memo?: CsvColumnInput | null;
}

@InputType('CsvLayoutInput', {
  description: "How to read a bank's CSV statements; see README, CSV statements",
})
export class CsvLayoutInput {
  @Field(() => CsvEncoding) encoding!: CsvEncodingValue;
  @Field({ description: 'one of "," ";" "|" or a tab character' }) delimiter!: string;
  @Field(() => Int, { defaultValue: 0, description: 'lines before the header (titles, account details)' })
  skipLines!: number;
  @Field({ description: 'the first line after skipLines names the columns' }) hasHeader!: boolean;
  @Field(() => Int, { defaultValue: 0, description: 'lines at the end that are not data (totals)' })
  skipFooterLines!: number;
  @Field(() => CsvColumnsInput) columns!: CsvColumnsInput;
  @Field(() => String, { nullable: true, description: 'the account of a single-account file' })
  fixedAccountNo?: string | null;
  @Field(() => CsvDirectionConvention) directionConvention!: DirectionConvention;
  @Field(() => [String], {
    nullable: true,
    description: 'DIRECTION_COLUMN: e.g. ["C"], ["贷"], ["2"], ["CRDT"]',
  })
  creditMarkers?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'DIRECTION_COLUMN: e.g. ["D"], ["借"], ["1"], ["DBIT"]',
  })
  debitMarkers?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description:
      'DIRECTION_COLUMN, optional: values that mark a credit taken back (冲正), e.g. ["冲"]; read as CREDIT_REVERSAL',
  })
  creditReversalMarkers?: string[] | null;
  @Field({
    description:
      'e.g. YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD HH:mm:ss (tokens YYYY MM M DD D HH H mm ss); Asia/Shanghai',
  })
  dateFormat!: string;
  @Field(() => String, { nullable: true, description: 'with columns.bookedTime; default HH:mm:ss' })
  timeFormat?: string | null;
  @Field(() => AmountUnit) amountUnit!: AmountUnit;
  @Field({ defaultValue: false, description: 'amounts may group thousands with "," (1,234.50)' })
  thousandsSeparators!: boolean;
}

@ObjectType('CsvColumn', { description: 'A column by its 1-based index or by its header name' })
export class CsvColumnType {
  @Field(() => Int, { nullable: true }) index!: number | null;
  @Field(() => String, { nullable: true }) header!: string | null;
}

@ObjectType('CsvColumns')
export class CsvColumnsType implements Record<CsvField, CsvColumnType | null> {
  @Field(() => CsvColumnType, { nullable: true }) bankEventId!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) accountNo!: CsvColumnType | null;
  @Field(() => CsvColumnType) bookedAt!: CsvColumnType;
  @Field(() => CsvColumnType, { nullable: true }) bookedTime!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) amount!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) direction!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) creditAmount!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) debitAmount!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) currency!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) balance!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) counterpartyName!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) counterpartyAccount!: CsvColumnType | null;
  @Field(() => CsvColumnType, { nullable: true }) memo!: CsvColumnType | null;
}

@ObjectType('CsvLayout', { description: "How the hub reads a bank's CSV statements (text/csv pushes)" })
export class CsvLayoutType {
  @Field(() => CsvEncoding) encoding!: CsvEncodingValue;
  @Field() delimiter!: string;
  @Field(() => Int) skipLines!: number;
  @Field() hasHeader!: boolean;
  @Field(() => Int) skipFooterLines!: number;
  @Field(() => CsvColumnsType) columns!: CsvColumnsType;
  @Field(() => String, { nullable: true }) fixedAccountNo!: string | null;
  @Field(() => CsvDirectionConvention) directionConvention!: DirectionConvention;
  @Field(() => [String]) creditMarkers!: string[];
  @Field(() => [String]) debitMarkers!: string[];
  @Field(() => [String]) creditReversalMarkers!: string[];
  @Field() dateFormat!: string;
  @Field(() => String, { nullable: true }) timeFormat!: string | null;
  @Field(() => AmountUnit) amountUnit!: AmountUnit;
  @Field() thousandsSeparators!: boolean;

  static from(layout: CsvLayout): CsvLayoutType {
    const columns = Object.fromEntries(
      CSV_FIELDS.map((f) => {
        const ref = layout.columns[f];
        return [f, ref ? { index: ref.index ?? null, header: ref.header ?? null } : null];
      }),
    );
    return Object.assign(new CsvLayoutType(), {
      ...layout,
      amountUnit: layout.amountUnit as AmountUnit,
      columns: Object.assign(new CsvColumnsType(), columns),
    });
  }
}
