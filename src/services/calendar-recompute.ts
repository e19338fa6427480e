/**
 * When city HRSS loads (or corrects) a calendar year, everything computed provisionally across
 * that year is computed again on the real calendar, in the same transaction as the load: no one
 * ever reads a provisional deadline after the year it needed is in the database.
 *
 * - Alerts: the agreements owning a provisional alert whose dates reach into the year are
 *   re-evaluated through the deadline engine's own evaluation (as of today, stored alerts only, as
 *   after a chain step), which rewrites their deadlines, clears the flag and sends any escalation
 *   the real deadlines make due. An alert whose due date itself was provisional and moves is
 *   replaced by the next daily sweep (withdrawn, and opened on the real due date).
 * - Cases: the listing-decision deadline is counted again from the order's deadline.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';
import type { WorkingCalendar } from '../domain/calendar';
import { LISTING_DECISION_WORKING_DAYS } from './cases/handling';
import { loadAgreementBatch } from './compliance/agreement-batch';
import { evaluateBatch } from './compliance/evaluate-batch';
import { refreshProjectDuties } from './duties/duty-sweep';

export interface ProvisionalRecomputeReport {
  /** agreements re-evaluated because one of their alerts was provisional across the year */
  agreementsReevaluated: number;
  /** projects whose duty alerts (deposits, guarantees) were re-evaluated for the same reason */
  projectsReevaluated: number;
  /** cases whose listing-decision deadline was counted again */
  casesRecomputed: number;
}

export async function recomputeProvisionalDeadlines(
  em: EntityManager,
  calendar: WorkingCalendar,
  year: number,
  today: string,
): Promise<ProvisionalRecomputeReport> {
  // A provisional date's walk covers every year from its start (the due date) to its end (the
  // later deadline), so those two bound the years it used.
  const accounts: { bankCode: string; accountNo: string }[] = await sql(
    em,
    `select distinct sa.bank_code as "bankCode", sa.account_no as "accountNo"
       from alert a join tripartite_agreement ag on ag.id = a.agreement_id
       join special_account sa on sa.id = ag.account_id
      where a.deadlines_provisional
        and extract(year from a.due_date) <= ?
        and extract(year from greatest(a.bank_notice_deadline, a.contractor_report_deadline)) >= ?`,
    [year, year],
  );
  let agreementsReevaluated = 0;
  if (accounts.length > 0) {
    const batch = await loadAgreementBatch(em, { accounts }, today);
    agreementsReevaluated = (await evaluateBatch(em, batch, calendar, today, { existingOnly: true }))
      .agreementsEvaluated;
  }

  // Duty alerts (deposits, guarantees) have no agreement: their projects are brought up to date the same way.
  const dutyProjects: { project_id: string }[] = await sql(
    em,
    `select distinct project_id from alert
      where agreement_id is null and deadlines_provisional
        and extract(year from due_date) <= ? and extract(year from greatest(due_date, correction_deadline)) >= ?`,
    [year, year],
  );
  const projectsReevaluated = dutyProjects.length
    ? (
        await refreshProjectDuties(
          em,
          dutyProjects.map((r) => r.project_id),
          today,
        )
      ).projectsEvaluated
    : 0;

  const cases: { id: string; order_deadline: string }[] = await sql(
    em,
    `select id, order_deadline::text as order_deadline from wage_case
      where deadlines_provisional and order_deadline is not null
        and extract(year from order_deadline) <= ? and extract(year from listing_decision_deadline) >= ?
      for update`,
    [year, year],
  );
  if (cases.length > 0) {
    const rows = cases.map((c) => {
      const listing = calendar.workingDaysAfter(c.order_deadline, LISTING_DECISION_WORKING_DAYS);
      return { id: c.id, deadline: listing.date, provisional: listing.provisional };
    });
    await sql(
      em,
      `update wage_case c set listing_decision_deadline = v.deadline, deadlines_provisional = v.provisional
         from jsonb_to_recordset(?::jsonb) as v(id uuid, deadline date, provisional boolean)
        where c.id = v.id`,
      [JSON.stringify(rows)],
    );
  }
  return { agreementsReevaluated, projectsReevaluated, casesRecomputed: cases.length };
}
