import { DocumentRejected, type BankAdapter, type InboundDocument } from './bank-adapter';
import { canonicalJsonAdapter } from './canonical-json';
import { cmbCmbsdkpgk, icbcCms } from './cn-bank';
import { csvStatement } from './csv-statement';
import { iso20022 } from './iso20022';
import { leadingElementNames } from './xml/sniff';

/** Every inbound adapter the hub knows; a document goes to the first that accepts it. */
export const INBOUND_ADAPTERS: readonly BankAdapter[] = [
  canonicalJsonAdapter,
  iso20022,
  icbcCms,
  cmbCmbsdkpgk,
  csvStatement,
];

export const SUPPORTED_CONTENT_TYPES = [...new Set(INBOUND_ADAPTERS.flatMap((a) => a.contentTypes))];

export class UnsupportedDocument extends Error {
  override name = 'UnsupportedDocument';
}

/**
 * The adapter for a document, or UnsupportedDocument (415) naming what the hub does accept; a
 * content type the hub reads whose document no adapter recognises is a DocumentRejected (422).
 */
export function selectAdapter(doc: InboundDocument): BankAdapter {
  const readers = INBOUND_ADAPTERS.filter((a) => a.contentTypes.includes(doc.contentType));
  const adapter = readers.find((a) => a.accepts(doc));
  if (!adapter && readers.length > 0) {
    const root = leadingElementNames(doc.body, 1)[0];
    throw new DocumentRejected(
      `no adapter recognises this ${doc.contentType} document${root ? ` (root <${root}>)` : ''}; ` +
        `the hub reads ${readers.map((a) => a.name).join(', ')}`,
      'UNKNOWN_DOCUMENT',
    );
  }
  if (!adapter) {
    throw new UnsupportedDocument(
      `content type "${doc.contentType || '(none)'}" is not accepted; send one of: ${SUPPORTED_CONTENT_TYPES.join(', ')}`,
    );
  }
  return adapter;
}
