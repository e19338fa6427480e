/**
 * The pay alerts read against attendance: ATTENDED_NOT_PAID and PAY_BELOW_MINIMUM_WAGE.
 * Valid days are counted in SQL by the rule in force on the month's first day (the reads'
 * validDaysOf uses the same version), so a month of a project is one scan of its partition.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../../db/sql';
import type { WorkingCalendar } from '../../../domain/calendar';
import { CITY_DISTRICT } from '../../../domain/districts';
import { ruleOn, type AttendanceRule } from '../../../domain/workforce/valid-day';
import { nextMonthOf, payDayOf, workingDaysInMonth } from '../../../domain/workforce/pay-day';
import {
  isFullMonth,
  minimumWageFor,
  shortOfMinimum,
  type MinimumWageVersion,
} from '../../../domain/workforce/minimum-wage';
import { daysInMonth } from '../../../domain/dates';
import { validDaysOf } from '../reads';
import type { WorkforceProject } from '../access';
import type { PayFinding } from './store';

/** A worker's valid days in a month, per (project, ID hash), as one SQL fragment's parameters. */
export function validDaySql(
  month: string,
  rules: readonly AttendanceRule[],
  projectIds: readonly string[],
): [string, unknown[]] {
  const r = ruleOn(rules, `${month}-01`);
  return [
    `select project_id, id_number_hash, count(*) as valid_days
       from (select project_id, id_number_hash, (at at time zone 'Asia/Shanghai')::date as d, count(*) as n,
                    bool_or((at at time zone 'Asia/Shanghai')::time between ?::time and ?::time) as am,
                    bool_or((at at time zone 'Asia/Shanghai')::time between ?::time and ?::time) as pm,
                    extract(epoch from max(at) - min(at)) as span
               from attendance_punch
              where project_id = any(?::uuid[]) and at >= ?::timestamptz and at < ?::timestamptz
              group by 1, 2, 3) days
      where n >= ? and am and pm and span >= ?
      group by project_id, id_number_hash`,
    [
      r.morningFrom,
      r.morningTo,
      r.afternoonFrom,
      r.afternoonTo,
      projectIds,
      `${month}-01T00:00:00+08:00`,
      `${nextMonthOf(month)}-01T00:00:00+08:00`,
      r.minPunches,
      r.minSpanMinutes * 60,
    ],
  ];
}

/**
 * ATTENDED_NOT_PAID for one work month: the workers with a valid day in it and no PAID line for
 * it, by their pay day — the contract's in force in the month (the latest started), else the
 * rights board's (the project's announced one), else the month's last day (at least monthly,
 * art. 12). A worker not registered is counted too: he cannot be on any payroll.
 */
export async function attendedNotPaid(
  em: EntityManager,
  projectIds: readonly string[],
  month: string,
  rules: readonly AttendanceRule[],
  calendar: WorkingCalendar,
  today: string,
): Promise<PayFinding[]> {
  if (!projectIds.length) return [];
  const [valid, params] = validDaySql(month, rules, projectIds);
  const [y, m] = month.split('-').map(Number);
  const rows = await sql<{ project_id: string; pay_day: number | null; workers: number }>(
    em,
    `with attended as (${valid}),
     unpaid as (
       select a.project_id, w.id as worker_id from attended a
         left join worker w on w.project_id = a.project_id and w.id_number_hash = a.id_number_hash
        where w.id is null or not exists (select 1 from payroll_line pl
                where pl.worker_id = w.id and pl.pay_month = ? and pl.status = 'PAID'))
     select u.project_id::text as project_id, coalesce(c.pay_day, rb.pay_day)::int as pay_day, count(*)::int as workers
       from unpaid u
       left join lateral (select lc.pay_day from labour_contract lc where lc.worker_id = u.worker_id
                           order by (lc.starts_on <= ?::date) desc, lc.starts_on desc limit 1) c on true
       left join rights_board rb on rb.project_id = u.project_id
      group by 1, 2`,
    [...params, month, `${month}-${daysInMonth(y, m)}`],
  );
  const byProject = new Map<string, { workers: number; due: string }>();
  for (const r of rows) {
    const due = payDayOf(month, r.pay_day ?? 31, calendar).date;
    if (due >= today) continue;
    const f = byProject.get(r.project_id) ?? { workers: 0, due };
    f.workers += r.workers;
    if (due < f.due) f.due = due;
    byProject.set(r.project_id, f);
  }
  return [...byProject].map(([projectId, f]) => ({
    projectId,
    kind: 'ATTENDED_NOT_PAID',
    slot: month,
    dueDate: f.due,
    shortfallFen: 0n,
    details: { month, workers: String(f.workers) },
  }));
}

/**
 * PAY_BELOW_MINIMUM_WAGE: a worker's month whose lines' net pay (all lines of the month: a back
 * payment adds to it) is below the district's minimum wage while the month was full
 * (domain/workforce/minimum-wage.ts). One alert per project and month, the count and the total
 * short in it; due the last day of the work month.
 */
export async function payBelowMinimum(
  em: EntityManager,
  projects: readonly WorkforceProject[],
  rules: readonly AttendanceRule[],
  calendar: WorkingCalendar,
): Promise<PayFinding[]> {
  if (!projects.length) return [];
  const versions = (
    await sql<{ d: string; f: string; m: string }>(
      em,
      `select district_code as d, effective_from::text as f, monthly_fen::text as m from minimum_wage`,
    )
  ).map((v): MinimumWageVersion => ({ districtCode: v.d, effectiveFrom: v.f, monthlyFen: BigInt(v.m) }));
  if (!versions.length) return [];
  const highest = versions.reduce((a, v) => (v.monthlyFen > a ? v.monthlyFen : a), 0n);
  // only a month paid less than any minimum ever set can be below one
  const lines = await sql<{ p: string; w: string; h: string; month: string; net: string; days: string }>(
    em,
    `select pl.project_id::text as p, pl.worker_id::text as w, w.id_number_hash as h, pl.pay_month as month,
            sum(pl.net_fen)::text as net, max(pl.days)::text as days
       from payroll_line pl join worker w on w.id = pl.worker_id
      where pl.project_id = any(?::uuid[])
      group by 1, 2, 3, 4 having sum(pl.net_fen) < ?::bigint`,
    [projects.map((p) => p.id), String(highest)],
  );
  if (!lines.length) return [];
  const districtOf = new Map(projects.map((p) => [p.id, p.districtCode]));
  const valid = await validDaysOf(
    em,
    lines.map((l) => ({ projectId: l.p, idNumberHash: l.h, month: l.month })),
    rules,
  );
  const found = new Map<string, { p: string; month: string; workers: number; short: bigint }>();
  lines.forEach((l, i) => {
    const min = minimumWageFor(versions, districtOf.get(l.p)!, `${l.month}-01`, CITY_DISTRICT);
    if (!min) return;
    const full = isFullMonth(valid[i].length, Number(l.days), workingDaysInMonth(l.month, calendar));
    const short = shortOfMinimum(BigInt(l.net), min.monthlyFen);
    if (!full || short === 0n) return;
    const k = `${l.p}|${l.month}`;
    const f = found.get(k) ?? { p: l.p, month: l.month, workers: 0, short: 0n };
    f.workers += 1;
    f.short += short;
    found.set(k, f);
  });
  return [...found.values()].map((f) => {
    const [y, m] = f.month.split('-').map(Number);
    return {
      projectId: f.p,
      kind: 'PAY_BELOW_MINIMUM_WAGE',
      slot: f.month,
      dueDate: `${f.month}-${daysInMonth(y, m)}`,
      shortfallFen: f.short,
      details: { month: f.month, workers: String(f.workers), shortFen: String(f.short) },
    };
  });
}
