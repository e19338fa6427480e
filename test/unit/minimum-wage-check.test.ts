import { isFullMonth, minimumWageFor, shortOfMinimum } from '../../src/domain/workforce/minimum-wage';
import { checkPayAlertRules } from '../../src/services/workforce/pay-alerts/rules';

const versions = [
  { districtCode: '210502', effectiveFrom: '2024-01-01', monthlyFen: 190_000n },
  { districtCode: '210502', effectiveFrom: '2026-07-01', monthlyFen: 210_000n },
  { districtCode: '210500', effectiveFrom: '2024-01-01', monthlyFen: 180_000n },
];

describe('PAY_BELOW_MINIMUM_WAGE’s comparison', () => {
  it('a full month: valid days or days on the line reach the working days', () => {
    expect(isFullMonth(22, 0, 22)).toBe(true);
    expect(isFullMonth(0, 22, 22)).toBe(true);
    expect(isFullMonth(21, 21.5, 22)).toBe(false);
    expect(isFullMonth(23, 0, 22)).toBe(true);
    expect(isFullMonth(0, 0, 0)).toBe(false);
  });

  it('takes the version in force on the month’s first day, the district’s own before the city’s', () => {
    expect(minimumWageFor(versions, '210502', '2026-06-01', '210500')?.monthlyFen).toBe(190_000n);
    expect(minimumWageFor(versions, '210502', '2026-07-01', '210500')?.monthlyFen).toBe(210_000n);
    expect(minimumWageFor(versions, '210503', '2026-07-01', '210500')?.monthlyFen).toBe(180_000n);
    expect(minimumWageFor(versions, '210503', '2026-07-01')).toBeNull();
    expect(minimumWageFor(versions, '210502', '2023-12-01', '210500')).toBeNull();
  });

  it('is short by the difference in fen, never a float; equal is not below', () => {
    expect(shortOfMinimum(209_999n, 210_000n)).toBe(1n);
    expect(shortOfMinimum(210_000n, 210_000n)).toBe(0n);
    expect(shortOfMinimum(300_000n, 210_000n)).toBe(0n);
  });
});

describe('the pay alerts’ settings as data', () => {
  it('takes whole numbers in range and names the field otherwise', () => {
    expect(checkPayAlertRules({ failedPaymentWorkingDays: 3, managerDays: 30 })).toEqual({
      failedPaymentWorkingDays: 3,
      managerDays: 30,
    });
    expect(checkPayAlertRules({})).toEqual({});
    expect(() => checkPayAlertRules({ failedPaymentWorkingDays: 0 })).toThrow(/failedPaymentWorkingDays/);
    expect(() => checkPayAlertRules({ failedPaymentWorkingDays: 2.5 })).toThrow(/failedPaymentWorkingDays/);
    expect(() => checkPayAlertRules({ managerDays: 366 })).toThrow(/managerDays/);
  });
});
