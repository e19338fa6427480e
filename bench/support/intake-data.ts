import type { ClientBase } from 'pg';

/** One event as a bank pushes it: the contract's AccountEventInput in JSON. */
export interface WireEvent {
  bankEventId: string;
  accountNo: string;
  type: 'CREDIT' | 'DEBIT';
  amount: string;
  bookedAt: string;
  counterpartyName: string;
  counterpartyAccount: string;
  memo: string;
}

export const accountNo = (i: number): string => `0706${String(i).padStart(15, '0')}`;

const NAMES = ['王建国', '李春生', '张立军', '刘海涛', '陈玉兰', '杨志强', '赵德福', '黄秀英'];

/**
 * `count` events spread over `accounts` accounts, in batches of `batchSize`: mostly payroll DEBITs
 * with a labour-cost CREDIT now and then, as a bank's daily statement would carry them. Each batch
 * touches every account, so the hub's per-batch account look-up sees realistic variety. `run`
 * makes the bankEventIds of each measured run new, so every run inserts all of its rows.
 */
export function makeBatches(run: string, count: number, batchSize: number, accounts: number): WireEvent[][] {
  const batches: WireEvent[][] = [];
  const booked = Date.parse('2026-10-15T09:00:00+08:00');
  for (let start = 0; start < count; start += batchSize) {
    const batch: WireEvent[] = [];
    for (let n = start; n < Math.min(count, start + batchSize); n++) {
      const credit = n % 25 === 0;
      batch.push({
        bankEventId: `${run}-${String(n).padStart(7, '0')}`,
        accountNo: accountNo(n % accounts),
        type: credit ? 'CREDIT' : 'DEBIT',
        amount: credit ? '380000.00' : `${6000 + (n % 3000)}.${String(n % 100).padStart(2, '0')}`,
        bookedAt: new Date(booked + n * 1000).toISOString().replace('Z', '+00:00'),
        counterpartyName: credit ? '本溪市城市建设投资发展有限公司' : NAMES[n % NAMES.length],
        counterpartyAccount: `6217${String(n).padStart(15, '0')}`,
        memo: credit ? '2026年10月人工费用拨付' : '2026年10月工资',
      });
    }
    batches.push(batch);
  }
  return batches;
}

const COLUMNS = [
  'bank_code',
  'bank_event_id',
  'account_no',
  'type',
  'amount_fen',
  'booked_at',
  'counterparty_name',
  'counterparty_account',
  'memo',
  'raw',
];

/** The values the hub stores for an event: amount in fen, raw = the event as the bank sent it. */
function rowOf(bankCode: string, e: WireEvent): unknown[] {
  const [yuan, fen] = e.amount.split('.');
  return [
    bankCode,
    e.bankEventId,
    e.accountNo,
    e.type,
    BigInt(yuan) * 100n + BigInt(fen),
    e.bookedAt,
    e.counterpartyName,
    e.counterpartyAccount,
    e.memo,
    JSON.stringify(e),
  ];
}

/**
 * The baseline: one plain multi-row `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING` per batch,
 * bind parameters, no ORM, no HTTP, no validation.
 */
export async function rawInsert(
  sql: ClientBase,
  table: string,
  bankCode: string,
  batch: WireEvent[],
): Promise<number> {
  const params: unknown[] = [];
  const tuples = batch.map((e) => {
    const row = rowOf(bankCode, e);
    const base = params.length;
    params.push(...row.map((v) => (typeof v === 'bigint' ? v.toString() : v)));
    return `(${row.map((_, i) => `$${base + i + 1}`).join(',')})`;
  });
  const res = await sql.query(
    `insert into ${table} (${COLUMNS.join(',')}) values ${tuples.join(',')} on conflict (bank_code, bank_event_id) do nothing`,
    params,
  );
  return res.rowCount ?? 0;
}
