import type { AccountEvent, RejectedEvent } from '../../src/domain/account-event';
import {
  DocumentRejected,
  type BankAdapter,
  type BankProfileOptions,
  type InboundDocument,
} from '../bank-adapter';
import { uniqueInDocument } from '../xml/event-ids';
import { amountUnitOption, xmlLimitOptions } from '../xml/options';
import { parseSafeXml } from '../xml/safe-xml';
import { leadingElementNames } from '../xml/sniff';
import { child, children, textAt, type XmlElement } from '../xml/xml-tree';
import { rowToEvent } from './cn-row';
import { readCmbRow } from './cmb-rows';

/**
 * CMB 招商银行 direct-link `<CMBSDKPGK>` GetTransInfo (查询账户交易信息) answers. The answer does
 * not name the account it lists; the request does (SDKTSINFX/ACCNBR). The account comes from
 * `InboundDocument.accountNoHint`, or from the request passed as the option `requestDocument`
 * (Buffer or string), or from an SDKTSINFX block echoed in the answer; when several are given
 * they must agree, and when none is, the document is refused as ACCOUNT_UNKNOWN.
 */
export const cmbCmbsdkpgk: BankAdapter = {
  name: 'cmb-cmbsdkpgk',
  contentTypes: ['application/xml', 'text/xml'],
  accepts: (doc) => leadingElementNames(doc.body, 1)[0] === 'CMBSDKPGK',
  parse(doc, options) {
    const unit = amountUnitOption(options);
    const root = parseSafeXml(doc.body, xmlLimitOptions(options, doc.charset));
    checkGetTransInfo(root);
    const retCode = textAt(root, 'INFO', 'RETCOD');
    if (retCode === null && child(root, 'SDKTSINFX') && !child(root, 'NTQTSINFZ')) {
      throw new DocumentRejected(
        'this is a GetTransInfo request, not the answer with transactions',
        'UNSUPPORTED_MESSAGE',
      );
    }
    if (retCode !== null && retCode !== '0') {
      throw new DocumentRejected(
        `CMB answered RETCOD ${retCode}: ${textAt(root, 'INFO', 'ERRMSG') ?? ''}`,
        'BANK_ERROR',
      );
    }
    const accountNo = resolveAccount(doc, options, root);
    const events: AccountEvent[] = [];
    const rejected: RejectedEvent[] = [];
    children(root, 'NTQTSINFZ').forEach((row, i) => {
      const r = rowToEvent(readCmbRow(row, i, accountNo), unit);
      if ('code' in r) rejected.push(r);
      else events.push(r);
    });
    return { events: uniqueInDocument(events), rejected, statements: [] };
  },
};

function checkGetTransInfo(root: XmlElement): void {
  if (root.name !== 'CMBSDKPGK')
    throw new DocumentRejected(`root <${root.name}> is not a CMB <CMBSDKPGK> message`, 'UNKNOWN_DOCUMENT');
  const fn = textAt(root, 'INFO', 'FUNNAM');
  if (fn !== 'GetTransInfo') {
    throw new DocumentRejected(`CMB FUNNAM ${fn ?? '(none)'} is not GetTransInfo`, 'UNSUPPORTED_MESSAGE');
  }
}

function resolveAccount(doc: InboundDocument, options: BankProfileOptions, answer: XmlElement): string {
  const sources: [string, string | null][] = [
    ['accountNoHint', doc.accountNoHint?.trim() || null],
    ['request document', requestAccount(options)],
    ['SDKTSINFX in the answer', textAt(answer, 'SDKTSINFX', 'ACCNBR')],
  ];
  const named = sources.filter((s): s is [string, string] => s[1] !== null);
  if (named.length === 0) {
    throw new DocumentRejected(
      'CMB GetTransInfo answers do not name the account: send accountNoHint or the request document (SDKTSINFX/ACCNBR)',
      'ACCOUNT_UNKNOWN',
    );
  }
  const distinct = new Set(named.map(([, acc]) => acc));
  if (distinct.size > 1) {
    throw new DocumentRejected(
      `account sources disagree: ${named.map(([s, a]) => `${s} ${a}`).join(', ')}`,
      'ACCOUNT_MISMATCH',
    );
  }
  return named[0][1];
}

function requestAccount(options: BankProfileOptions): string | null {
  const req = options.requestDocument;
  if (req === undefined || req === null) return null;
  if (typeof req !== 'string' && !Buffer.isBuffer(req)) {
    throw new DocumentRejected(
      'option requestDocument must be the request XML as a Buffer or string',
      'BAD_PROFILE',
    );
  }
  // A string is already decoded text, so whatever encoding its declaration names no longer applies.
  const bytes = Buffer.isBuffer(req)
    ? req
    : Buffer.from(req.replace(/^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*/, '$1UTF-8'), 'utf8');
  const root = parseSafeXml(bytes, xmlLimitOptions(options, null));
  checkGetTransInfo(root);
  const acc = textAt(root, 'SDKTSINFX', 'ACCNBR');
  if (!acc)
    throw new DocumentRejected('the GetTransInfo request names no SDKTSINFX/ACCNBR', 'ACCOUNT_UNKNOWN');
  return acc;
}
