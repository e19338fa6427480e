import { reconcile } from '../../src/domain/reconciliation';

describe('reconcile', () => {
  it('agrees when opening + credits − debits is the closing balance', () => {
    // the derived camt.053 fixture: 100,000.00 + (50,000.00 + 7,000.50) − (15,000.50 + 200.00 + 300.00) = 141,500.00
    expect(
      reconcile({
        openingFen: 10_000_000n,
        closingFen: 14_150_000n,
        creditsFen: 5_700_050n,
        debitsFen: 1_550_050n,
      }),
    ).toEqual({
      expectedClosingFen: 14_150_000n,
      differenceFen: 0n,
    });
  });

  it('gives the difference with its sign: positive when the bank holds more than the events explain', () => {
    expect(
      reconcile({ openingFen: 0n, closingFen: 30_000_000n, creditsFen: 20_000_000n, debitsFen: 0n })
        .differenceFen,
    ).toBe(10_000_000n);
    expect(reconcile({ openingFen: 0n, closingFen: 0n, creditsFen: 0n, debitsFen: 1n }).differenceFen).toBe(
      1n,
    );
  });

  it('works with negative balances (an overdrawn statement) without floats', () => {
    expect(
      reconcile({
        openingFen: -5n,
        closingFen: 999_999_999_999_999n,
        creditsFen: 1_000_000_000_000_004n,
        debitsFen: 0n,
      }).differenceFen,
    ).toBe(0n);
  });
});
