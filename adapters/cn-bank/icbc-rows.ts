import { fingerprint, joinMemo } from '../xml/event-ids';
import { lookup } from '../xml/lookup';
import { BadDate, parseCompactDateTime, parseDb2Timestamp, shanghaiDateKey } from '../xml/shanghai-time';
import { textAt, toPlain, type XmlElement } from '../xml/xml-tree';
import { foreignCurrency, type CnRow, type Direction } from './cn-row';

/**
 * One ICBC 银企互联 detail row (`<rd>` of QPD 当日明细 or QHISD 历史明细) read into a CnRow.
 * Field meanings follow data/cn-bank/PROVENANCE.md (no bank-published spec was available).
 */
// Drcrf: data dictionary "1-借；2-贷" (debit from the account holder's side).
const DRCRF: Record<string, Direction> = { '1': 'DEBIT', '2': 'CREDIT', 借: 'DEBIT', 贷: 'CREDIT' };

export function readIcbcRow(
  rd: XmlElement,
  index: number,
  accountNo: string,
  docCurrency: string | null,
): CnRow {
  const t = (name: string) => textAt(rd, name);
  const code = t('Drcrf');
  const direction = lookup(DRCRF, code) ?? null;
  const upDtranf = t('UpDtranf');
  return {
    index,
    accountNo,
    direction,
    directionCode: code,
    // QPD has one Amount; QHISD splits DebitAmount / CreditAmount by side.
    amount: t('Amount') ?? (direction === 'CREDIT' ? t('CreditAmount') : t('DebitAmount')),
    foreignCurrency: foreignCurrency(t('CurrType') ?? t('THCurrency') ?? docCurrency),
    // 冲正标志: the documented rows all carry 0 (or nothing); any other value is taken as 冲正. The
    // row stays on its Drcrf side (the side the money moved now), as CMB documents for its 冲帐.
    reversal: !!upDtranf && upDtranf !== '0',
    reversalDetail: `冲正 UpDtranf=${upDtranf ?? ''}`,
    bookedAt: () => icbcBookedAt(rd),
    key: (bookedAt) => icbcKey(rd, bookedAt),
    idPrefix: 'icbc',
    counterpartyName: t('RecipName'),
    counterpartyAccount: t('RecipAccNo'),
    memo: joinMemo([t('Summary'), t('UseCN'), t('PostScript')]),
    raw: toPlain(rd),
  };
}

/** TimeStamp (QPD) or Time (QHISD) are DB2 timestamps; otherwise the 入账 or 交易 date fields. */
function icbcBookedAt(rd: XmlElement): Date {
  const ts = textAt(rd, 'TimeStamp') ?? textAt(rd, 'Time');
  if (ts && /^\d{4}-\d{2}-\d{2}-/.test(ts)) return parseDb2Timestamp(ts);
  const busiDate = textAt(rd, 'BusiDate');
  if (busiDate) return parseCompactDateTime(busiDate, textAt(rd, 'BusiTime'));
  const date = textAt(rd, 'Date');
  if (date) return parseCompactDateTime(date, null);
  throw new BadDate('row has no TimeStamp, Time, BusiDate or Date');
}

/**
 * Ref is NOT unique: it is the customer's ERP business number (a 2020 ICBC sample repeats
 * `RefNO111` on every row of a batch) and is often empty. The bank's own posting identity is the
 * electronic-receipt id 地区号|网点号|柜员号|主机交易流水号 (RepReserved3 in QPD, Toutfo/TInfoNew
 * in QHISD); the host serial restarts per day, so the posting date is part of the key. Without
 * it, OnlySequence (银行交易流水号, teller+serial) is used, and failing that a digest of the
 * fields that together tell rows apart (timestamp to the microsecond, side, amount, counterparty).
 */
function icbcKey(rd: XmlElement, bookedAt: Date): string {
  const day = shanghaiDateKey(bookedAt);
  const receipt = textAt(rd, 'RepReserved3') ?? textAt(rd, 'Toutfo') ?? textAt(rd, 'TInfoNew');
  if (receipt) return `${day}:R${receipt}`;
  const seq = textAt(rd, 'OnlySequence') ?? textAt(rd, 'SequenceNo');
  if (seq) return `${day}:S${seq}`;
  const f = (n: string) => textAt(rd, n);
  return `${day}:${fingerprint(['TimeStamp', 'Time', 'Date', 'Drcrf', 'Amount', 'DebitAmount', 'CreditAmount', 'Balance', 'RecipAccNo', 'Ref', 'Oref'].map(f))}`;
}
