import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountEvent } from '../domain/account-event';
import { formatMoney } from '../domain/money';
import { sql } from '../db/sql';

/**
 * A CREDIT_REVERSAL that names the credit it takes back (`reverses`) must name a CREDIT stored
 * for the same bank and account, and all reversals naming that credit together may take back at
 * most its amount. Otherwise it is rejected as that event: UNKNOWN_REVERSED_EVENT or
 * REVERSAL_EXCEEDS_CREDIT. A reversal without `reverses` (camt, CSV and the 银企直连 formats do not
 * name the original in the hub's ids) is stored as the bank sent it.
 * The credit's row is locked, so two concurrent reversals of one credit cannot both pass.
 */
export async function reversalProblem(
  em: EntityManager,
  bankCode: string,
  reversal: AccountEvent,
): Promise<{ code: string; message: string } | null> {
  const target = reversal.reverses!;
  // Lock first, then read the sum in a new statement: under READ COMMITTED a statement that had to
  // wait for the lock still reads with the snapshot it started with, and would miss a reversal
  // committed meanwhile by the transaction that held the lock.
  await sql(em, `select 1 from account_event where bank_code = ? and bank_event_id = ? for update`, [
    bankCode,
    target,
  ]);
  const [credit] = await sql<{
    account_no: string;
    type: string;
    amount_fen: string | null;
    reversed: string;
  }>(
    em,
    `select c.account_no, c.type, c.amount_fen::text as amount_fen,
            (select coalesce(sum(r.amount_fen), 0)::text from account_event r
              where r.bank_code = c.bank_code and r.reverses = c.bank_event_id
                and r.type = 'CREDIT_REVERSAL' and r.bank_event_id <> ?) as reversed
       from account_event c where c.bank_code = ? and c.bank_event_id = ?`,
    [reversal.bankEventId, bankCode, target],
  );
  if (!credit || credit.type !== 'CREDIT' || credit.account_no !== reversal.accountNo) {
    return {
      code: 'UNKNOWN_REVERSED_EVENT',
      message: `reverses: no CREDIT ${target} is stored for account ${reversal.accountNo} at this bank`,
    };
  }
  const amount = BigInt(credit.amount_fen!);
  const reversed = BigInt(credit.reversed);
  if (reversed + reversal.amountFen! > amount) {
    return {
      code: 'REVERSAL_EXCEEDS_CREDIT',
      message:
        `amount: ${formatMoney(reversal.amountFen!)} would take back more than the ${formatMoney(amount)} ` +
        `credited by ${target} (already reversed: ${formatMoney(reversed)})`,
    };
  }
  return null;
}
