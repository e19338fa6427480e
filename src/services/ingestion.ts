import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdapterResult } from '../../adapters/bank-adapter';
import type { AccountEvent, RejectedEvent } from '../domain/account-event';
import { DomainError } from '../domain/errors';
import { resolveAtIntake } from './compliance/sweep';
import { reconcileStatements } from './reconciliation';
import { sql } from '../db/sql';
import {
  conflictMessage,
  conflictsWithStored,
  differingFields,
  recordConflicts,
  type ReplayConflict,
} from './replays';
import { reversalProblem } from './reversals';
import { storeProblem } from './storable';
import { isPrepared, rowsJson } from './prepared-batch';
import { refreshProjectDuties } from './duties/duty-sweep';
import { OPENED_AT_INTAKE } from '../domain/duties/account-duties';
import { todayInShanghai } from '../clock';
import { payrollMatchRows, payrollMatchSql } from './workforce/payroll-push';
import { evaluatePayrollAlerts } from './workforce/pay-alerts';
import { markPayAlerts } from './workforce/pay-alerts/pending';
import { counterpartyCardHash } from './workforce/pay-alerts/payments';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  unmatched: number;
  rejected: RejectedEvent[];
}

/** A bank's clock may run a little ahead; an event booked further in the future is refused. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * Stores what an adapter (or GraphQL) produced for one bank, inside the caller's transaction
 * (`em.execute` runs on the transaction's connection; `getConnection().execute` would not).
 * Set-based and idempotent: the unique (bank, bankEventId) constraint, not a read, decides what
 * is a duplicate, so concurrent replays of the same events count once; a replay with other
 * content is rejected as CONFLICTING_REPLAY (replays.ts). Each event's problem is that event's:
 * nothing PostgreSQL would refuse reaches the insert (storable.ts), so one bad event never fails
 * the others.
 */
export async function ingestForBank(
  em: EntityManager,
  bankCode: string,
  parsed: AdapterResult,
  now: Date,
  /** the archived push the events came from (inbound_document); none for GraphQL intake */
  documentId: string | null = null,
): Promise<IngestResult> {
  const intake = await BankIntake.start(em, bankCode, now, documentId);
  await intake.add(parsed);
  return intake.finish(parsed.statements);
}

/**
 * ingestForBank a batch at a time, for a large document read in batches (camt-batches.ts): each
 * batch is stored as ingestForBank stores a push, in the same transaction; what concerns the
 * whole push (resolving alerts its credits close, reconciling its statements, the answer's counts
 * and rejections in document order) is done once, by finish(). Only counts and the accounts
 * credited are kept between batches, never the events.
 */
export class BankIntake {
  private readonly rejected: RejectedEvent[] = [];
  private readonly credited = new Set<string>();
  /** accounts opened, closed or with a freeze attempted in this push: their duties at finish() */
  private readonly accountMoves = new Set<string>();
  /** accounts debited in this push: their PAID_OUTSIDE_PAYROLL at finish(), once for the push */
  private readonly debited = new Set<string>();
  /** projects whose payroll lines this push paid or failed: their pay alerts at finish() */
  private readonly payrollsChanged = new Set<string>();
  private accepted = 0;
  private unmatched = 0;
  private duplicates = 0;
  /** finish() left pay alerts to the follow-up (pay-alerts/pending.ts) */
  payAlertsMarked = false;

  private constructor(
    private readonly em: EntityManager,
    private readonly bankCode: string,
    private readonly now: Date,
    private readonly documentId: string | null,
    private readonly deferPayAlerts: boolean,
  ) {}

  static async start(
    em: EntityManager,
    bankCode: string,
    now: Date,
    documentId: string | null,
    /** the push route found the bank before it read the body: one statement less a push */
    {
      bankFound = false,
      deferPayAlerts = false,
    }: {
      bankFound?: boolean;
      /** a bank's push: the pay alerts are marked for the follow-up, not evaluated in the push */
      deferPayAlerts?: boolean;
    } = {},
  ): Promise<BankIntake> {
    if (!bankFound) {
      const bank = await sql(em, `select 1 from bank where code = ?`, [bankCode]);
      if (bank.length === 0)
        throw new DomainError('FORBIDDEN', `bank ${bankCode} is not registered with the hub`);
    }
    return new BankIntake(em, bankCode, now, documentId, deferPayAlerts);
  }

  /** Stores one batch's events; `parsed.statements` are left for finish(). */
  async add(parsed: AdapterResult): Promise<void> {
    const { em, bankCode, now, documentId, rejected } = this;
    const sorted = sortOutEvents(parsed, now);
    rejected.push(...sorted.rejected);
    this.duplicates += sorted.duplicates;
    const { conflicts, candidates, rawJson } = sorted;

    // A reversal naming its credit is checked once the batch's own credits are stored (a push may
    // carry both), one at a time so that reversals of one credit in one push add up.
    const linked = (c: Candidate) => c.event.type === 'CREDIT_REVERSAL' && !!c.event.reverses;
    // One statement: the accounts of the batch held at another bank, and the insert of the others.
    // Payroll debits and failures pay or fail their lines (R6) in the same statement: only events
    // stored now, so a replayed push changes no line (a linked reversal never pays one).
    const { stored, foreign, paidProjects } = await insertOwnEvents(
      em,
      bankCode,
      candidates.map((c) => c.event.accountNo),
      candidates.filter((c) => !linked(c)).map((c) => c.event),
      documentId,
      rawJson,
    );
    const toStore = candidates.filter(({ index, event }) => {
      if (!foreign.has(event.accountNo)) return true;
      rejected.push({
        index,
        code: 'ACCOUNT_AT_OTHER_BANK',
        message: `accountNo: ${event.accountNo} is a special account held at another bank; a bank writes only its own accounts`,
      });
      return false;
    });
    const attempted = toStore.filter((c) => !linked(c));
    for (const c of toStore.filter(linked)) {
      const problem = await reversalProblem(em, bankCode, c.event);
      if (problem) {
        rejected.push({ index: c.index, ...problem });
        continue;
      }
      attempted.push(c);
      stored.push(...(await insertOwnEvents(em, bankCode, [], [c.event], documentId, rawJson)).stored);
    }
    // What the insert skipped was stored already: a duplicate, or a replay with other content.
    const inserted = new Set(stored.map((r) => r.bank_event_id));
    const skipped = attempted.filter((c) => !inserted.has(c.event.bankEventId));
    const replayConflicts = await conflictsWithStored(em, bankCode, skipped);
    this.duplicates += skipped.length - replayConflicts.length;
    conflicts.push(...replayConflicts);
    await recordConflicts(em, bankCode, conflicts, now, documentId);
    for (const c of conflicts)
      rejected.push({ index: c.index, code: 'CONFLICTING_REPLAY', message: conflictMessage(c) });
    this.accepted += stored.length;
    for (const id of paidProjects) this.payrollsChanged.add(id);
    for (const r of stored) {
      if (!r.matched) this.unmatched += 1;
      else if (r.type === 'CREDIT' || r.type === 'CREDIT_REVERSAL') this.credited.add(r.account_no);
      if (r.matched && ACCOUNT_DUTY_EVENTS.has(r.type)) this.accountMoves.add(r.account_no);
      if (r.matched && r.type === 'DEBIT') this.debited.add(r.account_no);
    }
  }

  async finish(statements: AdapterResult['statements']): Promise<IngestResult> {
    const { em, bankCode, now } = this;
    this.rejected.sort((a, b) => a.index - b.index);
    // A credit that closes a shortfall resolves its alert now, not at the next sweep (R5); a
    // reversal that takes the catch-up back reopens it now.
    await resolveAtIntake(
      em,
      [...this.credited].map((accountNo) => ({ bankCode, accountNo })),
      now,
    );
    // An account opened or closed, or a freeze attempted (R5, R10): the project's duty alerts now, in
    // this push's transaction; a freeze or an early closing opens its alert at once, with its notices.
    if (this.accountMoves.size) await refreshAccountDuties(em, bankCode, [...this.accountMoves]);
    // Once per push (R6): money that left a special account was paid within its project's payroll
    // or not; and where the push paid or failed payroll lines, whether attending workers are paid
    // by their pay day and whether a failure is still unresolved.
    if (this.deferPayAlerts)
      this.payAlertsMarked = await markPayAlerts(em, { bankCode, accountNos: [...this.debited] }, [
        ...this.payrollsChanged,
      ]);
    else if (this.debited.size || this.payrollsChanged.size)
      await evaluatePayrollAlerts(em, [...this.payrollsChanged], {
        // the debited accounts' projects are found in the evaluation's first statement
        accounts: { bankCode, accountNos: [...this.debited] },
        kinds: this.payrollsChanged.size
          ? ['PAID_OUTSIDE_PAYROLL', 'ATTENDED_NOT_PAID', 'PAYMENT_FAILED_UNRESOLVED']
          : ['PAID_OUTSIDE_PAYROLL'],
      });
    // A statement's stated balances must agree with the events now stored for its period.
    if (statements.length) await reconcileStatements(em, bankCode, statements, now);
    return {
      accepted: this.accepted,
      duplicates: this.duplicates,
      unmatched: this.unmatched,
      rejected: this.rejected,
    };
  }
}

export const ACCOUNT_DUTY_EVENTS = new Set(['ACCOUNT_OPENED', 'ACCOUNT_CLOSED', 'FREEZE_ATTEMPT']);

/** A batch's events as the database will see them: what may be stored, and what is refused now. */
export interface SortedEvents {
  /** the adapter's rejections, then the unstorable and the future ones (in batch order) */
  rejected: RejectedEvent[];
  /** the same event twice in the batch with other content */
  conflicts: ReplayConflict[];
  /** the same event twice in the batch, identical */
  duplicates: number;
  candidates: Candidate[];
  /** events whose raw is JSON already (a prepared batch's) */
  rawJson: Map<AccountEvent, string>;
}

/**
 * What needs no database: each event's storability, its booking date, its twins in the batch.
 * Shared by the intake and the one-statement push (push-fast.ts), so both refuse alike.
 */
export function sortOutEvents(parsed: AdapterResult, now: Date): SortedEvents {
  const rejected: RejectedEvent[] = [...parsed.rejected];
  const indexOf = (i: number) => parsed.eventIndexes?.[i] ?? i;
  const firstInBatch = new Map<string, AccountEvent>();
  const conflicts: ReplayConflict[] = [];
  const candidates: Candidate[] = [];
  let duplicates = 0;
  // a batch from the batch reader's worker comes checked, its events' raw as JSON
  const prepared = isPrepared(parsed) ? parsed.prepared : null;
  const rawJson = new Map<AccountEvent, string>();
  parsed.events.forEach((event, i) => {
    const unstorable = prepared ? prepared.problems[i] : storeProblem(event);
    if (prepared && !unstorable) rawJson.set(event, prepared.rawJson[i]);
    const first = firstInBatch.get(event.bankEventId);
    if (unstorable) {
      rejected.push({ index: indexOf(i), ...unstorable });
    } else if (event.bookedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      rejected.push({ index: indexOf(i), code: 'BOOKED_IN_FUTURE', message: 'bookedAt: is in the future' });
    } else if (first) {
      // the same event twice in one batch: the first one counts, a different second one conflicts
      const differing = differingFields(first, event);
      if (differing.length) conflicts.push({ index: indexOf(i), bankEventId: event.bankEventId, differing });
      else duplicates += 1;
    } else {
      firstInBatch.set(event.bankEventId, event);
      candidates.push({ index: indexOf(i), event });
    }
  });
  return { rejected, conflicts, duplicates, candidates, rawJson };
}

async function projectsOf(em: EntityManager, bankCode: string, accountNos: string[]): Promise<string[]> {
  const rows = await sql<{ project_id: string }>(
    em,
    `select project_id::text from special_account where bank_code = ? and account_no in (select jsonb_array_elements_text(?::jsonb))`,
    [bankCode, JSON.stringify(accountNos)],
  );
  return rows.map((r) => r.project_id);
}

async function refreshAccountDuties(
  em: EntityManager,
  bankCode: string,
  accountNos: string[],
): Promise<void> {
  await refreshProjectDuties(em, await projectsOf(em, bankCode, accountNos), todayInShanghai(), {
    openKinds: OPENED_AT_INTAKE,
    freezes: true,
  });
}

export interface Candidate {
  index: number;
  event: AccountEvent;
}

interface StoredRow {
  matched: boolean;
  account_no: string;
  type: string;
  bank_event_id: string;
}

/**
 * Inserts `events` but those of accounts held at another bank (by this bank's foreign-account
 * rule, over `accountNos`), in one statement; answers the rows stored and the foreign accounts.
 * The rows travel as one JSON parameter (no array expansion).
 */
async function insertOwnEvents(
  em: EntityManager,
  bankCode: string,
  accountNos: string[],
  events: AccountEvent[],
  documentId: string | null,
  /** events whose raw is JSON already (a prepared batch's) */
  rawJson: ReadonlyMap<AccountEvent, string>,
): Promise<{ stored: StoredRow[]; foreign: Set<string>; paidProjects: string[] }> {
  if (accountNos.length === 0 && events.length === 0)
    return { stored: [], foreign: new Set(), paidProjects: [] };
  const out = await sql<StoredRow & { elsewhere: boolean; paid_project: string | null }>(
    em,
    `with held_elsewhere as (
       select distinct a.account_no from special_account a
        where a.account_no in (select jsonb_array_elements_text(?::jsonb)) and a.bank_code <> ?
          and not exists (select 1 from special_account mine where mine.bank_code = ? and mine.account_no = a.account_no)),
     ins as (
       ${INSERT_EVENTS_FROM_E}
         from jsonb_to_recordset(?::jsonb) as e(bank_event_id text, account_no text, type text, amount_fen bigint,
              booked_at timestamptz, counterparty_name text, counterparty_account text, memo text,
              counterparty_card_hash text, reverses text, court text, order_no text, raw jsonb)
        where e.account_no not in (select account_no from held_elsewhere)
       on conflict (bank_code, bank_event_id) do nothing
       returning bank_event_id, account_no, type, exists (select 1 from special_account sa
                          where sa.bank_code = account_event.bank_code and sa.account_no = account_event.account_no) as matched),
     ${payrollMatchSql('ins')}
     select bank_event_id, account_no, type, matched, false as elsewhere, null as paid_project from ins
     union all
     select null, account_no, null, null, true, null from held_elsewhere
     union all
     select distinct null, null, null, null::boolean, null::boolean, project_id from payroll_paid`,
    [
      JSON.stringify([...new Set(accountNos)]),
      bankCode,
      bankCode,
      bankCode,
      documentId,
      eventRowsJson(events, rawJson),
      JSON.stringify(payrollMatchRows(events)),
      bankCode,
    ],
  );
  const paidProjects = out.filter((r) => r.paid_project !== null).map((r) => r.paid_project!);
  const foreign = new Set(out.filter((r) => r.elsewhere).map((r) => r.account_no));
  return { stored: out.filter((r) => r.elsewhere === false), foreign, paidProjects };
}

/**
 * The events' insert from rows `e` (eventRowsJson's columns), its two parameters the bank's code
 * and the archived document's id: the full path's insert and push-fast.ts's one statement store
 * the same columns the same way.
 */
export const INSERT_EVENTS_FROM_E = `insert into account_event
         (bank_code, bank_event_id, account_no, type, amount_fen, booked_at, counterparty_name,
          counterparty_account, memo, counterparty_card_hash, reverses, court, order_no, raw, document_id)
       select ?, e.bank_event_id, e.account_no, e.type, e.amount_fen, e.booked_at, e.counterparty_name,
              e.counterparty_account, e.memo, e.counterparty_card_hash, e.reverses, e.court, e.order_no,
              coalesce(e.raw, 'null'::jsonb), ?::uuid`;

/** The events as the insert's one JSON parameter (the columns of insertOwnEvents' jsonb_to_recordset; push-fast.ts's too). */
export function eventRowsJson(
  events: readonly AccountEvent[],
  /** events whose raw is JSON already (a prepared batch's) */
  rawJson: ReadonlyMap<AccountEvent, string>,
): string {
  const rows = events.map((e) => ({
    bank_event_id: e.bankEventId,
    account_no: e.accountNo,
    type: e.type,
    amount_fen: e.amountFen === null ? null : e.amountFen.toString(),
    booked_at: e.bookedAt.toISOString(),
    counterparty_name: e.counterpartyName,
    counterparty_account: e.counterpartyAccount,
    memo: e.memo,
    // a DEBIT's card hashed once here, not at every PAID_OUTSIDE_PAYROLL evaluation of its project
    counterparty_card_hash: e.type === 'DEBIT' ? counterpartyCardHash(e.counterpartyAccount) : null,
    reverses: e.reverses ?? null,
    court: e.court ?? null,
    order_no: e.orderNo ?? null,
    raw: e.raw ?? null,
  }));
  return rowsJson(rows, (i) => rawJson.get(events[i]));
}
