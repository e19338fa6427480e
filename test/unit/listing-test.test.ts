import {
  addCalendarMonths,
  amountThresholdTest,
  describeThresholds,
  earliestEarlyRemoval,
  LIAONING_THRESHOLDS as LN,
  listedUntil,
  validateThresholds,
  type ArrearsLine,
} from '../../src/domain/listing-test';
import { DomainError } from '../../src/domain/errors';

const worker = (monthsOwed: number, amountFen: bigint): ArrearsLine => ({ monthsOwed, amountFen });
const workers = (n: number, totalFen: bigint, monthsOwed = 1): ArrearsLine[] => {
  // n lines adding up to totalFen exactly, the remainder on the first
  const each = totalFen / BigInt(n);
  return Array.from({ length: n }, (_, i) =>
    worker(monthsOwed, i === 0 ? each + (totalFen - each * BigInt(n)) : each),
  );
};
const sum = (lines: ArrearsLine[]) => lines.reduce((s, l) => s + l.amountFen, 0n);
const test = (lines: ArrearsLine[], outstanding = sum(lines)) => amountThresholdTest(lines, outstanding, LN);

describe('the amount test, one worker owed 3 months or more and ¥10,000 or more (Liaoning)', () => {
  it('is met at 3 months and exactly ¥10,000.00', () => {
    expect(test([worker(3, 1_000_000n)])).toMatchObject({ met: true, rule: 'ONE_WORKER' });
  });
  it('is met above either limit', () => {
    expect(test([worker(7, 1_000_001n)])).toMatchObject({ met: true, rule: 'ONE_WORKER' });
  });
  it('fails at 3 months and ¥9,999.99, naming the thresholds and the figure', () => {
    const r = test([worker(3, 999_999n)]);
    expect(r.met).toBe(false);
    expect(r.explanation).toContain(describeThresholds(LN));
    expect(r.explanation).toContain('¥10000.00');
    expect(r.explanation).toContain('is owed ¥9999.99');
  });
  it('fails at 2 months and ¥10,000.00', () => {
    const r = test([worker(2, 1_000_000n)]);
    expect(r.met).toBe(false);
    expect(r.explanation).toContain('no worker is owed 3 months or more');
  });
  it('looks at each worker: one qualifying worker among others is enough', () => {
    expect(test([worker(1, 50_000n), worker(4, 1_200_000n), worker(2, 30_000n)])).toMatchObject({
      met: true,
      rule: 'ONE_WORKER',
    });
  });
  it('counts no more than what is still outstanding on the case', () => {
    expect(test([worker(3, 1_000_000n)], 999_999n).met).toBe(false);
    expect(test([worker(3, 1_500_000n)], 1_000_000n).met).toBe(true);
  });
});

describe('the amount test, 10 or more workers owed ¥50,000 or more in total (Liaoning)', () => {
  it('is met by ten workers owed exactly ¥50,000.00', () => {
    expect(test(workers(10, 5_000_000n))).toMatchObject({ met: true, rule: 'MANY_WORKERS' });
  });
  it('fails for ten workers owed ¥49,999.99', () => {
    const r = test(workers(10, 4_999_999n));
    expect(r.met).toBe(false);
    expect(r.explanation).toContain('10 workers are owed ¥49999.99 in total');
  });
  it('fails for nine workers, however much they are owed', () => {
    const r = test(workers(9, 9_000_000n));
    expect(r.met).toBe(false);
    expect(r.explanation).toContain('9 workers are owed ¥90000.00 in total');
  });
  it('is met by more than ten workers above the total', () => {
    expect(test(workers(25, 6_000_000n))).toMatchObject({ met: true, rule: 'MANY_WORKERS' });
  });
  it('does not count workers owed nothing', () => {
    expect(test([...workers(9, 6_000_000n), worker(1, 0n)]).met).toBe(false);
  });
  it('counts the total no higher than the outstanding arrears', () => {
    expect(test(workers(10, 6_000_000n), 4_999_999n).met).toBe(false);
    expect(test(workers(10, 6_000_000n), 5_000_000n).met).toBe(true);
  });
  it('fails with no lines at all', () => {
    expect(test([], 0n).met).toBe(false);
  });
});

describe('thresholds as data', () => {
  it('follows other amounts than Liaoning', () => {
    const t = { ...LN, oneWorker: { minMonths: 3, minAmountFen: 500_000n } };
    expect(amountThresholdTest([worker(3, 500_000n)], 500_000n, t).met).toBe(true);
    expect(amountThresholdTest([worker(3, 499_999n)], 499_999n, t).met).toBe(false);
  });
  it('accepts the national range ends and refuses outside, naming the range', () => {
    expect(() =>
      validateThresholds({
        oneWorker: { minMonths: 3, minAmountFen: 500_000n },
        manyWorkers: { minWorkers: 10, minTotalFen: 10_000_000n },
      }),
    ).not.toThrow();
    const err = (() => {
      try {
        validateThresholds({ ...LN, oneWorker: { minMonths: 3, minAmountFen: 2_000_001n } });
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(err?.field).toBe('oneWorkerMinAmount');
    expect(err?.message).toContain('¥5000.00–¥20000.00');
    expect(() =>
      validateThresholds({ ...LN, manyWorkers: { minWorkers: 10, minTotalFen: 2_999_999n } }),
    ).toThrow(/¥30000.00–¥100000.00/);
  });
});

describe('the listing period and early removal', () => {
  it('lists for three calendar years: 2026-03-10 → 2029-03-10', () => {
    expect(listedUntil('2026-03-10')).toBe('2029-03-10');
    expect(listedUntil('2026-12-31')).toBe('2029-12-31');
  });
  it('ends a listing of Feb 29 on Feb 28 of a common year (Civil Code art. 202)', () => {
    expect(listedUntil('2028-02-29')).toBe('2031-02-28');
    expect(listedUntil('2029-02-28')).toBe('2032-02-28');
  });
  it('allows early removal from the day after six full months since full payment', () => {
    expect(earliestEarlyRemoval('2026-03-10')).toBe('2026-09-11');
    expect(earliestEarlyRemoval('2026-08-31')).toBe('2027-03-01');
    expect(earliestEarlyRemoval('2027-08-31')).toBe('2028-03-01');
  });
  it('adds months across year ends and to month ends', () => {
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
});
