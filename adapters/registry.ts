import type { BankAdapter, InboundDocument } from './bank-adapter';
import { canonicalJsonAdapter } from './canonical-json';

/** Every inbound adapter the hub knows; a document goes to the first that accepts it. */
export const INBOUND_ADAPTERS: readonly BankAdapter[] = [canonicalJsonAdapter];

export const SUPPORTED_CONTENT_TYPES = [...new Set(INBOUND_ADAPTERS.flatMap((a) => a.contentTypes))];

export class UnsupportedDocument extends Error {
  override name = 'UnsupportedDocument';
}

/** The adapter for a document, or UnsupportedDocument naming what the hub does accept. */
export function selectAdapter(doc: InboundDocument): BankAdapter {
  const adapter = INBOUND_ADAPTERS.find((a) => a.contentTypes.includes(doc.contentType) && a.accepts(doc));
  if (!adapter) {
    throw new UnsupportedDocument(
      `content type "${doc.contentType || '(none)'}" is not accepted; send one of: ${SUPPORTED_CONTENT_TYPES.join(', ')}`,
    );
  }
  return adapter;
}
