/**
 * The two sections that join the other parts of issue #12 to the monthly report (R21): graded
 * warnings by grade (R17) and the scorecard (R22, K1–K4). Both count in the report's own scope,
 * read as that scope's agency, through the rules the `warnings` and `scorecard` queries use, so a
 * report never disagrees with what its agency sees in GraphQL.
 */
import { sql } from '../../db/sql';
import { WARNING_GRADES, type WarningGrade } from '../../domain/warnings';
import { scorecard } from '../scorecard';
import { warningScopeSql } from '../warnings/scope';
import { REPORT_MONTH, monthParams, scopeCaller, type Cell, type ReportSection } from './section';

const GRADE_LABELS: Record<WarningGrade, string> = {
  RED: '红色预警',
  ORANGE: '橙色预警',
  YELLOW: '黄色预警',
};

const n = (v: unknown): number => Number(v ?? 0);

/** "85.7%" from a share of 1; a dash when nothing was counted */
const percent = (share: number | null): string => (share === null ? '—' : `${(100 * share).toFixed(1)}%`);
const verdict = (met: boolean | null): string => (met === null ? '尚不能判定' : met ? '达标' : '未达标');

export const warningsSection: ReportSection = {
  key: 'warnings',
  async build(em, scope, period) {
    const where = warningScopeSql(scopeCaller(scope), 'w')!;
    // in time: every routed agency's read receipt by acknowledge_by, as the month's last day stood
    const inTime = `exists (select 1 from warning_recipient r where r.warning_id = w.id)
      and not exists (select 1 from warning_recipient r where r.warning_id = w.id
        and (r.acknowledged_at is null
          or (r.acknowledged_at at time zone 'Asia/Shanghai')::date > least(w.acknowledge_by, m.last_day)))`;
    const counts = await sql<Record<string, string>>(
      em,
      `select w.grade,
         count(*) filter (where w.opened_on between m.first_day and m.last_day) as opened,
         count(*) filter (where w.opened_on between m.first_day and m.last_day and ${inTime}) as acknowledged,
         count(*) filter (where w.escalated_on between m.first_day and m.last_day) as escalated,
         count(*) filter (where w.closed_on is null or w.closed_on > m.last_day) as open_at_end
       from warning w ${REPORT_MONTH} where w.opened_on <= m.last_day and ${where.sql}
       group by w.grade`,
      [...monthParams(period), ...where.params],
    );
    const byGrade = new Map(counts.map((c) => [c.grade, c]));
    const rows: Cell[][] = WARNING_GRADES.map((g) => {
      const c = byGrade.get(g);
      return [GRADE_LABELS[g], n(c?.opened), n(c?.acknowledged), n(c?.escalated), n(c?.open_at_end)];
    });
    const sum = (i: number) => rows.reduce((s, r) => s + (r[i] as number), 0);
    rows.push(['合计', sum(1), sum(2), sum(3), sum(4)]);
    return {
      title: '预警分级情况',
      columns: [
        { header: '预警等级', width: 16 },
        { header: '本月新发' },
        { header: '其中按期签收' },
        { header: '本月升级' },
        { header: '月末未销号' },
      ],
      rows,
      note: '按期签收：推送到的各部门均在签收期限内（且不晚于月末）签收。升级：逾期未签收，上报上级部门。',
    };
  },
};

export const scorecardSection: ReportSection = {
  key: 'scorecard',
  async build(em, scope, period) {
    const card = await scorecard(
      { em, caller: scopeCaller(scope) },
      { from: period.from, to: period.through, evidence: 0 },
    );
    const { k1, k2, k3, k4 } = card;
    const unregistered = k2.unregisteredCases.totalCount + k2.unregisteredClues.totalCount;
    const rows: Cell[][] = [
      [
        'K1',
        '在建项目全面落实一金七制',
        k1.projects,
        k1.failing.totalCount,
        percent(k1.shareJudgedPassing),
        verdict(k1.met),
      ],
      [
        'K2',
        '在建项目全部纳入项目库',
        k2.withConstructionEvidence + unregistered,
        unregistered,
        percent(k2.share),
        verdict(k2.met),
      ],
      ['K3', '欠薪案件（线索）按时办结', k3.onTime + k3.late, k3.late, percent(k3.share), verdict(k3.met)],
      ['K4', '未发生欠薪引发的群体性、极端事件等', '—', k4.count, '—', verdict(k4.met)],
    ];
    return {
      title: '治理成效',
      columns: [
        { header: '指标', width: 8 },
        { header: '考核内容', width: 34 },
        { header: '计入数' },
        { header: '未达标数' },
        { header: '达标比例' },
        { header: '评价', width: 12 },
      ],
      rows,
      note:
        '本月统计，口径同 scorecard 查询。K1：劳动合同、实名制、总包代发三项尚未判定，故不作达标结论；' +
        'K2：未达标数为未对应项目库项目的案件和线索；K3：未达标数为逾期办结或逾期未结；K4：本月发生的事件数。',
    };
  },
};
