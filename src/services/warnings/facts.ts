/**
 * The facts graded warnings are derived from (R17), read in four set-based statements for the whole
 * city and folded per subject: a project, and the employer (enterprise) each fact is on. A duty
 * alert is on its party (the owner for the labour cost, its guarantee and government funding; the
 * contractor for the rest), a case on its employer. Each subject also collects the districts and
 * industry authorities its facts come from, which decide who is told and who sees the warning.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import { OPEN_STATUSES } from '../../domain/case-states';
import { daysBetween } from '../../domain/dates';
import { NO_FACTS, type SubjectFacts } from '../../domain/warnings';

export type SubjectKind = 'PROJECT' | 'ENTERPRISE';

export interface SubjectFactsRow {
  kind: SubjectKind;
  id: string;
  facts: SubjectFacts;
  districts: Set<string>;
  authorities: Set<string>;
}

/** The duty alerts on the project's owner; every other kind is on its contractor. */
const OWNER_KINDS = ['MISSED_LABOR_COST_TRANSFER', 'PAYMENT_GUARANTEE_MISSING', 'FUNDING_NOT_ARRANGED'];
const OWN_SIGNAL_KINDS = ['MISSED_LABOR_COST_TRANSFER', 'DEPOSIT_MISSING', 'SPECIAL_ACCOUNT_FREEZE'];

const authorityOf = (industry: string | null, district: string): string | null =>
  industry && industry !== 'OTHER' ? `${industry}:${district}` : null;

export async function loadSubjectFacts(
  em: EntityManager,
  asOf: string,
  incidentWindowDays: number,
): Promise<Map<string, SubjectFactsRow>> {
  const subjects = new Map<string, SubjectFactsRow>();
  const at = (kind: SubjectKind, id: string, district: string, industry: string | null): SubjectFacts => {
    const key = `${kind}:${id}`;
    let row = subjects.get(key);
    if (!row) {
      row = { kind, id, facts: { ...NO_FACTS }, districts: new Set(), authorities: new Set() };
      subjects.set(key, row);
    }
    row.districts.add(district);
    const authority = authorityOf(industry, district);
    if (authority) row.authorities.add(authority);
    return row.facts;
  };

  const alerts = await sql<{
    kind: string;
    escalated: boolean;
    project_id: string;
    owner_id: string;
    contractor_id: string;
    district_code: string;
    industry: string;
  }>(
    em,
    `select a.kind, exists (select 1 from jsonb_array_elements(a.escalations) e where e->>'retractedOn' is null) as escalated,
            p.id as project_id, p.owner_id, p.contractor_id, p.district_code, p.industry
       from alert a join project p on p.id = a.project_id
      where a.status = 'OPEN' and a.opened_on <= ?::date`,
    [asOf],
  );
  for (const a of alerts) {
    const party = OWNER_KINDS.includes(a.kind) ? a.owner_id : a.contractor_id;
    for (const f of [
      at('PROJECT', a.project_id, a.district_code, a.industry),
      at('ENTERPRISE', party, a.district_code, a.industry),
    ]) {
      if (a.kind === 'MISSED_LABOR_COST_TRANSFER') {
        if (a.escalated) f.missedCycles += 1;
        else f.lateTransfers += 1;
      } else if (a.kind === 'DEPOSIT_MISSING') f.depositMissing += 1;
      else if (a.kind === 'SPECIAL_ACCOUNT_FREEZE') f.courtFreezes += 1;
      if (!OWN_SIGNAL_KINDS.includes(a.kind)) {
        f.otherAlertsOpen += 1;
        if (a.escalated) f.otherAlertsEscalated += 1;
      }
    }
  }

  const cases = await sql<{
    project_id: string | null;
    employer_id: string;
    district_code: string;
    industry: string | null;
    workers: number;
    max_months: number;
  }>(
    em,
    `select c.project_id, c.employer_id, c.district_code, p.industry,
            coalesce(nullif(l.lines, 0), c.workers, 0)::int as workers,
            (case when c.verified_total_fen > c.paid_total_fen then coalesce(l.max_months, 0) else 0 end)::int as max_months
       from wage_case c
       left join project p on p.id = c.project_id
       left join lateral (select count(*)::int as lines, max(months_owed) as max_months
                            from wage_case_line wl where wl.case_id = c.id) l on true
      where c.status = any(?::text[]) and c.received_on <= ?::date`,
    [OPEN_STATUSES, asOf],
  );
  for (const c of cases) {
    const targets = [at('ENTERPRISE', c.employer_id, c.district_code, c.industry)];
    if (c.project_id) targets.push(at('PROJECT', c.project_id, c.district_code, c.industry));
    for (const f of targets) {
      f.openCases += 1;
      f.workersOwed += c.workers;
      f.maxMonthsOwed = Math.max(f.maxMonthsOwed, c.max_months);
    }
  }

  const incidents = await sql<{
    project_id: string;
    district_code: string;
    industry: string;
    latest: string;
  }>(
    em,
    `select i.project_id, p.district_code, p.industry,
            to_char(max(i.occurred_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as latest
       from incident i join project p on p.id = i.project_id
      where (i.occurred_at at time zone 'Asia/Shanghai')::date between ?::date - ?::int and ?::date
      group by i.project_id, p.district_code, p.industry`,
    [asOf, incidentWindowDays, asOf],
  );
  for (const i of incidents) {
    at('PROJECT', i.project_id, i.district_code, i.industry).daysSinceIncident = daysBetween(i.latest, asOf);
  }

  const listed = await sql<{ enterprise_id: string; district_code: string }>(
    em,
    `select distinct b.enterprise_id, b.district_code from blacklist_entry b
      where b.status = 'LISTED' and b.subject_kind = 'ENTERPRISE' and b.decided_on <= ?::date`,
    [asOf],
  );
  for (const b of listed) at('ENTERPRISE', b.enterprise_id, b.district_code, null).blacklisted = true;
  return subjects;
}
