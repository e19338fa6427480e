import { at, child, children, firstText, textAt, type XmlElement } from '../xml/xml-tree';

/** An amount as written: the decimal string and its Ccy attribute, not yet converted. */
export interface CamtAmount {
  value: string;
  currency: string | null;
}

export interface CamtParty {
  name: string | null;
  account: string | null;
}

/** One TxDtls: the transaction(s) behind an entry; a batch entry has several. */
export interface CamtTxDetail {
  amount: CamtAmount | null;
  /** own CdtDbtInd (camt .04+); absent in older versions, where the entry's applies */
  creditDebit: string | null;
  refs: Record<string, string>;
  debtor: CamtParty;
  creditor: CamtParty;
  unstructured: string | null;
  additionalInfo: string | null;
  creditorReference: string | null;
  returnReason: string | null;
  el: XmlElement;
}

export interface CamtEntry {
  /** position among all entries of the document, for RejectedEvent.index */
  index: number;
  amount: CamtAmount | null;
  creditDebit: string | null;
  reversal: boolean;
  /** BOOK, PDNG, INFO, …: `<Sts>BOOK</Sts>` (up to .07) and `<Sts><Cd>BOOK</Cd></Sts>` (.08+) */
  status: string | null;
  bookingDate: string | null;
  valueDate: string | null;
  acctSvcrRef: string | null;
  ntryRef: string | null;
  additionalInfo: string | null;
  txDetails: CamtTxDetail[];
  el: XmlElement;
}

export function readAmount(amt: XmlElement | null): CamtAmount | null {
  if (!amt?.text) return null;
  return { value: amt.text, currency: amt.attrs.Ccy ?? null };
}

const dateOf = (el: XmlElement | null): string | null => textAt(el, 'DtTm') ?? textAt(el, 'Dt');

export function readEntry(ntry: XmlElement, index: number): CamtEntry {
  const sts = child(ntry, 'Sts');
  const rvsl = textAt(ntry, 'RvslInd');
  return {
    index,
    amount: readAmount(child(ntry, 'Amt')),
    creditDebit: textAt(ntry, 'CdtDbtInd'),
    reversal: rvsl === 'true' || rvsl === '1',
    status: sts ? (textAt(sts, 'Cd') ?? textAt(sts, 'Prtry') ?? (sts.text || null)) : null,
    bookingDate: dateOf(child(ntry, 'BookgDt')),
    valueDate: dateOf(child(ntry, 'ValDt')),
    acctSvcrRef: textAt(ntry, 'AcctSvcrRef'),
    ntryRef: textAt(ntry, 'NtryRef'),
    additionalInfo: textAt(ntry, 'AddtlNtryInf'),
    txDetails: children(child(ntry, 'NtryDtls'), 'TxDtls').map(readTxDetail),
    el: ntry,
  };
}

function readTxDetail(tx: XmlElement): CamtTxDetail {
  const refs: Record<string, string> = {};
  for (const r of child(tx, 'Refs')?.children ?? []) if (r.text) refs[r.name] = r.text;
  const rmt = child(tx, 'RmtInf');
  const ustrd = children(rmt, 'Ustrd')
    .map((u) => u.text)
    .filter((t) => t);
  return {
    // TxDtls/Amt came with .04; .02 only has AmtDtls/TxAmt/Amt.
    amount: readAmount(child(tx, 'Amt') ?? at(tx, 'AmtDtls', 'TxAmt', 'Amt')),
    creditDebit: textAt(tx, 'CdtDbtInd'),
    refs,
    debtor: party(tx, 'Dbtr'),
    creditor: party(tx, 'Cdtr'),
    unstructured: ustrd.length ? ustrd.join(' ') : null,
    additionalInfo: textAt(tx, 'AddtlTxInf'),
    creditorReference: textAt(rmt, 'Strd', 'CdtrRefInf', 'Ref'),
    returnReason: firstText(tx, [
      ['RtrInf', 'Rsn', 'Cd'],
      ['RtrInf', 'Rsn', 'Prtry'],
    ]),
    el: tx,
  };
}

/** .08+ wraps the party in `<Pty>`; earlier versions put `<Nm>` directly under Dbtr/Cdtr. */
function party(tx: XmlElement, role: 'Dbtr' | 'Cdtr'): CamtParty {
  const rp = child(tx, 'RltdPties');
  return {
    name: firstText(rp, [
      [role, 'Nm'],
      [role, 'Pty', 'Nm'],
    ]),
    account: firstText(rp, [
      [`${role}Acct`, 'Id', 'IBAN'],
      [`${role}Acct`, 'Id', 'Othr', 'Id'],
    ]),
  };
}
