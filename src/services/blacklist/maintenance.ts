import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../../auth/scope';
import { sql } from '../../db/sql';
import { CASE_MOVES } from '../../domain/case-states';
import { CITY_DISTRICT } from '../../domain/districts';
import { assertIsoDate, shanghaiDateOf } from '../../domain/dates';
import { formatMoney } from '../../domain/money';
import { BlacklistEntry } from '../../entities/blacklist-entry.entity';
import type { ServiceContext } from '../context';
import { assertStatedDate } from '../stated-date';
import { addNotices, noticeDedupeKey, recipientKey, type NoticeDraft } from '../outbox';
import { publishChanges } from './changes';
import { now as clockNow } from '../../clock';

export interface MaintenanceReport {
  asOf: string;
  /** entries whose three years ended before asOf, now EXPIRED */
  expired: number;
  /** cases whose listing decision was due before asOf and not taken, flagged now */
  escalated: number;
}

/** The states a listing can be decided from (the case table's LIST moves). */
const LISTABLE = CASE_MOVES.filter((m) => m.action === 'LIST').map((m) => m.from as string);

/**
 * The blacklist's daily upkeep as of the day `asOf` (the scheduled job: today, Asia/Shanghai):
 * entries whose last day (listedUntil) is before asOf expire, and cases whose listing decision
 * was due before asOf and is still not taken are escalated. Both are level-triggered and
 * idempotent — a re-run, or a run for an earlier day, changes nothing already done — so a missed
 * day is caught by the next. Two transactions on forks of `root`; the expiry, which takes the
 * feed lock, comes last.
 */
export async function runMaintenance(root: EntityManager, asOf: string): Promise<MaintenanceReport> {
  assertIsoDate(asOf, 'asOf');
  const escalated = await root
    .fork()
    .transactional((em) => escalateOverdueDecisions(em as EntityManager, asOf));
  const expired = await root.fork().transactional((em) => expireEntries(em as EntityManager, asOf));
  return { asOf, expired, escalated };
}

/** `runBlacklistMaintenance`: city HRSS runs the upkeep by hand for today or a day before. */
export async function runOperatorMaintenance(
  ctx: ServiceContext,
  asOf: string,
  now = clockNow(),
): Promise<MaintenanceReport> {
  assertCityHrss(ctx.caller, 'run the blacklist maintenance');
  // a later day would expire entries still within their three years; year 0000 is no date PostgreSQL stores
  assertStatedDate(asOf, 'asOf', shanghaiDateOf(now));
  return runMaintenance(ctx.em, asOf);
}

/**
 * One statement decides which entries expire: `status = 'LISTED'` is re-checked on each row after
 * any lock wait, so an expiry racing a removal, or another expiry, leaves each entry one change.
 * The entry leaves the list the day after its last day, whenever the job runs.
 */
async function expireEntries(em: EntityManager, asOf: string): Promise<number> {
  const expired = await sql<{ id: string }>(
    em,
    `update blacklist_entry set status = 'EXPIRED', removed_on = listed_until + 1, updated_at = now(),
            removal_recorded_at = ?
      where status = 'LISTED' and listed_until < ?::date
     returning id`,
    [clockNow(), asOf],
  );
  if (expired.length === 0) return 0;
  const entries = await em.find(
    BlacklistEntry,
    { id: { $in: expired.map((r) => r.id) } },
    { orderBy: { listedUntil: 'asc', caseId: 'asc', subjectKind: 'asc', id: 'asc' } },
  );
  await publishChanges(
    em,
    entries.map((entry) => ({ kind: 'EXPIRED' as const, entry })),
  );
  return entries.length;
}

interface OverdueRow {
  case_id: string;
  deadline: string;
  escalated_on: string;
  district_code: string;
  order_deadline: string | null;
  employer_uscc: string;
  outstanding_fen: string;
}

/**
 * B2: a listing decision is due within 20 working days of the order's deadline
 * (`listing_decision_deadline`, computed by the case model). A case still in a state a listing is
 * decided from, with arrears outstanding and no entry, after that day gets a `listing_escalation`
 * row (its primary key makes this once per case) and notices to city HRSS and the case's district
 * HRSS. The case's state does not move: the decision can still be taken, late.
 */
async function escalateOverdueDecisions(em: EntityManager, asOf: string): Promise<number> {
  const rows = await sql<OverdueRow>(
    em,
    `with due as (
       insert into listing_escalation (case_id, deadline, escalated_on)
       select c.id, c.listing_decision_deadline, c.listing_decision_deadline + 1
         from wage_case c
        where c.listing_decision_deadline < ?::date
          and c.status = any(?::text[])
          and c.paid_total_fen < c.verified_total_fen
          and not exists (select 1 from blacklist_entry b where b.case_id = c.id)
       on conflict (case_id) do nothing
       returning case_id, deadline, escalated_on)
     select d.case_id, to_char(d.deadline, 'YYYY-MM-DD') as deadline,
            to_char(d.escalated_on, 'YYYY-MM-DD') as escalated_on, c.district_code,
            to_char(c.order_deadline, 'YYYY-MM-DD') as order_deadline, e.uscc as employer_uscc,
            (c.verified_total_fen - c.paid_total_fen)::text as outstanding_fen
       from due d join wage_case c on c.id = d.case_id join enterprise e on e.id = c.employer_id`,
    [asOf, LISTABLE],
  );
  const drafts: NoticeDraft[] = [];
  for (const r of rows) {
    const recipients = new Set([recipientKey.hrss(CITY_DISTRICT), recipientKey.hrss(r.district_code)]);
    for (const recipient of recipients) {
      drafts.push({
        topic: 'LISTING_DECISION_OVERDUE',
        recipient,
        dedupeKey: noticeDedupeKey('LISTING_DECISION_OVERDUE', r.case_id, recipient),
        payload: {
          caseId: r.case_id,
          districtCode: r.district_code,
          employerUscc: r.employer_uscc,
          orderDeadline: r.order_deadline,
          listingDecisionDeadline: r.deadline,
          escalatedOn: r.escalated_on,
          // yuan as a Money string, as every notice sends money (never fen)
          arrearsOutstanding: formatMoney(BigInt(r.outstanding_fen)),
        },
      });
    }
  }
  await addNotices(em, drafts);
  return rows.length;
}
