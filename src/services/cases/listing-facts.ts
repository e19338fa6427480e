import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { sql } from '../../db/sql';
import { CASE_AUTHORITY, describeActors, mayAct } from '../../domain/case-authority';
import { CASE_MOVES, moveTo, MOVES_BY_TARGET } from '../../domain/case-states';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { assertStatedDate } from '../stated-date';

/**
 * The case facts a listing decision (B1–B2) needs, and the one way for it to move a case.
 *
 * Stable interface for the blacklist work; it reads by SQL so that it depends on table names only:
 * - entity `WageCase` (src/entities/wage-case.entity.ts), table `wage_case`
 *   (status, district_code, project_id, employer_id, order_issued_on, order_deadline,
 *   listing_decision_deadline, verified_total_fen, paid_total_fen)
 * - entity `WageCaseLine`, table `wage_case_line` (case_id, months_owed, amount_fen; the worker's
 *   name and ID number are personal data and are not part of the facts)
 * - entity `WageCaseTransition`, table `wage_case_transition` (every move: from/to, who, when)
 * - the employer is `enterprise` (legal_rep_name, legal_rep_id_number: the ID number unmasked, for
 *   the listing of the person; never return it to a caller unmasked)
 *
 * Amounts are integer fen. `arrearsOutstandingFen` = max(0, verified − paid); before verification
 * the verified total is 0.
 */
export interface ListingFacts {
  caseId: string;
  status: string;
  districtCode: string;
  projectId: string | null;
  employer: {
    id: string;
    uscc: string;
    name: string;
    legalRepName: string | null;
    legalRepIdNumber: string | null;
  };
  orderIssuedOn: string | null;
  /** who issued the order to pay; only an HRSS order allows a listing (case-authority.ts) */
  orderIssuedBy: { org: string; district: string } | null;
  orderDeadline: string | null;
  listingDecisionDeadline: string | null;
  verifiedTotalFen: bigint;
  paidTotalFen: bigint;
  arrearsOutstandingFen: bigint;
  lines: { monthsOwed: number; amountFen: bigint }[];
  /** the date of the payment that cleared the arrears, when they are cleared (B5's "six months since") */
  paidInFullOn?: string | null;
}

interface FactsRow {
  id: string;
  status: string;
  district_code: string;
  project_id: string | null;
  employer_id: string;
  uscc: string;
  name: string;
  legal_rep_name: string | null;
  legal_rep_id_number: string | null;
  order_issued_on: string | null;
  order_issued_by_org: string | null;
  order_issued_by_district: string | null;
  order_deadline: string | null;
  listing_decision_deadline: string | null;
  verified_total_fen: string;
  paid_total_fen: string;
  paid_in_full_on: string | null;
}

/** The facts of one case, or null when there is no such case. No scope check: the caller's job. */
export async function loadListingFacts(em: EntityManager, caseId: string): Promise<ListingFacts | null> {
  if (!isUuid(caseId)) return null;
  const [row] = await sql<FactsRow>(
    em,
    `select c.id, c.status, c.district_code, c.project_id, c.employer_id, e.uscc, e.name,
            e.legal_rep_name, e.legal_rep_id_number,
            to_char(c.order_issued_on, 'YYYY-MM-DD') as order_issued_on,
            c.order_issued_by_org, c.order_issued_by_district,
            to_char(c.order_deadline, 'YYYY-MM-DD') as order_deadline,
            to_char(c.listing_decision_deadline, 'YYYY-MM-DD') as listing_decision_deadline,
            c.verified_total_fen::text as verified_total_fen, c.paid_total_fen::text as paid_total_fen,
            to_char(c.paid_in_full_on, 'YYYY-MM-DD') as paid_in_full_on
       from wage_case c join enterprise e on e.id = c.employer_id
      where c.id = ?`,
    [caseId],
  );
  if (!row) return null;
  const lines = await sql<{ months_owed: number; amount_fen: string }>(
    em,
    `select months_owed, amount_fen::text as amount_fen from wage_case_line where case_id = ? order by position`,
    [caseId],
  );
  const verified = BigInt(row.verified_total_fen);
  const paid = BigInt(row.paid_total_fen);
  return {
    caseId: row.id,
    status: row.status,
    districtCode: row.district_code,
    projectId: row.project_id,
    employer: {
      id: row.employer_id,
      uscc: row.uscc,
      name: row.name,
      legalRepName: row.legal_rep_name,
      legalRepIdNumber: row.legal_rep_id_number,
    },
    orderIssuedOn: row.order_issued_on,
    orderIssuedBy:
      row.order_issued_by_org && row.order_issued_by_district
        ? { org: row.order_issued_by_org, district: row.order_issued_by_district }
        : null,
    orderDeadline: row.order_deadline,
    listingDecisionDeadline: row.listing_decision_deadline,
    verifiedTotalFen: verified,
    paidTotalFen: paid,
    arrearsOutstandingFen: verified > paid ? verified - paid : 0n,
    lines: lines.map((l) => ({ monthsOwed: Number(l.months_owed), amountFen: BigInt(l.amount_fen) })),
    paidInFullOn: row.paid_in_full_on,
  };
}

/**
 * Moves a case to `to` on `on`, keeping who and when in `wage_case_transition`, in the caller's
 * transaction (it never commits). Checks, in this order: `on` a real date and not after today
 * (BAD_USER_INPUT); `by` one who may make the move by the authority table
 * (src/domain/case-authority.ts; LIST: the HRSS of the case's district or city HRSS; else
 * FORBIDDEN), read before any lock so a caller without authority never holds the row; then, with
 * the case row locked, the move must exist from the case's current status (else CONFLICT naming
 * both states) and be one made by target (MOVES_BY_TARGET: LIST; the others have their own
 * mutations, which check their own facts). Whether `by` may see the case is the calling service's
 * check (it answers NOT_FOUND first). The facts behind the move (deadline passed, arrears unpaid,
 * …) are the calling service's too, with its own messages. `on` may not be before the case's last
 * move.
 */
export async function recordCaseTransition(
  em: EntityManager,
  caseId: string,
  to: string,
  by: Caller,
  on: string,
  note?: string,
): Promise<void> {
  if (!isUuid(caseId)) throw notFound('case');
  assertStatedDate(on, 'on');
  const [place] = await sql<{ routed_org: string; district_code: string }>(
    em,
    `select routed_org, district_code from wage_case where id = ?`,
    [caseId],
  );
  if (!place) throw notFound('case');
  // the action a move by target to `to` would be (LIST for LISTED), for the authority check
  const action = CASE_MOVES.find(
    (m) => m.to === to && m.from !== to && MOVES_BY_TARGET.includes(m.action),
  )?.action;
  if (action && !mayAct(by, { routedOrg: place.routed_org, districtCode: place.district_code }, action)) {
    throw forbidden(`${action} on this case is for ${describeActors(CASE_AUTHORITY[action])}`);
  }
  const [row] = await sql<{ status: string; last_on: string | null }>(
    em,
    `select c.status,
            (select to_char(max(t.on_date), 'YYYY-MM-DD') from wage_case_transition t where t.case_id = c.id) as last_on
       from wage_case c where c.id = ? for update of c`,
    [caseId],
  );
  const found = moveTo(row.status, to);
  if (!found) throw conflict(`status: a case in state ${row.status} cannot move to ${to}`, 'status');
  if (!MOVES_BY_TARGET.includes(found.action)) {
    throw conflict(
      `status: ${found.action} (to ${to}) is the case service's own step, not a move by target`,
      'status',
    );
  }
  if (row.last_on && on < row.last_on) {
    throw badInput('on', `${on} is before the case's last step on ${row.last_on}`);
  }
  await sql(em, `update wage_case set status = ?, updated_at = now() where id = ?`, [to, caseId]);
  await insertTransition(em, caseId, found.action, row.status, to, by, on, note ?? null);
}

/** Writes one history row (the services call it for every move they make). */
export async function insertTransition(
  em: EntityManager,
  caseId: string,
  action: string,
  from: string | null,
  to: string,
  by: Caller,
  on: string,
  note: string | null,
): Promise<void> {
  await sql(
    em,
    `insert into wage_case_transition
       (id, case_id, action, from_status, to_status, on_date, by_sub, by_org, by_district, note, recorded_at)
     values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())`,
    [caseId, action, from, to, on, by.sub, by.org, by.district, note],
  );
}
