import { INDUSTRY_ORGS, isIndustryOrg } from '../auth/caller';
import { caseScopeSql } from '../auth/scope-sql';
import { sql } from '../db/sql';
import { BENXI_DISTRICTS, CITY_DISTRICT } from '../domain/districts';
import { daysBetween } from '../domain/dates';
import { badInput } from '../domain/errors';
import {
  caseDeadline,
  deadlineDaysFrom,
  DEFAULT_CASE_DEADLINE_DAYS,
  type DeadlineBasis,
} from '../domain/dynamic-zero';
import { loadCaseDeadlineRules } from './case-deadline-rules';
import { todayInShanghai } from '../clock';
import { loadWorkingCalendar } from './calendar';
import type { ServiceContext } from './context';
import { assertStatedDate } from './stated-date';
import { CASE_COLUMNS, CASE_FROM, caseOf } from './views/rows';
import type { CaseView } from './views/views';

export const DEFAULT_CASES_PER_ROW = 10;
export const MAX_CASES_PER_ROW = 100;
/** The authorities a case answers to: the one it is routed to (C1 routing: the industry's, else HRSS). */
const AUTHORITIES = [...INDUSTRY_ORGS, 'HRSS'] as const;

export interface OverdueCase {
  wageCase: CaseView;
  deadline: string;
  deadlineBasis: DeadlineBasis;
  deadlineProvisional: boolean;
  /** calendar days from the claim's receipt to asOf */
  ageDays: number;
  /** calendar days from the deadline to asOf (at least 1) */
  daysPastDeadline: number;
}

export interface DynamicZeroRow {
  districtCode: string;
  authority: string;
  overdueCount: number;
  /** the oldest past their deadline first, at most casesPerRow */
  cases: OverdueCase[];
}

/**
 * R12 as of a day (default today): per district × authority in the caller's scope, the cases open
 * on `asOf` whose deadline (src/domain/dynamic-zero.ts) is before it. Reconstructed from the stated
 * dates, so a past day answers as that day stood: a case closed or paid in full after it is still
 * open then. The periods are the versions city HRSS set (setCaseDeadlineRules), by the day each
 * count starts. Rows for every district × authority the caller sees, zeros included (the figure to
 * keep at zero). Reads: the rule versions, one statement for the candidates, one for the cases shown.
 */
export async function dynamicZero(
  ctx: ServiceContext,
  asOfInput: string | null | undefined,
  casesPerRowInput: number | null | undefined,
): Promise<DynamicZeroRow[]> {
  const asOf = asOfInput ?? todayInShanghai();
  assertStatedDate(asOf, 'asOf');
  const casesPerRow = casesPerRowInput ?? DEFAULT_CASES_PER_ROW;
  if (!Number.isInteger(casesPerRow) || casesPerRow < 0 || casesPerRow > MAX_CASES_PER_ROW)
    throw badInput('casesPerRow', `must be from 0 to ${MAX_CASES_PER_ROW}`);
  const scope = caseScopeSql(ctx.caller, 'w');
  if (!scope) return [];
  // Working days are at least as long as calendar days: a deadline n working days after d is on
  // or after d + n, so these bounds (n the shortest period of any version) keep every case that
  // can be past its deadline and few others.
  const versions = await loadCaseDeadlineRules(ctx.em);
  const periods = [DEFAULT_CASE_DEADLINE_DAYS, ...versions];
  const shortestFiled = Math.min(...periods.map((v) => v.filedWithinWorkingDays));
  const shortestUnordered = Math.min(...periods.map((v) => v.unorderedWithinWorkingDays));
  const candidates = await sql<{
    id: string;
    district_code: string;
    routed_org: string;
    received_on: string;
    order_issued_on: string | null;
    order_deadline: string | null;
    filed_on: string | null;
  }>(
    ctx.em,
    `select w.id, w.district_code, w.routed_org, to_char(w.received_on, 'YYYY-MM-DD') as received_on,
       to_char(w.order_issued_on, 'YYYY-MM-DD') as order_issued_on, to_char(w.order_deadline, 'YYYY-MM-DD') as order_deadline,
       to_char(w.filed_on, 'YYYY-MM-DD') as filed_on
     from wage_case w
     where ${scope.sql} and w.received_on <= ?::date
       and (w.closed_on is null or w.closed_on > ?::date) and (w.paid_in_full_on is null or w.paid_in_full_on > ?::date)
       and (w.status not in ('PAID', 'CLOSED') or w.closed_on > ?::date or w.paid_in_full_on > ?::date)
       and ((w.order_issued_on <= ?::date and w.order_deadline < ?::date)
         or ((w.order_issued_on is null or w.order_issued_on > ?::date) and w.filed_on <= ?::date and w.filed_on + ?::int < ?::date)
         or ((w.order_issued_on is null or w.order_issued_on > ?::date) and (w.filed_on is null or w.filed_on > ?::date)
             and w.received_on + ?::int < ?::date))`,
    [
      ...scope.params,
      asOf,
      asOf,
      asOf,
      asOf,
      asOf,
      asOf,
      asOf,
      asOf,
      asOf,
      shortestFiled,
      asOf,
      asOf,
      asOf,
      shortestUnordered,
      asOf,
    ],
  );
  const calendar = await loadWorkingCalendar(ctx.em);
  const daysOn = deadlineDaysFrom(versions);
  const groups = new Map<
    string,
    { row: DynamicZeroRow; overdue: Omit<OverdueCase, 'wageCase'>[]; ids: string[] }
  >();
  const groupOf = (districtCode: string, authority: string) => {
    const key = `${authority}:${districtCode}`;
    let g = groups.get(key);
    if (!g) {
      g = { row: { districtCode, authority, overdueCount: 0, cases: [] }, overdue: [], ids: [] };
      groups.set(key, g);
    }
    return g;
  };
  const { caller } = ctx;
  const districts = caller.district === CITY_DISTRICT ? Object.keys(BENXI_DISTRICTS) : [caller.district];
  const authorities = isIndustryOrg(caller.org) ? [caller.org] : AUTHORITIES;
  for (const d of districts) for (const a of authorities) groupOf(d, a);
  for (const c of candidates) {
    const deadline = caseDeadline(
      calendar,
      {
        receivedOn: c.received_on,
        orderIssuedOn: c.order_issued_on,
        orderDeadline: c.order_deadline,
        filedOn: c.filed_on,
      },
      asOf,
      daysOn,
    );
    if (deadline.date >= asOf) continue;
    const g = groupOf(c.district_code, c.routed_org);
    g.row.overdueCount += 1;
    g.ids.push(c.id);
    g.overdue.push({
      deadline: deadline.date,
      deadlineBasis: deadline.basis,
      deadlineProvisional: deadline.provisional,
      ageDays: daysBetween(c.received_on, asOf),
      daysPastDeadline: daysBetween(deadline.date, asOf),
    });
  }
  // the oldest past their deadline first; one read for the cases every row shows
  const shown = new Map<string, Omit<OverdueCase, 'wageCase'>>();
  for (const g of groups.values()) {
    const order = g.overdue.map((o, i) => ({ o, id: g.ids[i] }));
    order.sort((x, y) =>
      x.o.deadline < y.o.deadline ? -1 : x.o.deadline > y.o.deadline ? 1 : x.id < y.id ? -1 : 1,
    );
    g.ids = order.slice(0, casesPerRow).map((x) => x.id);
    order.slice(0, casesPerRow).forEach((x) => shown.set(x.id, x.o));
  }
  const views = shown.size
    ? (
        await sql(ctx.em, `select ${CASE_COLUMNS} from ${CASE_FROM} where w.id = any(?::uuid[])`, [
          [...shown.keys()],
        ])
      ).map(caseOf)
    : [];
  const byId = new Map(views.map((v) => [v.id, v]));
  const rows = [...groups.values()].map((g) => ({
    ...g.row,
    cases: g.ids.map((id) => ({ wageCase: byId.get(id)!, ...shown.get(id)! })),
  }));
  return rows.sort((a, b) =>
    a.districtCode !== b.districtCode
      ? a.districtCode < b.districtCode
        ? -1
        : 1
      : AUTHORITIES.indexOf(a.authority as never) - AUTHORITIES.indexOf(b.authority as never),
  );
}
