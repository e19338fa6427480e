/**
 * Producing, archiving, listing and handing out the monthly reports (R21). A report is made for a
 * scope (a district, 210500 for the city, and optionally an industry department) and a month, by
 * the monthly job for every scope or on demand by HRSS; its two files are stored in the database
 * (table `report`) in the statement that records it. Who may read one: whoever sees that scope's
 * projects as an agency — a district's agencies its district's reports, an industry department
 * only its own department's, city-level agencies all; banks, contractors and the credit platform
 * none.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { INDUSTRY_ORGS, isIndustryOrg, type Caller, type IndustryOrg } from '../../auth/caller';
import { todayInShanghai, now as clockNow } from '../../clock';
import { sql } from '../../db/sql';
import { BENXI_DISTRICTS, CITY_DISTRICT, isBenxiScopeCode } from '../../domain/districts';
import { badInput, forbidden } from '../../domain/errors';
import { AUTHORITY_LABELS, districtName } from '../../domain/reports/labels';
import { reportPeriod, type ReportPeriod } from '../../domain/reports/period';
import { isUuid } from '../../domain/uuid';
import { ReportArchive } from '../../entities/report-archive.entity';
import type { ServiceContext } from '../context';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from '../pagination';
import { reportFont } from './font';
import { reportPdf, ReportFontMissing, type ReportHeading } from './render-pdf';
import { reportXlsx } from './render-xlsx';
import type { ReportScope } from './section';
import { buildSections, REPORT_SECTIONS } from './sections';

/** Every scope the monthly job reports on: the city and each district, for HRSS and each department. */
export function allReportScopes(): ReportScope[] {
  const scopes: ReportScope[] = [];
  for (const districtCode of [CITY_DISTRICT, ...Object.keys(BENXI_DISTRICTS)])
    for (const department of [null, ...INDUSTRY_ORGS]) scopes.push({ districtCode, department });
  return scopes;
}

export const scopeName = (scope: ReportScope): string =>
  scope.department
    ? `${districtName(scope.districtCode)}${AUTHORITY_LABELS[scope.department]}`
    : districtName(scope.districtCode);

function headingOf(scope: ReportScope, period: ReportPeriod, generatedAt: Date): ReportHeading {
  const [y, m] = period.month.split('-');
  const shanghai = new Date(generatedAt.getTime() + 8 * 3_600_000).toISOString();
  return {
    title: `${scopeName(scope)}保障农民工工资支付工作${y}年${Number(m)}月通报`,
    scopeName: scopeName(scope),
    periodText: `${period.from} 至 ${period.through}${period.toDate ? '（本月截至当日）' : ''}`,
    generatedAt,
    generatedAtText: `${shanghai.slice(0, 10)} ${shanghai.slice(11, 16)}（北京时间）`,
  };
}

/**
 * Makes the scope's report for the month and stores it, replacing an earlier one of the same
 * scope and month. A missing Chinese font leaves the workbook stored and the PDF absent with the
 * reason (pdfError), which the download route answers with; it never stores a PDF without its text.
 */
export async function produceReport(
  em: EntityManager,
  scope: ReportScope,
  month: string,
  generatedBy: string,
): Promise<ReportArchive> {
  const period = reportPeriod(month, todayInShanghai());
  const tables = await buildSections(em, scope, period, REPORT_SECTIONS);
  const generatedAt = clockNow();
  const heading = headingOf(scope, period, generatedAt);
  const xlsx = await reportXlsx(heading, tables);
  let pdf: Buffer | null = null;
  let pdfError: string | null = null;
  try {
    pdf = await reportPdf(heading, tables, reportFont());
  } catch (err) {
    if (!(err instanceof ReportFontMissing)) throw err;
    pdfError = err.message;
  }
  const [row] = await sql<{ id: string }>(
    em,
    `insert into report (id, period, district_code, department, through, to_date, sections, generated_at, generated_by,
       xlsx, xlsx_bytes, pdf, pdf_bytes, pdf_error)
     values (gen_random_uuid(), ?, ?, ?, ?::date, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
     on conflict (period, district_code, (coalesce(department, ''))) do update set through = excluded.through,
       to_date = excluded.to_date, sections = excluded.sections, generated_at = excluded.generated_at,
       generated_by = excluded.generated_by, xlsx = excluded.xlsx, xlsx_bytes = excluded.xlsx_bytes,
       pdf = excluded.pdf, pdf_bytes = excluded.pdf_bytes, pdf_error = excluded.pdf_error
     returning id`,
    [
      period.month,
      scope.districtCode,
      scope.department,
      period.through,
      period.toDate,
      JSON.stringify(tables.map((t) => t.title)),
      generatedAt,
      generatedBy,
      xlsx,
      xlsx.length,
      pdf,
      pdf?.length ?? null,
      pdfError,
    ],
  );
  return em.findOneOrFail(ReportArchive, row.id, { refresh: true });
}

/** The monthly job's work: every scope's report for the month, each stored as it is made. */
export async function produceMonthlyReports(em: EntityManager, month: string): Promise<number> {
  let made = 0;
  for (const scope of allReportScopes()) {
    await produceReport(em.fork(), scope, month, 'scheduler');
    made += 1;
  }
  return made;
}

/** generateReport: HRSS, for its own district (city HRSS: any, and the city's). */
export async function generateReportFor(
  ctx: ServiceContext,
  month: string,
  districtInput: string | null | undefined,
  departmentInput: string | null | undefined,
): Promise<ReportArchive> {
  const { caller } = ctx;
  if (caller.org !== 'HRSS') throw forbidden('only HRSS generates reports');
  const districtCode = (districtInput ?? caller.district).trim();
  if (!isBenxiScopeCode(districtCode))
    throw badInput('districtCode', 'is not a Benxi district code (210500: the city)');
  if (caller.district !== CITY_DISTRICT && caller.district !== districtCode) {
    throw forbidden(`districtCode: a ${caller.district} HRSS generates only its own district's reports`);
  }
  let department: IndustryOrg | null = null;
  if (departmentInput) {
    if (!(INDUSTRY_ORGS as readonly string[]).includes(departmentInput))
      throw badInput('department', `must be one of ${INDUSTRY_ORGS.join(', ')}`);
    department = departmentInput as IndustryOrg;
  }
  reportPeriod(month, todayInShanghai(), 'period'); // refuses a bad month before any work
  return produceReport(
    ctx.em,
    { districtCode, department },
    month,
    `${caller.org}:${caller.district}:${caller.sub}`,
  );
}

/** The reports a caller may read, as a condition; null: none. */
export function reportScope(caller: Caller): FilterQuery<ReportArchive> | null {
  if (caller.org === 'BANK' || caller.org === 'CONTRACTOR' || caller.org === 'CREDIT_PLATFORM') return null;
  const where: Record<string, unknown> = {};
  if (caller.district !== CITY_DISTRICT) where.districtCode = caller.district;
  if (isIndustryOrg(caller.org)) where.department = caller.org;
  return where as FilterQuery<ReportArchive>;
}

export interface ReportFilter {
  period?: string | null;
  districtCode?: string | null;
  department?: string | null;
}

/** The latest made first. */
export async function listReports(
  ctx: ServiceContext,
  filter: ReportFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<ReportArchive>> {
  const limit = pageSize(first);
  const cursorOf = (r: ReportArchive) => encodeCursor([r.generatedAt.toISOString(), r.id]);
  const key = decodeInstantIdCursor(after);
  const scope = reportScope(ctx.caller);
  if (!scope) return { nodes: [], cursorOf, totalCount: 0, hasNextPage: false };
  const f: Record<string, unknown> = {};
  if (filter?.period) f.period = filter.period;
  if (filter?.districtCode) f.districtCode = filter.districtCode;
  if (filter?.department) f.department = filter.department;
  const where: FilterQuery<ReportArchive> = { $and: [scope, f as FilterQuery<ReportArchive>] };
  const keyset: FilterQuery<ReportArchive> = key
    ? { $or: [{ generatedAt: { $lt: key[0] } }, { generatedAt: key[0], id: { $lt: key[1] } }] }
    : {};
  const nodes = await ctx.em.find(
    ReportArchive,
    { $and: [where, keyset] },
    { orderBy: { generatedAt: 'desc', id: 'desc' }, limit: limit + 1 },
  );
  const totalCount = await ctx.em.count(ReportArchive, where);
  return { nodes: nodes.slice(0, limit), cursorOf, totalCount, hasNextPage: nodes.length > limit };
}

export type ReportFormat = 'xlsx' | 'pdf';

export interface ReportFile {
  bytes: Buffer | null;
  /** why there are no bytes (a PDF made without its font) */
  missingBecause: string | null;
  fileName: string;
}

/** One report's file, if the caller may read the report; null otherwise (absent or out of scope alike). */
export async function reportFile(
  em: EntityManager,
  caller: Caller,
  id: string,
  format: ReportFormat,
): Promise<ReportFile | null> {
  const scope = reportScope(caller);
  if (!scope || !isUuid(id)) return null;
  const report = await em.findOne(ReportArchive, { $and: [{ id }, scope] }, { populate: [format] });
  if (!report) return null;
  const name = scopeName({
    districtCode: report.districtCode,
    department: report.department as IndustryOrg | null,
  });
  return {
    bytes: format === 'xlsx' ? report.xlsx : report.pdf,
    missingBecause: format === 'pdf' ? report.pdfError : null,
    fileName: `${name}${report.period}通报.${format}`,
  };
}
