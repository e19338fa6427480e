/**
 * A report (通报, R21) is an ordered list of sections, each a function from (em, scope, period) to
 * one titled table. The workbook gives each section a sheet, the PDF a heading and a table, in
 * this order. A new measure (warnings by grade, the scorecard) is one more entry in
 * REPORT_SECTIONS (./sections.ts), nothing else.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller, IndustryOrg } from '../../auth/caller';
import type { ReportPeriod } from '../../domain/reports/period';

/** Whose report: a district (210500: the city) and, for a department's report, its industry. */
export interface ReportScope {
  districtCode: string;
  department: IndustryOrg | null;
}

export type Cell = string | number;

export interface ReportTable {
  /** the sheet's name and the PDF heading (Chinese, at most 31 characters: Excel's limit) */
  title: string;
  columns: { header: string; width?: number }[];
  rows: Cell[][];
  /** how the figures are counted, printed under the table */
  note?: string;
}

export interface ReportSection {
  key: string;
  build(em: EntityManager, scope: ReportScope, period: ReportPeriod): Promise<ReportTable>;
}

/**
 * The scope's data is what its own agency sees: the scope read as a token of that agency (the
 * district's HRSS, or the department of the district), through the hub's one set of scope rules
 * (src/auth/scope-sql.ts). No new rule of who sees what is written for reports.
 */
export const scopeCaller = (scope: ReportScope): Caller => ({
  sub: 'report',
  org: scope.department ?? 'HRSS',
  district: scope.districtCode,
});

/**
 * The report's month as a one-row relation `m (first_day, last_day)`, joined into a section's
 * statement so its filters name the month's bounds instead of repeating them as parameters (a
 * section counts opened, resolved, escalated… each between the same two dates). Its two
 * parameters come first: `[...monthParams(period), ...where.params]`.
 */
export const REPORT_MONTH = `cross join (select ?::date as first_day, ?::date as last_day) m`;
export const monthParams = (period: ReportPeriod): [string, string] => [period.from, period.through];
