import type { BankAdapter, InboundDocument } from '../bank-adapter';
import { lookup } from '../xml/lookup';
import { xmlLimitOptions } from '../xml/options';
import { parseSafeXml } from '../xml/safe-xml';
import { leadingElementNames } from '../xml/sniff';
import { camtStatements } from './camt-balances';
import { camtInBatches } from './camt-batches';
import { mapCamtEntries } from './camt-map';
import { CAMT_MESSAGES, readCamt } from './camt-read';

/**
 * ISO 20022 camt.053 / camt.054, any published version: recognised by the message element
 * (BkToCstmrStmt, BkToCstmrDbtCdtNtfctn), never by the namespace's version number.
 */
export const iso20022: BankAdapter = {
  name: 'iso20022',
  contentTypes: ['application/xml', 'text/xml'],
  accepts(doc: InboundDocument): boolean {
    const [root, first] = leadingElementNames(doc.body, 2);
    return !!lookup(CAMT_MESSAGES, root) || (root === 'Document' && !!lookup(CAMT_MESSAGES, first));
  },
  parse(doc, options) {
    const camt = readCamt(parseSafeXml(doc.body, xmlLimitOptions(options, doc.charset)));
    return { ...mapCamtEntries(camt), statements: camtStatements(camt) };
  },
  parseInBatches: camtInBatches,
};
