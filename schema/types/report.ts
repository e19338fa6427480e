import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ReportArchive } from '../../src/entities/report-archive.entity';
import { districtName } from '../../src/domain/reports/labels';
import { DateScalar, DateTimeScalar } from '../scalars';
import { ConnectionType } from './connection';

@ObjectType('Report', {
  description:
    'A monthly report (通报, R21) of a district (210500: the city) or of an industry department in it, as it was made: an XLSX workbook and a PDF, both in Chinese, fetched with the same bearer token at `xlsxPath` and `pdfPath`. Made by the monthly job for the previous month, or on demand by HRSS (generateReport); made again, it replaces the earlier one.',
})
export class ReportType {
  @Field(() => ID) id!: string;
  @Field({ description: "the month, 'YYYY-MM'" }) period!: string;
  @Field() districtCode!: string;
  @Field({ description: 'the district in Chinese (本溪市 for 210500)' }) districtName!: string;
  @Field(() => String, {
    nullable: true,
    description: "HOUSING, TRANSPORT, WATER or BENGANG for a department's report; null: the district's",
  })
  department!: string | null;
  @Field(() => DateScalar, { description: "the last day counted: the month's last, or the day it was made" })
  through!: string;
  @Field({ description: 'the month was not over when it was made: figures to `through`' }) toDate!: boolean;
  @Field(() => [String], { description: "the sections' titles, in order (one sheet each in the workbook)" })
  sections!: string[];
  @Field(() => DateTimeScalar) generatedAt!: Date;
  @Field({ description: "'scheduler', or the HRSS that asked for it (org:district:sub)" })
  generatedBy!: string;
  @Field({ description: 'GET it with the bearer token: the XLSX workbook' }) xlsxPath!: string;
  @Field(() => Int) xlsxBytes!: number;
  @Field(() => String, {
    nullable: true,
    description: 'GET it with the bearer token: the PDF; null: see pdfError',
  })
  pdfPath!: string | null;
  @Field(() => Int, { nullable: true }) pdfBytes!: number | null;
  @Field(() => String, { nullable: true, description: 'why there is no PDF (the Chinese font was missing)' })
  pdfError!: string | null;

  static from(r: ReportArchive): ReportType {
    return Object.assign(new ReportType(), {
      id: r.id,
      period: r.period,
      districtCode: r.districtCode,
      districtName: districtName(r.districtCode),
      department: r.department,
      through: r.through,
      toDate: r.toDate,
      sections: r.sections,
      generatedAt: r.generatedAt,
      generatedBy: r.generatedBy,
      xlsxPath: `/reports/${r.id}.xlsx`,
      xlsxBytes: r.xlsxBytes,
      pdfPath: r.pdfBytes === null ? null : `/reports/${r.id}.pdf`,
      pdfBytes: r.pdfBytes,
      pdfError: r.pdfError,
    });
  }
}

@InputType('ReportFilter')
export class ReportFilter {
  @Field(() => String, { nullable: true, description: "'YYYY-MM'" }) period?: string | null;
  @Field(() => String, { nullable: true }) districtCode?: string | null;
  @Field(() => String, { nullable: true }) department?: string | null;
}

@ObjectType('ReportConnection')
export class ReportConnection extends ConnectionType(ReportType, 'Report') {}
