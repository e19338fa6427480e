/**
 * A small, plain push in ONE autocommitted statement (issue #9 item 8): the claim of its
 * `webhook-id` with the bank profile's version check, the archive, the events' insert with the
 * accounts held at another bank, the payroll match, the pay alerts' mark (pay-alerts/pending.ts),
 * the counts and the answer. The full path (push-intake.ts) sends ~6 statements in a transaction
 * — each a round trip and a turn of the hub's thread — and that fixed cost, not the rows, bounded
 * a 10-event push at a tenth of a raw INSERT's rate. A single statement is atomic in PostgreSQL,
 * so no BEGIN/COMMIT is needed; it is a named prepared statement, planned once per connection.
 *
 * Only a push that needs none of the rare work comes here (`fastPushable`): no reversal, no
 * account opened, closed or frozen, no twin events in it, no statement to reconcile, not large.
 * What only the database knows (an event stored before, an account at another bank, a credit on
 * an account with an alert it may close, an outdated bank profile, a taken webhook-id) makes the
 * statement raise WW001 (push_full_path(), migration 20261206110000): it then stored nothing, and
 * the caller takes the push the full way, which answers such a push as it always did. The answer
 * is built the full path's way (the same fields, in the same order), so a push gets the same bytes
 * either way (test/integration/push-fast.test.ts).
 *
 * Lock order: the claim comes first here as in the full path (the insert and the archive wait on
 * it), so two deliveries of one webhook-id, fast or full, queue on the claim and never crosswise.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import type { AdapterResult } from '../../adapters/bank-adapter';
import type { RejectedEvent } from '../domain/account-event';
import { archivedInSlices } from './archive-in-slices';
import { BANK_VERSION_SQL } from './bank-profiles';
import type { ReceivedDocument } from './inbound-documents';
import { ACCOUNT_DUTY_EVENTS, eventRowsJson, INSERT_EVENTS_FROM_E, sortOutEvents } from './ingestion';
import { DEBITED_KINDS, PAYROLL_CHANGED_KINDS } from './workforce/pay-alerts/pending';
import { payrollMatchRows, payrollMatchSql } from './workforce/payroll-push';
import { deliveryKey, type DeliveryAnswer } from './webhook-deliveries';
import { positionalText } from '../db/sql';

/** push_full_path()'s SQLSTATE: the push needs the full path; nothing was stored. */
export const FULL_PATH_SQLSTATE = 'WW001';

export const isFullPathSignal = (err: unknown): boolean =>
  (err as { code?: unknown } | null)?.code === FULL_PATH_SQLSTATE;

export interface FastPush {
  /** the events to store, all of them (a push any of whose events would not be stored goes full) */
  rowsJson: string;
  payrollJson: string;
  /** the answer's rejections: the adapter's and those refused before the database, in order */
  rejected: RejectedEvent[];
  events: number;
}

/**
 * The push as the one statement takes it, or null when it needs the full path for what Node can
 * see already. The rejections are those the full path makes before the database, sorted as its
 * answer sorts them.
 */
export function fastPushable(parsed: AdapterResult, body: Buffer, now: Date): FastPush | null {
  if (parsed.statements.length || archivedInSlices(body)) return null;
  const sorted = sortOutEvents(parsed, now);
  if (sorted.conflicts.length || sorted.duplicates || !sorted.candidates.length) return null;
  const events = sorted.candidates.map((c) => c.event);
  if (events.some((e) => e.type === 'CREDIT_REVERSAL' || ACCOUNT_DUTY_EVENTS.has(e.type))) return null;
  return {
    rowsJson: eventRowsJson(events, sorted.rawJson),
    payrollJson: JSON.stringify(payrollMatchRows(events)),
    rejected: sorted.rejected.sort((a, b) => a.index - b.index),
    events: events.length,
  };
}

/**
 * The statement, written with `?` in the order of its parameters (as db/sql.ts takes them) and
 * numbered once here. The answer's body is JSON.stringify(IngestResult)'s: numbers, then the
 * rejections' JSON as Node wrote it.
 */
const FAST_PUSH_SQL =
  positional(`with bank_now as (select ${BANK_VERSION_SQL} as version from bank b where b.code = ?),
 e as (
   select * from jsonb_to_recordset(?::jsonb) as e(bank_event_id text, account_no text, type text, amount_fen bigint,
          booked_at timestamptz, counterparty_name text, counterparty_account text, memo text,
          counterparty_card_hash text, reverses text, court text, order_no text, raw jsonb)),
 counted as (
   select count(*)::int as accepted,
          (count(*) filter (where not exists (select 1 from special_account sa
                                               where sa.bank_code = ? and sa.account_no = e.account_no)))::int as unmatched
     from e),
 answer as (
   select c.accepted, c.unmatched,
          '{"accepted":' || c.accepted || ',"duplicates":0,"unmatched":' || c.unmatched || ',"rejected":' || ?::text || '}' as body
     from counted c),
 claim as (
   insert into webhook_delivery (bank_code, webhook_id_sha256, received_at, status, answer)
   select ?, ?, ?::timestamptz, 200, a.body from answer a where exists (select 1 from bank_now where version = ?)
   on conflict do nothing returning 1),
 held_elsewhere as (
   select 1 from special_account a
    where a.account_no in (select account_no from e) and a.bank_code <> ?
      and not exists (select 1 from special_account mine where mine.bank_code = ? and mine.account_no = a.account_no)),
 archived as (
   insert into inbound_document (id, bank_code, content_type, charset, body, sha256, size, received_at, adapter,
                                 account_no_hint, webhook_id, accepted, duplicates, unmatched, rejected)
   select ?::uuid, ?, ?, ?, ?::bytea, ?, ?::int, ?::timestamptz, ?, ?, ?, a.accepted, 0, a.unmatched, ?::int
     from answer a where exists (select 1 from claim)
   returning 1),
 ins as (
   ${INSERT_EVENTS_FROM_E}
     from e where exists (select 1 from claim)
   on conflict (bank_code, bank_event_id) do nothing
   returning bank_event_id, account_no, type),
 ${payrollMatchSql('ins')},
 marked as (
   select array_agg(distinct m.project_id) as ids from (
     select sa.project_id from ins join special_account sa on sa.bank_code = ? and sa.account_no = ins.account_no
      where ins.type = 'DEBIT'
     union all
     select project_id::uuid from payroll_paid) m),
 marks as (
   insert into pay_alert_pending (project_ids, kinds)
   select m.ids, case when exists (select 1 from payroll_paid) then ?::text[] else ?::text[] end
     from marked m where m.ids is not null
   returning 1)
 select case
          when not exists (select 1 from claim) then push_full_path('webhook-id taken or bank profile outdated')
          when exists (select 1 from held_elsewhere) then push_full_path('an account at another bank')
          when (select count(*) from ins) <> (select accepted from counted) then push_full_path('an event stored before')
          when exists (
            select 1 from alert al join tripartite_agreement ag on ag.id = al.agreement_id
              join special_account sa on sa.id = ag.account_id
             where sa.bank_code = ? and sa.account_no in (select account_no from e where type = 'CREDIT')
               and (al.status = 'OPEN'
                    or (al.status = 'RESOLVED' and exists (
                          select 1 from account_event ev
                           where ev.bank_code = sa.bank_code and ev.account_no = sa.account_no
                             and ev.type = 'CREDIT_REVERSAL'
                             and ev.booked_at >= (al.resolved_on::timestamp at time zone 'Asia/Shanghai')))))
            then push_full_path('a credit on an account with an alert')
          else (select count(*) from marks)
        end as marked,
        (select accepted from counted) as accepted,
        (select body from answer) as answer`);

/** The statement's name: its text is fixed, so each pooled connection prepares it once. */
const STATEMENT_NAME = 'wagewatch_fast_push_v2';

export interface FastPushResult {
  answer: DeliveryAnswer;
  accepted: number;
  /** the push left pay alerts to the follow-up */
  payAlertsMarked: boolean;
}

/**
 * Sends the push as one statement on a connection of the ORM's pool. Throws the database's error:
 * WW001 (isFullPathSignal) when the full path must take the push, having stored nothing.
 */
export async function storeFastPush(
  orm: MikroORM,
  received: ReceivedDocument & { webhookId: string },
  push: FastPush,
  bankVersion: string,
): Promise<FastPushResult> {
  const { doc, receivedAt, webhookId } = received;
  const rejectedJson = JSON.stringify(push.rejected);
  const documentId = randomUUID();
  const values = [
    doc.bankCode,
    push.rowsJson,
    doc.bankCode,
    rejectedJson,
    doc.bankCode,
    deliveryKey(webhookId),
    receivedAt,
    bankVersion,
    doc.bankCode,
    doc.bankCode,
    documentId,
    doc.bankCode,
    doc.contentType,
    doc.charset,
    doc.body,
    createHash('sha256').update(doc.body).digest('hex'),
    doc.body.length,
    receivedAt,
    received.adapter,
    doc.accountNoHint?.trim() || null,
    webhookId,
    push.rejected.length,
    doc.bankCode,
    documentId,
    push.payrollJson,
    doc.bankCode,
    doc.bankCode,
    PAYROLL_CHANGED_KINDS,
    DEBITED_KINDS,
    doc.bankCode,
  ];
  // a connection of the same pool the full path uses (so the pool's bound holds for both)
  const client = orm.em.getKnex().client as unknown as {
    acquireConnection(): Promise<PoolClient>;
    releaseConnection(c: PoolClient): Promise<void>;
  };
  const conn = await client.acquireConnection();
  try {
    const { rows } = await conn.query<{ marked: string; accepted: number; answer: string }>({
      name: STATEMENT_NAME,
      text: FAST_PUSH_SQL,
      values,
    });
    const [row] = rows;
    return {
      answer: { status: 200, body: row.answer },
      accepted: row.accepted,
      payAlertsMarked: Number(row.marked) > 0,
    };
  } finally {
    await client.releaseConnection(conn);
  }
}

/** The statement with `$n` parameters, as db/sql.ts numbers every `?` statement. */
function positional(text: string): string {
  const done = positionalText(text);
  if (done === null) throw new Error('the one-statement push has an identifier binding (??)');
  return done;
}
