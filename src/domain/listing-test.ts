/**
 * The blacklist's rules that are pure arithmetic on dates and amounts (B1–B5, RULES.md "Blacklist"):
 * the amount test against the criminal threshold for refusing to pay wages (法释〔2013〕3号 art. 3),
 * the three-year listing period, and when early removal may be granted.
 */
import { badInput } from './errors';
import { addDays, daysInMonth } from './dates';
import { formatMoney } from './money';

/**
 * The thresholds of the amount test, as a province sets them within the national ranges. They are
 * data (table `listing_threshold`, set by city HRSS); the constant below is only Liaoning's seed.
 * "以上" in the interpretation includes the figure itself: 3 months and ¥10,000.00 qualify.
 */
export interface ListingThresholds {
  oneWorker: { minMonths: number; minAmountFen: bigint };
  manyWorkers: { minWorkers: number; minTotalFen: bigint };
}

export const LIAONING_THRESHOLDS: ListingThresholds = {
  oneWorker: { minMonths: 3, minAmountFen: 1_000_000n },
  manyWorkers: { minWorkers: 10, minTotalFen: 5_000_000n },
};

/** The national ranges a province chooses its amounts from (法释〔2013〕3号 art. 3). */
export const NATIONAL_RANGES = {
  oneWorkerAmountFen: [500_000n, 2_000_000n],
  manyWorkersTotalFen: [3_000_000n, 10_000_000n],
} as const;

const yuan = (fen: bigint): string => `¥${formatMoney(fen)}`;

export function describeThresholds(t: ListingThresholds): string {
  return (
    `one worker owed ${t.oneWorker.minMonths} months or more and ${yuan(t.oneWorker.minAmountFen)} or more, ` +
    `or ${t.manyWorkers.minWorkers} or more workers owed ${yuan(t.manyWorkers.minTotalFen)} or more in total`
  );
}

/**
 * Refuses amounts outside the national ranges; the message names the field. The counts (3 months,
 * 10 workers) are the interpretation's own and stay as seeded.
 */
export function validateThresholds(t: ListingThresholds): ListingThresholds {
  const [oneMin, oneMax] = NATIONAL_RANGES.oneWorkerAmountFen;
  const [manyMin, manyMax] = NATIONAL_RANGES.manyWorkersTotalFen;
  if (t.oneWorker.minAmountFen < oneMin || t.oneWorker.minAmountFen > oneMax) {
    throw badInput('oneWorkerMinAmount', `must be within the national range ${yuan(oneMin)}–${yuan(oneMax)}`);
  }
  if (t.manyWorkers.minTotalFen < manyMin || t.manyWorkers.minTotalFen > manyMax) {
    throw badInput(
      'manyWorkersMinTotal',
      `must be within the national range ${yuan(manyMin)}–${yuan(manyMax)}`,
    );
  }
  return t;
}

export interface ArrearsLine {
  monthsOwed: number;
  amountFen: bigint;
}

export type AmountTestResult =
  | { met: true; rule: 'ONE_WORKER' | 'MANY_WORKERS'; explanation: string }
  | { met: false; explanation: string };

/**
 * The amount test on a case's verified lines (one line per worker). Payments are recorded per case,
 * not per worker, so what is still owed is bounded by the case's outstanding arrears: the total
 * counts at most `outstandingFen`, and so does any one worker's amount. With nothing paid that is
 * just the verified lines; after part-payment the test never counts money already paid.
 */
export function amountThresholdTest(
  lines: readonly ArrearsLine[],
  outstandingFen: bigint,
  t: ListingThresholds,
): AmountTestResult {
  const cap = (fen: bigint) => (fen < outstandingFen ? fen : outstandingFen);
  const owed = lines.filter((l) => l.amountFen > 0n);
  const longOwed = owed.filter((l) => l.monthsOwed >= t.oneWorker.minMonths).map((l) => cap(l.amountFen));
  const largest = longOwed.reduce((m, a) => (a > m ? a : m), 0n);
  if (largest >= t.oneWorker.minAmountFen) {
    return {
      met: true,
      rule: 'ONE_WORKER',
      explanation: `a worker is owed ${yuan(largest)} for ${t.oneWorker.minMonths} months or more`,
    };
  }
  const total = cap(owed.reduce((s, l) => s + l.amountFen, 0n));
  if (owed.length >= t.manyWorkers.minWorkers && total >= t.manyWorkers.minTotalFen) {
    return {
      met: true,
      rule: 'MANY_WORKERS',
      explanation: `${owed.length} workers are owed ${yuan(total)} in total`,
    };
  }
  const oneWorker = longOwed.length
    ? `the most a worker owed ${t.oneWorker.minMonths} months or more is owed is ${yuan(largest)}`
    : `no worker is owed ${t.oneWorker.minMonths} months or more`;
  const workers = owed.length === 1 ? '1 worker is' : `${owed.length} workers are`;
  return {
    met: false,
    explanation:
      `the arrears do not reach the listing threshold (${describeThresholds(t)}): ` +
      `${oneWorker}, and ${workers} owed ${yuan(total)} in total`,
  };
}

export const LISTING_YEARS = 3;

/**
 * The last day on the list: the decision's anniversary `LISTING_YEARS` later. The period is counted
 * as the Civil Code counts periods in years: from the day after the decision (art. 201) to the
 * corresponding day of the last year, or that month's last day when it has none (art. 202), so a
 * decision of 2028-02-29 runs to 2031-02-28. It is not moved off a rest day (art. 203 extends
 * deadlines for acts; extending a sanction would be to the listed party's harm).
 */
export function listedUntil(decidedOn: string): string {
  return addCalendarMonths(decidedOn, LISTING_YEARS * 12);
}

export const EARLY_REMOVAL_MONTHS = 6;

/**
 * The first day early removal may be granted: the six months since full payment are counted like
 * the listing period (from the next day to the corresponding day), and must have passed in full,
 * so the earliest day is the one after that corresponding day. Paid 2026-03-10 → 2026-09-11.
 */
export function earliestEarlyRemoval(fullyPaidOn: string): string {
  return addDays(addCalendarMonths(fullyPaidOn, EARLY_REMOVAL_MONTHS), 1);
}

/** The same day `months` later, or the last day of that month when it has no such day. */
export function addCalendarMonths(date: string, months: number): string {
  addDays(date, 0); // validates
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
