import type { AccountEvent, RejectedEvent } from '../src/domain/account-event';

/**
 * A bank's pushed document as received: the push route has already checked the signature and
 * the size; the adapter only maps bytes to canonical events. Adapters are pure: no I/O, no clock.
 */
export interface InboundDocument {
  bankCode: string;
  /** lower-cased media type without parameters, e.g. `application/xml` */
  contentType: string;
  /** the `charset` parameter of Content-Type, if the bank sent one */
  charset: string | null;
  body: Buffer;
  /** the account named by the push URL or request, for formats whose answer does not name it */
  accountNoHint?: string | null;
}

/** Per-bank options an adapter may need (amount unit, CSV layout, ...); data, not code. */
export type BankProfileOptions = Record<string, unknown>;

/** Balances a statement states, for reconciliation. Amounts in fen. */
export interface StatementBalances {
  accountNo: string;
  currency: string;
  openingFen: bigint | null;
  closingFen: bigint | null;
  from: Date | null;
  to: Date | null;
}

export interface AdapterResult {
  events: AccountEvent[];
  /** rows the adapter could read but not accept (wrong currency, missing amount, ...) */
  rejected: RejectedEvent[];
  statements: StatementBalances[];
  /** each event's position in the document (default: its position in `events`), for rejections found later */
  eventIndexes?: number[];
}

/** Thrown when the whole document cannot be read: the push answers 422 with this message. */
export class DocumentRejected extends Error {
  override name = 'DocumentRejected';
  constructor(
    message: string,
    /** machine-readable reason, e.g. DTD_FORBIDDEN, MALFORMED_XML, UNKNOWN_DOCUMENT */
    readonly code: string,
  ) {
    super(message);
  }
}

export interface BankAdapter {
  /** stable name a bank profile refers to, e.g. `canonical-json`, `iso20022`, `icbc-cms` */
  readonly name: string;
  /** media types this adapter reads */
  readonly contentTypes: readonly string[];
  /** true when this adapter recognises the document (e.g. by its XML root) */
  accepts(doc: InboundDocument): boolean;
  /** maps the document; throws DocumentRejected when it cannot be read at all */
  parse(doc: InboundDocument, options: BankProfileOptions): AdapterResult;
  /**
   * A large document read a batch of entries at a time, with what parse() gives (the same events,
   * rejections, statements and refusals); null when the document is small enough to read whole.
   */
  parseInBatches?(
    doc: InboundDocument,
    options: BankProfileOptions,
    batch: { batchEntries: number; streamFromBytes?: number },
  ): BatchedDocument | null;
}

/**
 * A document read in pieces. Generators, so that the caller lets other work run between steps
 * (the hub serves other callers on the same thread while a 100,000-entry statement is read).
 */
export interface BatchedDocument {
  /** parse()'s checks on the whole document; throws DocumentRejected as parse() would */
  check(): Generator<void, void>;
  /** after check(): the balances the document states */
  statements(): StatementBalances[];
  /**
   * after check(): events and rejections a batch at a time, in document order (`eventIndexes`
   * count from the document's start); `undefined` between batches is a pause, nothing to store
   */
  batches(): Generator<AdapterResult | undefined, void>;
}

/**
 * What storing a document a batch at a time needs of its reading, wherever it runs: a
 * BatchedDocument on the hub's thread, or the hub's batch reader in a worker thread (async).
 */
export interface BatchesToStore {
  /** after the checks: the balances the document states */
  statements(): StatementBalances[];
  batches(): Iterable<AdapterResult | undefined> | AsyncIterable<AdapterResult | undefined>;
}
