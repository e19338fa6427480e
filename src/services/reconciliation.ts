import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatementBalances } from '../../adapters/bank-adapter';
import { shanghaiDateOf } from '../domain/dates';
import { formatMoney } from '../domain/money';
import { reconcile } from '../domain/reconciliation';
import { sql } from '../db/sql';
import { addNotices } from './outbox';

export interface ReconciliationCounts {
  checked: number;
  mismatches: number;
  resolved: number;
}

/**
 * Checks each statement a bank sent (camt.053 opening and closing balances) against the events the
 * hub holds for that account and period, after the statement's own entries were stored in the same
 * transaction. A difference opens (or updates) a RECONCILIATION_MISMATCH alert for the period's last
 * day, with notices to the bank and the district HRSS; a later statement that agrees resolves it.
 * Statements in another currency, without both balances, or for an account not yet registered
 * are skipped: there is nothing to check them against.
 */
export async function reconcileStatements(
  em: EntityManager,
  bankCode: string,
  statements: readonly StatementBalances[],
  now: Date,
): Promise<ReconciliationCounts> {
  const counts: ReconciliationCounts = { checked: 0, mismatches: 0, resolved: 0 };
  for (const st of statements) {
    if (st.currency !== 'CNY' || st.openingFen === null || st.closingFen === null || !st.from || !st.to)
      continue;
    const from = shanghaiDateOf(st.from);
    const to = shanghaiDateOf(st.to);
    const [target] = await sql<{ agreement_id: string; project_id: string; district_code: string }>(
      em,
      `select ag.id as agreement_id, p.id as project_id, p.district_code
         from special_account sa join project p on p.id = sa.project_id
         join tripartite_agreement ag on ag.account_id = sa.id
        where sa.bank_code = ? and sa.account_no = ?
        order by ag.starts_on desc, ag.created_at desc limit 1`,
      [bankCode, st.accountNo],
    );
    if (!target) continue;
    const [sums] = await sql<{ credits: string; debits: string }>(
      em,
      `select coalesce(sum(amount_fen) filter (where type = 'CREDIT'), 0)::text as credits,
              -- a credit taken back left the account like a debit
              coalesce(sum(amount_fen) filter (where type in ('DEBIT', 'CREDIT_REVERSAL')), 0)::text as debits
         from account_event
        where bank_code = ? and account_no = ?
          and booked_at >= (?::date::timestamp at time zone 'Asia/Shanghai')
          and booked_at < ((?::date + 1)::timestamp at time zone 'Asia/Shanghai')`,
      [bankCode, st.accountNo, from, to],
    );
    const figures = {
      openingFen: st.openingFen,
      closingFen: st.closingFen,
      creditsFen: BigInt(sums.credits),
      debitsFen: BigInt(sums.debits),
    };
    const outcome = reconcile(figures);
    counts.checked += 1;
    if (outcome.differenceFen === 0n) {
      const resolved = await sql(
        em,
        `update alert set status = 'RESOLVED', resolved_on = ?, updated_at = now()
          where agreement_id = ? and kind = 'RECONCILIATION_MISMATCH' and due_date = ? and status = 'OPEN' returning id`,
        [shanghaiDateOf(now), target.agreement_id, to],
      );
      counts.resolved += resolved.length;
      continue;
    }
    counts.mismatches += 1;
    const details = {
      periodFrom: from,
      periodTo: to,
      opening: formatMoney(figures.openingFen),
      closing: formatMoney(figures.closingFen),
      credits: formatMoney(figures.creditsFen),
      debits: formatMoney(figures.debitsFen),
      expectedClosing: formatMoney(outcome.expectedClosingFen),
      difference: formatMoney(outcome.differenceFen),
    };
    const abs = outcome.differenceFen < 0n ? -outcome.differenceFen : outcome.differenceFen;
    // Not part of the 3 + 3 chain: its deadlines are the statement's last day.
    const [row] = await sql<{ id: string }>(
      em,
      `insert into alert (id, kind, status, project_id, agreement_id, due_date, shortfall_fen, opened_on,
                          bank_notice_deadline, contractor_report_deadline, details)
       values (?, 'RECONCILIATION_MISMATCH', 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
       on conflict (agreement_id, kind, due_date) do update
          set shortfall_fen = excluded.shortfall_fen, details = excluded.details, status = 'OPEN',
              resolved_on = null, updated_at = now()
       returning id`,
      [
        randomUUID(),
        target.project_id,
        target.agreement_id,
        to,
        abs.toString(),
        shanghaiDateOf(now),
        to,
        to,
        JSON.stringify(details),
      ],
    );
    await addNotices(
      em,
      [`BANK:${bankCode}`, `HRSS:${target.district_code}`].map((recipient) => ({
        topic: 'RECONCILIATION_MISMATCH',
        recipient,
        dedupeKey: `alert:${row.id}:reconciliation:${details.difference}:${recipient}`,
        payload: {
          alertId: row.id,
          projectId: target.project_id,
          bankCode,
          accountNo: st.accountNo,
          ...details,
        },
      })),
    );
  }
  return counts;
}
