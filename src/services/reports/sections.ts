/**
 * The sections every report has today, in their order. Each reads the month's figures for its
 * scope with one grouped statement (the cases' also the dynamic zero's), so a report costs the
 * same few statements whatever the district's size. Graded warnings (R17) and the scorecard
 * (K1–K4) are in ./governance-sections.ts, the last two entries of REPORT_SECTIONS.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { INDUSTRY_ORGS } from '../../auth/caller';
import { caseScopeSql, projectScopeSql } from '../../auth/scope-sql';
import { sql } from '../../db/sql';
import { CLUE_SOURCES } from '../../domain/clues';
import { BENXI_DISTRICTS, CITY_DISTRICT } from '../../domain/districts';
import {
  ALERT_KIND_LABELS,
  AUTHORITY_LABELS,
  CLUE_SOURCE_LABELS,
  INCIDENT_KIND_LABELS,
  INDUSTRY_LABELS,
  districtName,
} from '../../domain/reports/labels';
import type { ReportPeriod } from '../../domain/reports/period';
import { ALERT_KINDS } from '../../entities/alert.entity';
import { INCIDENT_KINDS } from '../../entities/incident.entity';
import { INDUSTRIES } from '../../entities/project.entity';
import { dynamicZero } from '../dynamic-zero';
import { scorecardSection, warningsSection } from './governance-sections';
import {
  REPORT_MONTH,
  monthParams,
  scopeCaller,
  type Cell,
  type ReportScope,
  type ReportSection,
  type ReportTable,
} from './section';

const districtsOf = (scope: ReportScope): string[] =>
  scope.districtCode === CITY_DISTRICT ? Object.keys(BENXI_DISTRICTS) : [scope.districtCode];
const authoritiesOf = (scope: ReportScope): string[] =>
  scope.department ? [scope.department] : ['HRSS', ...INDUSTRY_ORGS];

/** "85.7%"; a dash when nothing was counted (no rate of nothing) */
export const rate = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;

const n = (v: unknown): number => Number(v ?? 0);

/** the sum of each column from `from` on; a text column (a rate) sums to 0 and is recomputed */
function sumRow(rows: Cell[][], from: number): number[] {
  const width = rows[0]?.length ?? 0;
  const sums: number[] = [];
  for (let i = from; i < width; i++)
    sums.push(
      rows.reduce<number>((s, r) => {
        const v = r[i];
        return s + (typeof v === 'number' ? v : 0);
      }, 0),
    );
  return sums;
}

/** handled on time: no escalation (a missed bank notice, report or correction deadline) in force by its resolution */
const UNESCALATED_AT_RESOLUTION = `not exists (select 1 from jsonb_array_elements(a.escalations) e
  where e->>'retractedOn' is null and (e->>'on')::date <= a.resolved_on)`;

/** under construction at some time in the month: signed by its end, not completed before it began */
const SUPERVISED = `p.contract_signed_on <= m.last_day and (p.completed_on is null or p.completed_on >= m.first_day)`;

export const projectsSection: ReportSection = {
  key: 'projects',
  async build(em, scope, period) {
    const where = projectScopeSql(scopeCaller(scope), 'p')!;
    const counts = await sql<Record<string, string>>(
      em,
      `select p.district_code, p.industry,
         count(*) filter (where ${SUPERVISED}) as supervised,
         count(*) filter (where p.contract_signed_on between m.first_day and m.last_day) as added,
         count(*) filter (where p.completed_on between m.first_day and m.last_day) as completed,
         count(*) filter (where ${SUPERVISED}
           and exists (select 1 from alert a where a.project_id = p.id and a.status <> 'WITHDRAWN' and a.opened_on <= m.last_day
             and (a.resolved_on is null or a.resolved_on > m.last_day))) as with_open_alert
       from project p ${REPORT_MONTH} where ${where.sql} group by p.district_code, p.industry`,
      [...monthParams(period), ...where.params],
    );
    const byKey = new Map(counts.map((c) => [`${c.district_code}:${c.industry}`, c]));
    const industries = scope.department ? [scope.department] : INDUSTRIES;
    const rows: Cell[][] = [];
    for (const d of districtsOf(scope))
      for (const i of industries) {
        const c = byKey.get(`${d}:${i}`);
        rows.push([
          districtName(d),
          INDUSTRY_LABELS[i],
          n(c?.supervised),
          n(c?.added),
          n(c?.completed),
          n(c?.with_open_alert),
        ]);
      }
    rows.push(['合计', '', ...sumRow(rows, 2)]);
    return {
      title: '在建项目监管情况',
      columns: [
        { header: '区县', width: 16 },
        { header: '行业', width: 16 },
        { header: '在建项目数' },
        { header: '本月新增' },
        { header: '本月竣工' },
        { header: '月末有未办结预警的项目' },
      ],
      rows,
      note: '在建项目：合同签订于期末前、期初时尚未竣工的项目库项目。',
    };
  },
};

export const alertsSection: ReportSection = {
  key: 'alerts',
  async build(em, scope, period) {
    const where = projectScopeSql(scopeCaller(scope), 'p')!;
    const counts = await sql<Record<string, string>>(
      em,
      `select a.kind,
         count(*) filter (where a.opened_on between m.first_day and m.last_day) as opened,
         count(*) filter (where a.resolved_on between m.first_day and m.last_day) as resolved,
         count(*) filter (where a.resolved_on between m.first_day and m.last_day and ${UNESCALATED_AT_RESOLUTION}) as on_time,
         count(*) filter (where exists (select 1 from jsonb_array_elements(a.escalations) e
           where e->>'retractedOn' is null and (e->>'on')::date between m.first_day and m.last_day)) as escalated,
         count(*) filter (where a.resolved_on is null or a.resolved_on > m.last_day) as open_at_end
       from alert a join project p on p.id = a.project_id ${REPORT_MONTH}
       where a.status <> 'WITHDRAWN' and a.opened_on <= m.last_day and ${where.sql}
       group by a.kind`,
      [...monthParams(period), ...where.params],
    );
    const byKind = new Map(counts.map((c) => [c.kind, c]));
    const rows: Cell[][] = ALERT_KINDS.map((k) => {
      const c = byKind.get(k);
      return [
        ALERT_KIND_LABELS[k],
        n(c?.opened),
        n(c?.resolved),
        n(c?.on_time),
        rate(n(c?.on_time), n(c?.resolved)),
        n(c?.escalated),
        n(c?.open_at_end),
      ];
    });
    const [opened, resolved, onTime, , escalated, open] = sumRow(rows, 1);
    rows.push(['合计', opened, resolved, onTime, rate(onTime, resolved), escalated, open]);
    return {
      title: '监测预警及处置情况',
      columns: [
        { header: '预警类型', width: 28 },
        { header: '本月新发' },
        { header: '本月办结' },
        { header: '其中按时办结' },
        { header: '按时办结率' },
        { header: '本月升级' },
        { header: '月末未办结' },
      ],
      rows,
      note: '按时办结：办结前未因逾期升级（银行通知、总包报告或整改期限均未超过）。撤回的预警不计。',
    };
  },
};

export const cluesSection: ReportSection = {
  key: 'clues',
  async build(em, scope, period) {
    const where = caseScopeSql(scopeCaller(scope), 'c')!;
    const counts = await sql<Record<string, string>>(
      em,
      `select c.source,
         count(*) filter (where c.received_on between m.first_day and m.last_day) as received,
         count(*) filter (where c.closed_on between m.first_day and m.last_day) as closed,
         count(*) filter (where c.closed_on between m.first_day and m.last_day and c.outcome in ('VERIFIED_PAID', 'VERIFIED_CASE_FILED')) as verified,
         count(*) filter (where c.closed_on between m.first_day and m.last_day and c.closed_on <= c.due_on) as on_time,
         count(*) filter (where c.closed_on is null or c.closed_on > m.last_day) as open_at_end,
         count(*) filter (where (c.closed_on is null or c.closed_on > m.last_day) and c.due_on < m.last_day) as overdue_at_end
       from wage_clue c ${REPORT_MONTH} where c.received_on <= m.last_day and ${where.sql}
       group by c.source`,
      [...monthParams(period), ...where.params],
    );
    const bySource = new Map(counts.map((c) => [c.source, c]));
    const rows: Cell[][] = CLUE_SOURCES.map((s) => {
      const c = bySource.get(s);
      return [
        CLUE_SOURCE_LABELS[s],
        n(c?.received),
        n(c?.closed),
        n(c?.verified),
        n(c?.on_time),
        rate(n(c?.on_time), n(c?.closed)),
        n(c?.open_at_end),
        n(c?.overdue_at_end),
      ];
    });
    const [received, closed, verified, onTime, , open, overdue] = sumRow(rows, 1);
    rows.push(['合计', received, closed, verified, onTime, rate(onTime, closed), open, overdue]);
    return {
      title: '欠薪线索核查办结情况',
      columns: [
        { header: '线索来源', width: 28 },
        { header: '本月收到' },
        { header: '本月办结' },
        { header: '其中核实属实' },
        { header: '其中按时办结' },
        { header: '按时办结率' },
        { header: '月末未办结' },
        { header: '其中已超期' },
      ],
      rows,
      note: '按时办结：办结日不晚于线索的办理期限（收到后规定的工作日数）。核实属实：已清偿或已立案。',
    };
  },
};

export const casesSection: ReportSection = {
  key: 'cases',
  async build(em, scope, period) {
    const caller = scopeCaller(scope);
    const where = caseScopeSql(caller, 'w')!;
    const done = `coalesce(w.closed_on, w.paid_in_full_on)`;
    const counts = await sql<Record<string, string>>(
      em,
      `select w.routed_org,
         count(*) filter (where w.received_on between m.first_day and m.last_day) as received,
         count(*) filter (where w.order_issued_on between m.first_day and m.last_day) as ordered,
         count(*) filter (where ${done} between m.first_day and m.last_day) as closed,
         count(*) filter (where ${done} is null or ${done} > m.last_day) as open_at_end
       from wage_case w ${REPORT_MONTH} where w.received_on <= m.last_day and ${where.sql}
       group by w.routed_org`,
      [...monthParams(period), ...where.params],
    );
    // past their deadline as the month's last day stood: the dynamic zero's own count (R12)
    const zero = await dynamicZero({ em, caller }, period.through, 0);
    const overdue = new Map<string, number>();
    for (const r of zero) overdue.set(r.authority, (overdue.get(r.authority) ?? 0) + r.overdueCount);
    const byOrg = new Map(counts.map((c) => [c.routed_org, c]));
    const rows: Cell[][] = authoritiesOf(scope).map((a) => {
      const c = byOrg.get(a);
      return [
        AUTHORITY_LABELS[a] ?? a,
        n(c?.received),
        n(c?.ordered),
        n(c?.closed),
        n(c?.open_at_end),
        overdue.get(a) ?? 0,
      ];
    });
    rows.push(['合计', ...sumRow(rows, 1)]);
    return {
      title: '欠薪案件办理情况',
      columns: [
        { header: '承办部门', width: 28 },
        { header: '本月受理' },
        { header: '本月责令限期支付' },
        { header: '本月结案' },
        { header: '月末在办' },
        { header: '其中超期未结（动态清零）' },
      ],
      rows,
      note: '超期未结：期末仍在办且已过期限（责令支付期限；立案后60个工作日；或受理后规定的工作日数）的案件。',
    };
  },
};

export const incidentsSection: ReportSection = {
  key: 'incidents',
  async build(em, scope, period) {
    const parts = [
      `i.occurred_at >= (?::date)::timestamp at time zone 'Asia/Shanghai'`,
      `i.occurred_at < (?::date + 1)::timestamp at time zone 'Asia/Shanghai'`,
    ];
    const params: unknown[] = [period.from, period.through];
    if (scope.districtCode !== CITY_DISTRICT) {
      parts.push('i.district_code = ?');
      params.push(scope.districtCode);
    }
    // a department answers for the incidents on its own projects
    if (scope.department) {
      parts.push('p.industry = ?');
      params.push(scope.department);
    }
    const counts = await sql<Record<string, string>>(
      em,
      `select i.kind, count(*) as incidents, coalesce(sum(i.workers), 0) as workers
       from incident i left join project p on p.id = i.project_id
       where ${parts.join(' and ')} group by i.kind`,
      params,
    );
    const byKind = new Map(counts.map((c) => [c.kind, c]));
    const rows: Cell[][] = INCIDENT_KINDS.map((k) => {
      const c = byKind.get(k);
      return [INCIDENT_KIND_LABELS[k], n(c?.incidents), n(c?.workers)];
    });
    rows.push(['合计', ...sumRow(rows, 1)]);
    return {
      title: '欠薪引发事件情况',
      columns: [{ header: '事件类型', width: 28 }, { header: '本月发生（起）' }, { header: '涉及人数' }],
      rows,
      note: '任何一起均计入该区县当年考核（K4）。',
    };
  },
};

/** Every report's sections, in print order. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  projectsSection,
  alertsSection,
  cluesSection,
  casesSection,
  incidentsSection,
  warningsSection,
  scorecardSection,
];

export async function buildSections(
  em: EntityManager,
  scope: ReportScope,
  period: ReportPeriod,
  sections: readonly ReportSection[] = REPORT_SECTIONS,
): Promise<ReportTable[]> {
  const tables: ReportTable[] = [];
  for (const s of sections) tables.push(await s.build(em, scope, period));
  return tables;
}
