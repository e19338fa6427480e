import { fingerprint, joinMemo } from '../xml/event-ids';
import { lookup } from '../xml/lookup';
import { parseCompactDateTime } from '../xml/shanghai-time';
import { textAt, toPlain, type XmlElement } from '../xml/xml-tree';
import { foreignCurrency, type CnRow, type Direction } from './cn-row';

/**
 * One CMB GetTransInfo answer row (`<NTQTSINFZ>`) read into a CnRow. Field meanings follow
 * data/cn-bank/PROVENANCE.md (from sinri/CMBFirmBankSDK's NTQTSINFZComponent).
 */
// AMTCDR 借贷标记 C:贷 D:借.
const AMTCDR: Record<string, Direction> = { C: 'CREDIT', D: 'DEBIT', 贷: 'CREDIT', 借: 'DEBIT' };

export function readCmbRow(row: XmlElement, index: number, accountNo: string): CnRow {
  const t = (name: string) => textAt(row, name);
  const code = t('AMTCDR');
  const direction = lookup(AMTCDR, code?.toUpperCase()) ?? null;
  // Debit and credit amounts sit in separate columns, both positive; take the flagged side, or
  // the only filled one when a bank leaves the other empty.
  const amount = (direction === 'CREDIT' ? t('TRSAMTC') : t('TRSAMTD')) ?? t('TRSAMTC') ?? t('TRSAMTD');
  return {
    index,
    accountNo,
    direction,
    directionCode: code,
    amount,
    // GetTransInfo has no currency field; some CMB answers add CCYNBR (10 = 人民币).
    foreignCurrency: foreignCurrency(t('CCYNBR')),
    // RSVFLG `*` = 冲帐. "冲账交易与原交易借贷相反": AMTCDR already states the side the money
    // moved now, so it is kept. `X` (补帐, a late posting) is an ordinary booking.
    reversal: t('RSVFLG') === '*',
    reversalDetail: '冲帐 RSVFLG=*',
    // ETYTIM is documented as "only HOUR available": the instant is as precise as the bank is.
    bookedAt: () => parseCompactDateTime(t('ETYDAT') ?? '', t('ETYTIM')),
    key: () => cmbKey(row),
    idPrefix: 'cmb',
    counterpartyName: t('RPYNAM'),
    counterpartyAccount: t('RPYACC'),
    memo: joinMemo([t('NUSAGE'), t('NARYUR'), t('BUSNAR')]),
    raw: toPlain(row),
  };
}

/**
 * REFNBR is the bank accounting system's serial (银行会计系统交易流水号), keyed with the date.
 * Rows without it get a digest of the fields that together tell bookings apart; the running
 * balance after the booking (TRSBLV) separates two otherwise identical payments.
 */
function cmbKey(row: XmlElement): string {
  const t = (name: string) => textAt(row, name);
  const day = t('ETYDAT') ?? '';
  const ref = t('REFNBR');
  if (ref) return `${day}:${ref}`;
  return `${day}:${fingerprint(['ETYTIM', 'AMTCDR', 'TRSAMTD', 'TRSAMTC', 'TRSBLV', 'RPYACC', 'REQNBR', 'YURREF', 'NARYUR'].map(t))}`;
}
