/**
 * Payroll results from the bank's usual push (R6): a DEBIT on a special account whose memo quotes
 * a payroll's reference (the contractor's own number, as the bank's 代发 batch carries it) and
 * whose counterparty account is a line's card pays that line — its bankEventId and booking date
 * become the line's — and a PAYMENT_FAILED event carrying the same marks it FAILED.
 *
 * Run by the intake on each batch of events it stored (ingestion.ts), inside the push's own
 * transaction, as CTEs of the batch's insert (payrollMatchSql), so no round trip of its own: the card is compared by its keyed hash
 * (computed here, so the number itself never reaches SQL text or a log), the reference by the
 * memo's tokens. A DEBIT pays a line only for exactly the line's net: a debit of another amount
 * is not that payment, and the line stays owed where the ledger shows it. A paid line stays paid;
 * a replayed event is not stored again, so it is not matched again.
 */
import type { AccountEvent } from '../../domain/account-event';
import { shanghaiDateOf } from '../../domain/dates';
import { lookupHash } from '../../personal-data/cipher';

/** The memo's words that could be a payroll reference (payroll.ts PAYROLL_REFERENCE's characters). */
export function memoReferences(memo: string): string[] {
  const words = memo.match(/[0-9A-Za-z_./-]+/g) ?? [];
  const out = new Set<string>();
  for (const w of words) {
    if (w.length <= 64) out.add(w);
    // a sentence's full stop or a trailing separator is not part of the number
    const bare = w.replace(/[./-]+$/, '');
    if (bare && bare.length <= 64) out.add(bare);
  }
  return [...out];
}

const cardOf = (account: string): string | null => {
  const digits = account.replace(/[\s-]+/g, '');
  return /^\d{12,19}$/.test(digits) ? digits : null;
};

/** What a stored event carries to the match: its card's hash and its memo's possible references. */
export interface PayrollMatchRow {
  bank_event_id: string;
  account_no: string;
  type: string;
  amount_fen: string | null;
  booked_on: string;
  at: string;
  card_hash: string;
  refs: string[];
}

/** The events that can pay or fail a line: a DEBIT or PAYMENT_FAILED with a card and a reference. */
export function payrollMatchRows(events: readonly AccountEvent[]): PayrollMatchRow[] {
  const rows: PayrollMatchRow[] = [];
  for (const e of events) {
    if ((e.type !== 'DEBIT' && e.type !== 'PAYMENT_FAILED') || !e.memo || !e.counterpartyAccount) continue;
    const card = cardOf(e.counterpartyAccount);
    const refs = memoReferences(e.memo);
    if (!card || !refs.length) continue;
    rows.push({
      bank_event_id: e.bankEventId,
      account_no: e.accountNo,
      type: e.type,
      amount_fen: e.amountFen === null ? null : e.amountFen.toString(),
      booked_on: shanghaiDateOf(e.bookedAt),
      at: e.bookedAt.toISOString(),
      card_hash: lookupHash('CARD', card),
      refs,
    });
  }
  return rows;
}

/**
 * The match as CTEs of a statement (`pay_e`, `pay_hit`, `payroll_paid`), with two parameters:
 * the rows (payrollMatchRows, as JSON) and the bank's code. `payroll_paid` returns the project of
 * each line changed. `storedNow`, a CTE of the statement with a `bank_event_id` column, keeps the
 * rows of events stored by it (the batch's insert), so a replayed event changes no line.
 */
export function payrollMatchSql(storedNow?: string): string {
  return `pay_e as (
       select e.* from jsonb_to_recordset(?::jsonb) as e(bank_event_id text, account_no text, type text,
              amount_fen bigint, booked_on date, at timestamptz, card_hash text, refs jsonb)
       ${storedNow ? `where e.bank_event_id in (select bank_event_id from ${storedNow})` : ''}),
     pay_hit as (
       select l.id,
              (array_agg(e.bank_event_id order by e.at, e.bank_event_id) filter (where e.type = 'DEBIT'))[1] as paid_by,
              min(e.booked_on) filter (where e.type = 'DEBIT') as paid_on,
              min(e.booked_on) filter (where e.type = 'PAYMENT_FAILED') as failed_on,
              (array_agg(e.bank_event_id order by e.at desc) filter (where e.type = 'PAYMENT_FAILED'))[1] as failed_by,
              max(e.at) as at
         from pay_e e
         cross join lateral jsonb_array_elements_text(e.refs) as r(ref)
         join special_account sa on sa.bank_code = ? and sa.account_no = e.account_no
         join payroll p on p.project_id = sa.project_id and p.reference = r.ref
         join payroll_line l on l.payroll_id = p.id and l.card_hash = e.card_hash
        where l.status <> 'PAID' and (e.type = 'PAYMENT_FAILED' or e.amount_fen = l.net_fen)
        group by l.id),
     payroll_paid as (
       update payroll_line l
          set status = case when hit.paid_by is not null then 'PAID' else 'FAILED' end,
              paid_on = coalesce(hit.paid_on, l.paid_on),
              bank_event_id = coalesce(hit.paid_by, l.bank_event_id),
              first_failed_on = coalesce(l.first_failed_on, hit.failed_on),
              failure_reason = case when hit.failed_by is not null
                                    then 'PAYMENT_FAILED event ' || hit.failed_by else l.failure_reason end,
              result_at = hit.at
         from pay_hit hit where l.id = hit.id
       returning l.project_id::text as project_id)`;
}
