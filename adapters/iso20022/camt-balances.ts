import type { StatementBalances } from '../bank-adapter';
import { BadAmount, toMinorUnits } from '../xml/amount';
import { BadDate, parseIsoDateOrDateTime } from '../xml/shanghai-time';
import type { CamtBalance, CamtDocument } from './camt-read';

/**
 * camt.053 balances for reconciliation: opening is OPBD (or PRCD, the previous statement's closing,
 * which some banks send instead), closing is CLBD. A DBIT balance is an overdraft and comes out
 * negative. StatementBalances has one currency, so a balance in another currency than the opening
 * one (genkgo's sample has EUR opening and SEK closing) is left out as null rather than mixed in.
 * camt.054 carries no balances. Amounts are hundredths of the currency unit (fen for CNY); a
 * non-CNY statement is passed on for completeness, and only CNY ones reconcile against events.
 */
export function camtStatements(doc: CamtDocument): StatementBalances[] {
  if (doc.message !== 'camt.053') return [];
  return doc.records.map((rec) => {
    const find = (...codes: string[]) =>
      codes.map((c) => rec.balances.find((b) => b.code === c)).find((b) => b?.amount) ?? null;
    const opening = find('OPBD', 'PRCD');
    const closing = find('CLBD');
    const currency = opening?.amount?.currency ?? closing?.amount?.currency ?? rec.accountCurrency ?? '';
    return {
      accountNo: rec.account ?? '',
      currency,
      openingFen: signedAmount(opening, currency),
      closingFen: signedAmount(closing, currency),
      from: instant(rec.from),
      to: instant(rec.to),
    };
  });
}

function signedAmount(bal: CamtBalance | null, currency: string): bigint | null {
  if (!bal?.amount || bal.amount.currency !== currency) return null;
  try {
    const v = toMinorUnits(bal.amount.value);
    return bal.creditDebit === 'DBIT' ? -v : v;
  } catch (e) {
    if (e instanceof BadAmount) return null;
    throw e;
  }
}

function instant(s: string | null): Date | null {
  if (!s) return null;
  try {
    return parseIsoDateOrDateTime(s);
  } catch (e) {
    if (e instanceof BadDate) return null;
    throw e;
  }
}
