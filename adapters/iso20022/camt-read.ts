import { DocumentRejected } from '../bank-adapter';
import { lookup } from '../xml/lookup';
import { child, children, firstText, textAt, type XmlElement } from '../xml/xml-tree';
import { readAmount, readEntry, type CamtAmount, type CamtEntry } from './camt-entry';

/**
 * camt.053 (statement) and camt.054 (debit/credit notification) read into a version-neutral
 * shape, before any policy (currency, booked status, batch splitting) is applied. Versions
 * .02 to .08+ differ in details handled by the lookups here (Sts as text or Cd, parties with or
 * without Pty), never by a version switch: the namespace is ignored on purpose.
 */
export const CAMT_MESSAGES: Record<string, { message: 'camt.053' | 'camt.054'; record: string }> = {
  BkToCstmrStmt: { message: 'camt.053', record: 'Stmt' },
  BkToCstmrDbtCdtNtfctn: { message: 'camt.054', record: 'Ntfctn' },
};

export interface CamtBalance {
  /** OPBD, PRCD, CLBD, OPAV, … (Tp/CdOrPrtry/Cd, or Prtry) */
  code: string | null;
  amount: CamtAmount | null;
  creditDebit: string | null;
  date: string | null;
}

export interface CamtRecord {
  id: string | null;
  account: string | null;
  accountCurrency: string | null;
  from: string | null;
  to: string | null;
  balances: CamtBalance[];
  entries: CamtEntry[];
}

export interface CamtDocument {
  message: 'camt.053' | 'camt.054';
  records: CamtRecord[];
}

/** The camt message element: the root itself, or the child of a `Document` root. */
export function findCamtMessage(root: XmlElement): XmlElement | null {
  if (lookup(CAMT_MESSAGES, root.name)) return root;
  if (root.name !== 'Document') return null;
  return root.children.find((c) => lookup(CAMT_MESSAGES, c.name)) ?? null;
}

export function readCamt(root: XmlElement): CamtDocument {
  const msg = findCamtMessage(root);
  if (!msg) {
    throw new DocumentRejected(
      `root <${root.name}> is not a camt.053 or camt.054 message`,
      'UNKNOWN_DOCUMENT',
    );
  }
  const { message, record } = CAMT_MESSAGES[msg.name as keyof typeof CAMT_MESSAGES];
  let entryIndex = 0;
  const records = children(msg, record).map((rec) => {
    const entries = children(rec, 'Ntry').map((n) => readEntry(n, entryIndex++));
    return readRecord(rec, entries);
  });
  return { message, records };
}

export function readRecord(rec: XmlElement, entries: CamtEntry[]): CamtRecord {
  const acct = child(rec, 'Acct');
  return {
    id: textAt(rec, 'Id'),
    account: firstText(acct, [
      ['Id', 'IBAN'],
      ['Id', 'Othr', 'Id'],
    ]),
    accountCurrency: textAt(acct, 'Ccy'),
    from: textAt(rec, 'FrToDt', 'FrDtTm'),
    to: textAt(rec, 'FrToDt', 'ToDtTm'),
    balances: children(rec, 'Bal').map(readBalance),
    entries,
  };
}

function readBalance(bal: XmlElement): CamtBalance {
  return {
    code: firstText(bal, [
      ['Tp', 'CdOrPrtry', 'Cd'],
      ['Tp', 'CdOrPrtry', 'Prtry'],
    ]),
    amount: readAmount(child(bal, 'Amt')),
    creditDebit: textAt(bal, 'CdtDbtInd'),
    date: firstText(bal, [
      ['Dt', 'Dt'],
      ['Dt', 'DtTm'],
    ]),
  };
}
