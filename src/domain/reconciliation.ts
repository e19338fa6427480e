/**
 * A statement states the account's opening and closing balances for a period; the events the hub
 * holds for that period must explain the change. Amounts in fen.
 */
export interface StatementFigures {
  openingFen: bigint;
  closingFen: bigint;
  creditsFen: bigint;
  debitsFen: bigint;
}

export interface ReconciliationOutcome {
  expectedClosingFen: bigint;
  /** what the statement says minus what the events explain; 0 when they agree */
  differenceFen: bigint;
}

export function reconcile(f: StatementFigures): ReconciliationOutcome {
  const expectedClosingFen = f.openingFen + f.creditsFen - f.debitsFen;
  return { expectedClosingFen, differenceFen: f.closingFen - expectedClosingFen };
}
