import { INDUSTRY_ORGS, isIndustryOrg, type IndustryOrg } from '../auth/caller';
import { caseScopeSql, projectScopeSql, type SqlCondition } from '../auth/scope-sql';
import { todayInShanghai } from '../clock';
import { sql } from '../db/sql';
import { addDays, assertIsoDate, daysBetween } from '../domain/dates';
import { CITY_DISTRICT, isBenxiDistrict } from '../domain/districts';
import { caseDeadline } from '../domain/dynamic-zero';
import { badInput, forbidden } from '../domain/errors';
import {
  DEFAULT_EVIDENCE,
  dutyOfKindPairs,
  K1_DUTIES,
  K3_CASE_SOURCES,
  K4_INCIDENT_KINDS,
  k1Met,
  MAX_EVIDENCE,
  MAX_PERIOD_DAYS,
  shareOf,
  timeliness,
  type K1Duty,
} from '../domain/scorecard';
import { EARLIEST_STATED_DATE } from './stated-date';
import { loadWorkingCalendar } from './calendar';
import type { ServiceContext } from './context';

/** A figure's evidence: the total and the first ids (bounded by `evidence`). */
export interface Evidence {
  totalCount: number;
  ids: string[];
}

export interface ScorecardInput {
  from?: string | null;
  to?: string | null;
  year?: number | null;
  districtCode?: string | null;
  department?: string | null;
  evidence?: number | null;
}

export interface Scorecard {
  from: string;
  /** the last day counted: `to`, or today when the period is still running (a period to date) */
  asOf: string;
  districtCode: string | null;
  department: IndustryOrg | null;
  k1: {
    projects: number;
    passingJudged: number;
    shareJudgedPassing: number | null;
    met: boolean | null;
    failing: Evidence;
    duties: {
      duty: K1Duty;
      requirement: string;
      alertKinds: string[];
      judged: boolean;
      failing: Evidence | null;
    }[];
  };
  k2: {
    registered: number;
    withConstructionEvidence: number;
    withoutEvidence: Evidence;
    unregisteredCases: Evidence;
    unregisteredClues: Evidence;
    share: number | null;
    met: boolean;
  };
  k3: {
    onTime: number;
    late: number;
    pending: number;
    share: number | null;
    met: boolean;
    categories: { category: string; onTime: number; late: number; pending: number; lateItems: Evidence }[];
  };
  k4: { count: number; met: boolean; kinds: { kind: string; incidents: Evidence }[] };
}

interface Period {
  from: string;
  asOf: string;
}

function periodOf(input: ScorecardInput, today: string): Period {
  let from: string;
  let to: string;
  if (input.year != null) {
    if (input.from != null || input.to != null)
      throw badInput('year', 'give either year or from and to, not both');
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw badInput('year', 'must be a year from 2000 to 2100');
    from = `${input.year}-01-01`;
    to = `${input.year}-12-31`;
  } else {
    if (input.from == null) throw badInput('from', 'give from (and to, default today) or year');
    assertIsoDate(input.from, 'from');
    from = input.from;
    if (from > today) throw badInput('from', `${from} is after today (${today}, Asia/Shanghai)`);
    to = input.to ?? today;
    assertIsoDate(to, 'to');
    if (to < from) throw badInput('to', `${to} is before from (${from})`);
    if (daysBetween(from, to) >= MAX_PERIOD_DAYS)
      throw badInput('to', `a period is at most ${MAX_PERIOD_DAYS} days`);
  }
  if (from < EARLIEST_STATED_DATE) throw badInput('from', `${from} is before ${EARLIEST_STATED_DATE}`);
  if (from > today) throw badInput('from', `${from} is after today (${today}, Asia/Shanghai)`);
  return { from, asOf: to < today ? to : today };
}

/** The caller's scope narrowed by the district and department asked for; refused outside it. */
function selection(ctx: ServiceContext, input: ScorecardInput) {
  const { caller } = ctx;
  if (caller.org === 'BANK' || caller.org === 'CONTRACTOR' || caller.org === 'CREDIT_PLATFORM')
    throw forbidden('the scorecard is for agencies');
  const districtCode = input.districtCode ?? (caller.district === CITY_DISTRICT ? null : caller.district);
  if (districtCode !== null) {
    if (!isBenxiDistrict(districtCode)) throw badInput('districtCode', 'is not a Benxi district code');
    if (caller.district !== CITY_DISTRICT && caller.district !== districtCode)
      throw badInput('districtCode', 'is outside your scope');
  }
  const department = (input.department ??
    (isIndustryOrg(caller.org) ? caller.org : null)) as IndustryOrg | null;
  if (department !== null) {
    if (!(INDUSTRY_ORGS as readonly string[]).includes(department))
      throw badInput('department', `must be one of ${INDUSTRY_ORGS.join(', ')}`);
    if (isIndustryOrg(caller.org) && caller.org !== department)
      throw badInput('department', 'is outside your scope');
  }
  const evidence = input.evidence ?? DEFAULT_EVIDENCE;
  if (!Number.isInteger(evidence) || evidence < 0 || evidence > MAX_EVIDENCE)
    throw badInput('evidence', `must be from 0 to ${MAX_EVIDENCE}`);
  const projects = projectScopeSql(caller, 'p')!;
  const cases = caseScopeSql(caller, 'w')!;
  const and = (base: SqlCondition, column: string, value: string | null): SqlCondition =>
    value === null ? base : { sql: `${base.sql} and ${column} = ?`, params: [...base.params, value] };
  const project = and(and(projects, 'p.district_code', districtCode), 'p.industry', department);
  const claim = and(and(cases, 'w.district_code', districtCode), 'w.routed_org', department);
  // Incidents: a district's agencies see its incidents; a department answers for its projects' ones.
  let incident: SqlCondition = { sql: 'true', params: [] };
  incident = and(incident, 'i.district_code', districtCode);
  if (department !== null)
    incident = {
      sql: `${incident.sql} and exists (select 1 from project ip where ip.id = i.project_id and ip.industry = ?)`,
      params: [...incident.params, department],
    };
  return { districtCode, department, evidence, project, claim, incident };
}

const evidenceOf = (n: number | undefined, ids: string[] | null | undefined): Evidence => ({
  totalCount: n ?? 0,
  ids: ids ?? [],
});

/**
 * R22: the scorecard K1–K4 for the caller's scope, narrowed to a district and a department, over a
 * year or a period (up to today). Six statements whatever the number of projects or the evidence
 * asked for (the calendar, the projects, the claims with no project, the clues, the cases, the
 * incidents); each list of ids is cut in SQL, its total counted beside it.
 */
export async function scorecard(ctx: ServiceContext, input: ScorecardInput): Promise<Scorecard> {
  const today = todayInShanghai();
  const { from, asOf } = periodOf(input, today);
  const sel = selection(ctx, input);
  const n = sel.evidence;

  // K1 and K2 over the library: projects signed by asOf and not completed before `from`.
  const pairs = dutyOfKindPairs();
  const projectRows = await sql<{ key: string; n: number; m: number | null; ids: string[] | null }>(
    ctx.em,
    `with lib as (
       select p.id,
         (coalesce(p.permit_issued_on <= ?::date, false)
          or exists (select 1 from tripartite_agreement ag where ag.project_id = p.id and ag.starts_on <= ?::date)
          or exists (select 1 from special_account sa where sa.project_id = p.id)) as evidenced
       from project p
       where ${sel.project.sql} and p.contract_signed_on <= ?::date and (p.completed_on is null or p.completed_on >= ?::date)),
     fails as (
       select distinct a.project_id, d.duty
       from alert a join lib on lib.id = a.project_id
       join unnest(?::text[], ?::text[]) as d(kind, duty) on d.kind = a.kind
       where a.status <> 'WITHDRAWN' and a.opened_on <= ?::date and (a.resolved_on is null or a.resolved_on >= ?::date))
     select duty as key, count(*)::int as n, null::int as m,
            (array_agg(project_id::text order by project_id::text))[1:?] as ids
       from fails group by duty
     union all
     select '*ANY', count(distinct project_id)::int, null,
            (array_agg(distinct project_id::text order by project_id::text))[1:?] from fails
     union all
     select '*LIB', count(*)::int, count(*) filter (where evidenced)::int,
            (array_agg(id::text order by id::text) filter (where not evidenced))[1:?] from lib`,
    [asOf, asOf, ...sel.project.params, asOf, from, pairs.kinds, pairs.duties, asOf, from, n, n, n],
  );
  const byKey = new Map(projectRows.map((r) => [r.key, r]));
  const lib = byKey.get('*LIB')!;
  const any = byKey.get('*ANY');

  // K2's other side and K3's clues: claims naming no registered project, clue timeliness.
  const claimRows = await sql<{ key: string; n: number; ids: string[] | null }>(
    ctx.em,
    `select 'CASE' as key, count(*)::int as n, (array_agg(w.id::text order by w.received_on, w.id))[1:?] as ids
       from wage_case w where ${sel.claim.sql} and w.project_id is null and w.received_on between ?::date and ?::date
     union all
     select 'CLUE', count(*)::int, (array_agg(w.id::text order by w.received_on, w.id))[1:?]
       from wage_clue w where ${sel.claim.sql} and w.project_id is null and w.received_on between ?::date and ?::date`,
    [n, ...sel.claim.params, from, asOf, n, ...sel.claim.params, from, asOf],
  );
  const claims = new Map(claimRows.map((r) => [r.key, r]));
  const clueRows = await sql<{ verdict: string; n: number; ids: string[] | null }>(
    ctx.em,
    `with c as (
       select w.id, w.due_on, case when w.closed_on <= ?::date then w.closed_on end as ended
       from wage_clue w
       where ${sel.claim.sql} and w.received_on <= ?::date and (w.closed_on is null or w.closed_on >= ?::date)),
     v as (select id, due_on, case when ended is not null then case when ended <= due_on then 'ON_TIME' else 'LATE' end
                                   when due_on < ?::date then 'LATE' else 'PENDING' end as verdict from c)
     select verdict, count(*)::int as n, (array_agg(id::text order by due_on, id))[1:?] as ids from v group by verdict`,
    [asOf, ...sel.claim.params, asOf, from, asOf, n],
  );

  // K3's cases: the deadline (src/domain/dynamic-zero.ts) needs the working-day calendar.
  const calendar = await loadWorkingCalendar(ctx.em);
  const caseRows = await sql<{
    id: string;
    source: string;
    received_on: string;
    order_issued_on: string | null;
    order_deadline: string | null;
    filed_on: string | null;
    ended: string | null;
  }>(
    ctx.em,
    `select w.id, w.source, to_char(w.received_on, 'YYYY-MM-DD') as received_on,
       to_char(w.order_issued_on, 'YYYY-MM-DD') as order_issued_on, to_char(w.order_deadline, 'YYYY-MM-DD') as order_deadline,
       to_char(w.filed_on, 'YYYY-MM-DD') as filed_on,
       to_char(case when least(w.closed_on, w.paid_in_full_on) <= ?::date then least(w.closed_on, w.paid_in_full_on) end, 'YYYY-MM-DD') as ended
     from wage_case w
     where ${sel.claim.sql} and w.source = any(?::text[]) and w.received_on <= ?::date
       and (least(w.closed_on, w.paid_in_full_on) is null or least(w.closed_on, w.paid_in_full_on) >= ?::date)`,
    [asOf, ...sel.claim.params, [...K3_CASE_SOURCES], asOf, from],
  );

  const incidentRows = await sql<{ kind: string; n: number; ids: string[] | null }>(
    ctx.em,
    `select i.kind, count(*)::int as n, (array_agg(i.id::text order by i.occurred_at, i.id))[1:?] as ids
       from incident i
      where ${sel.incident.sql} and i.kind = any(?::text[])
        and i.occurred_at >= ?::timestamptz and i.occurred_at < ?::timestamptz
      group by i.kind`,
    [
      n,
      ...sel.incident.params,
      [...K4_INCIDENT_KINDS],
      `${from}T00:00:00+08:00`,
      `${addDays(asOf, 1)}T00:00:00+08:00`,
    ],
  );

  // ---- K1 ----
  const projects = lib.n;
  const failingAny = any?.n ?? 0;
  const k1: Scorecard['k1'] = {
    projects,
    passingJudged: projects - failingAny,
    shareJudgedPassing: shareOf(projects - failingAny, projects),
    met: k1Met(failingAny),
    failing: evidenceOf(failingAny, any?.ids),
    duties: K1_DUTIES.map((d) => ({
      duty: d.duty,
      requirement: d.requirement,
      alertKinds: [...d.kinds],
      judged: d.kinds.length > 0,
      failing: d.kinds.length > 0 ? evidenceOf(byKey.get(d.duty)?.n, byKey.get(d.duty)?.ids) : null,
    })),
  };

  // ---- K2 ----
  const evidenced = lib.m ?? 0;
  const unregisteredCases = evidenceOf(claims.get('CASE')?.n, claims.get('CASE')?.ids);
  const unregisteredClues = evidenceOf(claims.get('CLUE')?.n, claims.get('CLUE')?.ids);
  const unregistered = unregisteredCases.totalCount + unregisteredClues.totalCount;
  const k2: Scorecard['k2'] = {
    registered: projects,
    withConstructionEvidence: evidenced,
    withoutEvidence: evidenceOf(projects - evidenced, lib.ids),
    unregisteredCases,
    unregisteredClues,
    share: shareOf(evidenced, evidenced + unregistered),
    met: unregistered === 0,
  };

  // ---- K3 ----
  const categories = new Map<
    string,
    { onTime: number; late: number; pending: number; lateIds: { id: string; deadline: string }[] }
  >();
  const category = (key: string) => {
    let c = categories.get(key);
    if (!c) categories.set(key, (c = { onTime: 0, late: 0, pending: 0, lateIds: [] }));
    return c;
  };
  for (const s of K3_CASE_SOURCES) category(`CASE_${s}`);
  for (const r of caseRows) {
    const deadline = caseDeadline(
      calendar,
      {
        receivedOn: r.received_on,
        orderIssuedOn: r.order_issued_on,
        orderDeadline: r.order_deadline,
        filedOn: r.filed_on,
      },
      asOf,
    ).date;
    const verdict = timeliness(r.received_on, deadline, r.ended, from, asOf);
    const c = category(`CASE_${r.source}`);
    if (verdict === 'ON_TIME') c.onTime += 1;
    else if (verdict === 'PENDING') c.pending += 1;
    else if (verdict === 'LATE') {
      c.late += 1;
      c.lateIds.push({ id: r.id, deadline });
    }
  }
  const clueCat = { onTime: 0, late: 0, pending: 0, lateItems: evidenceOf(0, []) };
  for (const r of clueRows) {
    if (r.verdict === 'ON_TIME') clueCat.onTime = r.n;
    if (r.verdict === 'PENDING') clueCat.pending = r.n;
    if (r.verdict === 'LATE') {
      clueCat.late = r.n;
      clueCat.lateItems = evidenceOf(r.n, r.ids);
    }
  }
  const k3Categories = [
    ...[...categories].map(([key, c]) => {
      c.lateIds.sort((a, b) =>
        a.deadline !== b.deadline ? (a.deadline < b.deadline ? -1 : 1) : a.id < b.id ? -1 : 1,
      );
      return {
        category: key,
        onTime: c.onTime,
        late: c.late,
        pending: c.pending,
        lateItems: evidenceOf(
          c.late,
          c.lateIds.slice(0, n).map((x) => x.id),
        ),
      };
    }),
    { category: 'CLUE_PLATFORMS', ...clueCat },
  ];
  const onTime = k3Categories.reduce((a, c) => a + c.onTime, 0);
  const late = k3Categories.reduce((a, c) => a + c.late, 0);
  const k3: Scorecard['k3'] = {
    onTime,
    late,
    pending: k3Categories.reduce((a, c) => a + c.pending, 0),
    share: shareOf(onTime, onTime + late),
    met: late === 0,
    categories: k3Categories,
  };

  // ---- K4 ----
  const incidents = new Map(incidentRows.map((r) => [r.kind, r]));
  const k4: Scorecard['k4'] = {
    count: incidentRows.reduce((a, r) => a + r.n, 0),
    met: incidentRows.length === 0,
    kinds: K4_INCIDENT_KINDS.map((kind) => ({
      kind,
      incidents: evidenceOf(incidents.get(kind)?.n, incidents.get(kind)?.ids),
    })),
  };

  return { from, asOf, districtCode: sel.districtCode, department: sel.department, k1, k2, k3, k4 };
}
