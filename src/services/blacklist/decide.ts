import { LockMode } from '@mikro-orm/core';
import { sql } from '../../db/sql';
import { addDays, shanghaiDateOf } from '../../domain/dates';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { amountThresholdTest, listedUntil } from '../../domain/listing-test';
import { formatMoney } from '../../domain/money';
import { isUuid } from '../../domain/uuid';
import { CASE_AUTHORITY, describeActors, mayAct, startsListingClock } from '../../domain/case-authority';
import { BlacklistEntry, LISTING_GROUNDS, type ListingGround } from '../../entities/blacklist-entry.entity';
import { loadListingFacts, recordCaseTransition } from '../cases/listing-facts';
import { findCase } from '../cases/scope';
import type { ServiceContext } from '../context';
import { assertStatedDate } from '../stated-date';
import { conflictOnDuplicate } from '../unique-violation';
import { mayReadEntry } from './access';
import { publishChanges } from './changes';
import { loadThresholds } from './thresholds';
import { now as clockNow } from '../../clock';

const yuan = (fen: bigint) => `¥${formatMoney(fen)}`;

/**
 * `decideListing` (B1–B2): lists a case's employer, and its legal representative with it, for
 * three years. Refused, each with its own message: a case the caller does not see (NOT_FOUND,
 * saying nothing of it); a caller who is not the HRSS of the case's district or city HRSS
 * (FORBIDDEN: the authority table); a case with no order to pay; an order not issued by HRSS (only
 * an HRSS order starts the listing clock, Order 45); a decision on or before the order's deadline;
 * arrears already paid; an AMOUNT_THRESHOLD the amounts do not reach (naming the thresholds in
 * force); a case already listed; a state the case table does not list from. Scope and authority
 * are read before the case row is locked; the facts after, so a payment recorded at the same
 * moment either commits before the checks read it or waits for the decision.
 */
export async function decideListing(
  ctx: ServiceContext,
  input: { caseId: string; decidedOn: string; ground: string; note?: string | null },
  now = clockNow(),
): Promise<BlacklistEntry> {
  const { caseId, decidedOn, ground } = input;
  assertStatedDate(decidedOn, 'decidedOn', shanghaiDateOf(now)); // a decision is recorded once taken
  if (!(LISTING_GROUNDS as readonly string[]).includes(ground)) {
    throw badInput('ground', `must be one of ${LISTING_GROUNDS.join(', ')}`);
  }
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) throw badInput('note', 'must be at most 2000 characters');
  const { em } = ctx;
  const seen = await findCase(ctx, caseId);
  if (!seen) throw notFound(`case ${caseId}`);
  if (!mayAct(ctx.caller, seen, 'LIST')) {
    throw forbidden(`a listing on this case is decided by ${describeActors(CASE_AUTHORITY.LIST)}`);
  }
  await sql(em, `select 1 from wage_case where id = ? for update`, [caseId]);
  const facts = await loadListingFacts(em, caseId);
  if (!facts) throw notFound(`case ${caseId}`);

  if (!facts.orderDeadline) {
    throw conflict(
      `case ${caseId} has no order to pay (责令限期支付): a listing is decided only after an order's deadline has passed unpaid`,
      'caseId',
    );
  }
  if (!facts.orderIssuedBy || !startsListingClock(facts.orderIssuedBy)) {
    const by = facts.orderIssuedBy ? ` was issued by ${facts.orderIssuedBy.org} and` : '';
    throw conflict(
      `the order to pay on case ${caseId}${by} is not an HRSS order: only an order by HRSS (the district's or the city's) starts the listing clock and allows a listing (Order 45); HRSS may issue its own (orderPayment)`,
      'caseId',
    );
  }
  if (decidedOn <= facts.orderDeadline) {
    throw badInput(
      'decidedOn',
      `the order's deadline ${facts.orderDeadline} has not passed on ${decidedOn}: a listing can be decided from ${addDays(facts.orderDeadline, 1)}`,
    );
  }
  if (facts.arrearsOutstandingFen === 0n) {
    const paid = facts.paidInFullOn ? ` on ${facts.paidInFullOn}` : '';
    throw conflict(
      `the arrears of case ${caseId} are paid (${yuan(facts.paidTotalFen)} of ${yuan(facts.verifiedTotalFen)}${paid}): a party that has paid is not listed`,
      'caseId',
    );
  }
  let basis: string;
  if ((ground as ListingGround) === 'AMOUNT_THRESHOLD') {
    const thresholds = await loadThresholds(em);
    const test = amountThresholdTest(facts.lines, facts.arrearsOutstandingFen, thresholds);
    if (!test.met) throw badInput('ground', `AMOUNT_THRESHOLD: ${test.explanation}`);
    basis = test.explanation + (note ? `; ${note}` : '');
  } else {
    basis = note ?? 'the arrears caused a mass or extreme incident (Order 45 art. 5)';
  }
  const standing = await em.findOne(BlacklistEntry, { caseId, status: 'LISTED' });
  if (standing) {
    throw conflict(
      `case ${caseId} is already listed (entry ${standing.id}, decided on ${standing.decidedOn})`,
      'caseId',
    );
  }

  await recordCaseTransition(em, caseId, 'LISTED', ctx.caller, decidedOn, `${ground}: ${basis}`);
  const common = {
    caseId,
    enterpriseId: facts.employer.id,
    ground: ground as ListingGround,
    districtCode: facts.districtCode,
    decidedOn,
    listedUntil: listedUntil(decidedOn),
    decisionDeadline: facts.listingDecisionDeadline,
    basis,
    decidedBy: ctx.caller.sub,
  };
  const employer = em.create(BlacklistEntry, {
    ...common,
    subjectKind: 'ENTERPRISE',
    name: facts.employer.name,
    uscc: facts.employer.uscc,
  });
  const listed = [employer];
  if (facts.employer.legalRepName) {
    listed.push(
      em.create(BlacklistEntry, {
        ...common,
        subjectKind: 'PERSON',
        legalRepOf: employer.id,
        name: facts.employer.legalRepName,
        idNumber: facts.employer.legalRepIdNumber,
      }),
    );
  }
  await conflictOnDuplicate(
    () =>
      publishChanges(
        em,
        listed.map((entry) => ({ kind: 'LISTED' as const, entry })),
      ),
    `case ${caseId} is already listed`,
    'caseId',
  );
  return employer;
}

/**
 * The entry with `id`, locked for the rest of the transaction. Who may see it (mayReadEntry) is
 * read first, without a lock: an entry the caller may not see is NOT_FOUND, saying nothing of it,
 * and its row is never held for that caller. Then `authorize` (FORBIDDEN for a reader who may not
 * act), then the lock.
 */
export async function lockEntry(
  ctx: ServiceContext,
  id: string,
  authorize: (districtCode: string) => void,
): Promise<BlacklistEntry> {
  const [seen] = isUuid(id)
    ? await sql<{ district_code: string }>(ctx.em, `select district_code from blacklist_entry where id = ?`, [
        id,
      ])
    : [];
  if (!seen || !mayReadEntry(ctx.caller, seen.district_code)) throw notFound(`blacklist entry ${id}`);
  authorize(seen.district_code);
  const entry = await ctx.em.findOne(BlacklistEntry, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!entry) throw notFound(`blacklist entry ${id}`);
  return entry;
}
