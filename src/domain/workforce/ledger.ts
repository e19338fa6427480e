/**
 * A worker's wage ledger on one project (R6; Regulation art. 15 keeps it three years): the months
 * he worked (months with at least one valid attendance day), what the payrolls say he is due (the
 * net of every line of his, back pay included), what the account paid (the net of the lines the
 * bank reported PAID) and what is owed (due − paid). A month he attended but that no payroll line
 * names is listed on its own: nothing is "due" for it on paper, which is exactly the problem.
 *
 * Pure arithmetic in integer fen; the facts are read by src/services/workforce/ledger-reads.ts.
 */

export type PayrollLineStatus = 'PENDING' | 'PAID' | 'FAILED';

export interface LedgerLine {
  /** the payroll's month, YYYY-MM */
  month: string;
  netFen: bigint;
  status: PayrollLineStatus;
}

export interface WorkerLedger {
  /** months with valid attendance days, ascending */
  monthsWorked: string[];
  dueFen: bigint;
  paidFen: bigint;
  /** due − paid; never negative, since only a line's own net is counted paid */
  owedFen: bigint;
  /** months whose lines are not all paid (what a wage claim counts as months owed), ascending */
  monthsOwed: string[];
  /** months attended that no payroll line names, ascending */
  attendedNotOnPayroll: string[];
}

/**
 * The ledger from a worker's attended months and his payroll lines; with `month` only that month
 * counts (its attendance and its lines), otherwise every month.
 */
export function workerLedger(
  attendedMonths: Iterable<string>,
  lines: readonly LedgerLine[],
  month: string | null = null,
): WorkerLedger {
  const inMonth = (m: string) => month === null || m === month;
  const worked = [...new Set([...attendedMonths].filter(inMonth))].sort();
  const mine = lines.filter((l) => inMonth(l.month));
  let dueFen = 0n;
  let paidFen = 0n;
  const owedByMonth = new Map<string, bigint>();
  for (const l of mine) {
    dueFen += l.netFen;
    const paid = l.status === 'PAID' ? l.netFen : 0n;
    paidFen += paid;
    owedByMonth.set(l.month, (owedByMonth.get(l.month) ?? 0n) + l.netFen - paid);
  }
  const onPayroll = new Set(mine.map((l) => l.month));
  return {
    monthsWorked: worked,
    dueFen,
    paidFen,
    owedFen: dueFen - paidFen,
    monthsOwed: [...owedByMonth.entries()]
      .filter(([, owed]) => owed > 0n)
      .map(([m]) => m)
      .sort(),
    attendedNotOnPayroll: worked.filter((m) => !onPayroll.has(m)),
  };
}
