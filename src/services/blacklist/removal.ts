import { LockMode } from '@mikro-orm/core';
import { assertCityHrss } from '../../auth/scope';
import { shanghaiDateOf } from '../../domain/dates';
import { badInput, conflict } from '../../domain/errors';
import { earliestEarlyRemoval } from '../../domain/listing-test';
import { formatMoney } from '../../domain/money';
import { BlacklistEntry, REMOVAL_REASONS, type RemovalReason } from '../../entities/blacklist-entry.entity';
import { loadListingFacts } from '../cases/listing-facts';
import { requiredText, type ServiceContext } from '../context';
import { assertStatedDate } from '../stated-date';
import { assertHrssOf } from './access';
import { publishChanges } from './changes';
import { lockEntry } from './decide';
import { now as clockNow } from '../../clock';

/**
 * `removeFromBlacklist` (B5). EARLY_REMOVAL, on the listed employer's application, when the case's
 * arrears are paid, six full months have passed since the day they were paid in full, and a
 * written credit commitment is on file (`recordCreditCommitment`); for city HRSS or the district
 * HRSS that decided. CORRECTION, when the listing was wrong: city HRSS only (it publishes the
 * list), with a note. Removing the employer removes its legal representative's entry of the same
 * decision with it (the person was listed because the employer was); a PERSON entry alone leaves
 * only by CORRECTION. Each entry that leaves is one REMOVED change. The case stays LISTED: the
 * case table has no move back, and the case's history keeps the decision.
 */
export async function removeFromBlacklist(
  ctx: ServiceContext,
  input: { entryId: string; on: string; reason: string; note?: string | null },
  now = clockNow(),
): Promise<BlacklistEntry> {
  const { on } = input;
  assertStatedDate(on, 'on', shanghaiDateOf(now)); // a removal is recorded once made
  if (!(REMOVAL_REASONS as readonly string[]).includes(input.reason)) {
    throw badInput('reason', `must be one of ${REMOVAL_REASONS.join(', ')}`);
  }
  const reason = input.reason as RemovalReason;
  let note: string | null = input.note?.trim() || null;
  if (reason === 'CORRECTION') note = requiredText(input.note ?? '', 'note', 2000);
  const entry = await lockEntry(ctx, input.entryId, (district) =>
    reason === 'CORRECTION'
      ? assertCityHrss(ctx.caller, 'correct the blacklist')
      : assertHrssOf(ctx.caller, district, 'remove this entry early'),
  );
  if (entry.status !== 'LISTED') {
    throw conflict(`entry ${entry.id} is ${entry.status} since ${entry.removedOn}`, 'entryId');
  }
  if (on < entry.decidedOn) {
    throw badInput('on', `${on} is before the listing was decided (${entry.decidedOn})`);
  }
  if (reason === 'EARLY_REMOVAL') await assertEarlyRemovalAllowed(ctx, entry, on);

  const leaving = [entry];
  if (entry.subjectKind === 'ENTERPRISE') {
    leaving.push(
      ...(await ctx.em.find(
        BlacklistEntry,
        { legalRepOf: entry.id, status: 'LISTED' },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      )),
    );
  }
  const recordedAt = clockNow();
  for (const e of leaving) {
    Object.assign(e, { status: 'REMOVED', removedOn: on, removalReason: reason, removalNote: note });
    e.removedBy = ctx.caller.sub;
    e.removalRecordedAt = recordedAt;
  }
  await publishChanges(
    ctx.em,
    leaving.map((e) => ({ kind: 'REMOVED' as const, entry: e })),
  );
  return entry;
}

async function assertEarlyRemovalAllowed(
  ctx: ServiceContext,
  entry: BlacklistEntry,
  on: string,
): Promise<void> {
  if (entry.subjectKind === 'PERSON') {
    throw conflict(
      `early removal is applied for by the employer: remove entry ${entry.legalRepOf}, and its legal representative leaves with it`,
      'entryId',
    );
  }
  const facts = await loadListingFacts(ctx.em, entry.caseId);
  if (!facts || facts.arrearsOutstandingFen > 0n) {
    const owed = facts ? ` (¥${formatMoney(facts.arrearsOutstandingFen)} outstanding)` : '';
    throw conflict(
      `the arrears of case ${entry.caseId} are not paid${owed}: early removal needs them paid`,
      'entryId',
    );
  }
  if (!facts.paidInFullOn) {
    throw conflict(
      `case ${entry.caseId} has no recorded day of full payment: early removal counts six months from it`,
      'entryId',
    );
  }
  const earliest = earliestEarlyRemoval(facts.paidInFullOn);
  if (on < earliest) {
    throw badInput(
      'on',
      `six months since the arrears were paid in full on ${facts.paidInFullOn} have not passed on ${on}: early removal from ${earliest}`,
    );
  }
  if (!entry.creditCommitmentOn || entry.creditCommitmentOn > on) {
    throw conflict(
      `no written credit commitment (信用承诺书) is on file for entry ${entry.id}${entry.creditCommitmentOn ? ` by ${on}` : ''}: record it with recordCreditCommitment`,
      'entryId',
    );
  }
}

/**
 * Puts the employer's written credit commitment on file (for early removal, B5). It is the
 * employer's, so it goes on the employer's entry; received on or after the decision (it comes with
 * the application) and not after today. A later one replaces an earlier one. Publishes nothing:
 * the commitment is not part of the published entry.
 */
export async function recordCreditCommitment(
  ctx: ServiceContext,
  input: { entryId: string; receivedOn: string },
  now = clockNow(),
): Promise<BlacklistEntry> {
  const { receivedOn } = input;
  assertStatedDate(receivedOn, 'receivedOn', shanghaiDateOf(now));
  const entry = await lockEntry(ctx, input.entryId, (district) =>
    assertHrssOf(ctx.caller, district, 'record a credit commitment for this entry'),
  );
  if (entry.subjectKind !== 'ENTERPRISE') {
    throw badInput('entryId', `the commitment is the employer's: record it on entry ${entry.legalRepOf}`);
  }
  if (entry.status !== 'LISTED') {
    throw conflict(`entry ${entry.id} is ${entry.status} since ${entry.removedOn}`, 'entryId');
  }
  if (receivedOn < entry.decidedOn) {
    throw badInput('receivedOn', `${receivedOn} is before the listing was decided (${entry.decidedOn})`);
  }
  entry.creditCommitmentOn = receivedOn;
  entry.creditCommitmentRecordedAt = clockNow();
  await ctx.em.flush();
  return entry;
}
