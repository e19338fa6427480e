import type { AccountEvent, RejectedEvent } from '../../src/domain/account-event';
import { DocumentRejected, type BankAdapter } from '../bank-adapter';
import { uniqueInDocument } from '../xml/event-ids';
import { amountUnitOption, xmlLimitOptions } from '../xml/options';
import { parseSafeXml } from '../xml/safe-xml';
import { leadingElementNames } from '../xml/sniff';
import { at, children, textAt } from '../xml/xml-tree';
import { rowToEvent } from './cn-row';
import { readIcbcRow } from './icbc-rows';

/**
 * ICBC 银企互联 (`<CMS>`) account detail answers: QPD (当日明细) and QHISD (历史明细). GBK or
 * UTF-8. Amounts: the unit is not documented, so the bank profile must state `amountUnit` ('yuan'
 * or 'fen'); guessing would risk a 100x error. The public samples suggest fen (an Amount of 1
 * beside receipt text "0.01").
 */
const DETAIL_CODES = new Set(['QPD', 'QHISD']);

export const icbcCms: BankAdapter = {
  name: 'icbc-cms',
  contentTypes: ['application/xml', 'text/xml'],
  accepts: (doc) => leadingElementNames(doc.body, 1)[0] === 'CMS',
  parse(doc, options) {
    const root = parseSafeXml(doc.body, xmlLimitOptions(options, doc.charset));
    // after the document's own checks, so a hostile or broken document is named as such first
    const unit = amountUnitOption(options, { required: true });
    if (root.name !== 'CMS')
      throw new DocumentRejected(`root <${root.name}> is not an ICBC <CMS> message`, 'UNKNOWN_DOCUMENT');
    const pub = at(root, 'eb', 'pub');
    const transCode = textAt(pub, 'TransCode');
    if (!transCode || !DETAIL_CODES.has(transCode)) {
      throw new DocumentRejected(
        `ICBC TransCode ${transCode ?? '(none)'} is not an account detail answer (QPD, QHISD)`,
        'UNSUPPORTED_MESSAGE',
      );
    }
    const retCode = textAt(pub, 'RetCode');
    if (retCode && retCode !== '0') {
      throw new DocumentRejected(
        `ICBC answered RetCode ${retCode}: ${textAt(pub, 'RetMsg') ?? ''}`,
        'BANK_ERROR',
      );
    }
    const out = at(root, 'eb', 'out');
    const accountNo = textAt(out, 'AccNo');
    if (!accountNo) throw new DocumentRejected(`ICBC ${transCode} answer names no AccNo`, 'MISSING_ACCOUNT');
    const events: AccountEvent[] = [];
    const rejected: RejectedEvent[] = [];
    children(out, 'rd').forEach((rd, i) => {
      const r = rowToEvent(readIcbcRow(rd, i, accountNo, textAt(out, 'CurrType')), unit);
      if ('code' in r) rejected.push(r);
      else events.push(r);
    });
    return { events: uniqueInDocument(events), rejected, statements: [] };
  },
};
