import type { AdapterResult, BankProfileOptions, BatchedDocument, InboundDocument } from '../bank-adapter';
import { DocumentRejected } from '../bank-adapter';
import { cutElements, withoutCuts, type ElementCut } from '../xml/element-cuts';
import { lookup } from '../xml/lookup';
import { xmlLimitOptions } from '../xml/options';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  checkXmlSize,
  checkXmlText,
  parseSafeXml,
  parseXmlText,
} from '../xml/safe-xml';
import {
  decodePiece,
  documentEncoding,
  utf8Text,
  utf8UnderOtherLabel,
  type XmlEncoding,
} from '../xml/xml-encoding';
import { children } from '../xml/xml-tree';
import { camtStatements } from './camt-balances';
import { readEntry } from './camt-entry';
import { mapCamtEntries } from './camt-map';
import { CAMT_MESSAGES, readCamt, readRecord, type CamtDocument, type CamtRecord } from './camt-read';

/**
 * A large camt.053 / camt.054 read an entry batch at a time, so a 100,000-entry document is never
 * one string or one tree (it took a hub to 3.8 GiB). The `<Ntry>` elements are found on the bytes
 * (element-cuts.ts); the rest of the document (headers, accounts, balances) is parsed as one small
 * document, and each entry alone, by the same safe parser, so every event, rejection and statement
 * is the one `iso20022.parse` gives. The checks parse() makes on the whole document (size,
 * encoding, no DTD, well-formed, depth) run on every piece before any event is given out; when one
 * fails, or the document has a shape this reading does not follow, the document is read whole
 * instead, which answers exactly as before (a refusal with its message and position).
 *
 * One difference, on documents refused anyway: a bad entity reference (`&foo;`) is found while an
 * entry is parsed, after earlier batches were given out; the push's transaction then stores none
 * of them, and the message names the first bad reference among the entries, where a whole reading
 * names the first in the document.
 */
export const STREAM_FROM_BYTES = 1024 * 1024;

/** How long the checks run before they offer the caller a turn (a trivial query takes ~5 ms). */
const SLICE_MS = 3;

/** True once every SLICE_MS: the checks yield then. */
function slices(): () => boolean {
  let until = performance.now() + SLICE_MS;
  return () => {
    const t = performance.now();
    if (t < until) return false;
    until = t + SLICE_MS;
    return true;
  };
}

const recordOf = (message: string) => lookup(CAMT_MESSAGES, message)?.record;

// Ntry under Document/<message>/<record>, or under <message>/<record> as the root.
const ENTRY_SPEC = {
  name: 'Ntry',
  parentDepth: 3,
  isParent: (p: readonly string[]) =>
    (p.length === 3 && p[0] === 'Document' && recordOf(p[1]) === p[2]) ||
    (p.length === 2 && recordOf(p[0]) === p[1]),
};

export function camtInBatches(
  doc: InboundDocument,
  options: BankProfileOptions,
  { batchEntries, streamFromBytes = STREAM_FROM_BYTES }: { batchEntries: number; streamFromBytes?: number },
): BatchedDocument | null {
  if (doc.body.length < streamFromBytes) return null;
  return new CamtBatches(doc, options, batchEntries);
}

class CamtBatches implements BatchedDocument {
  private whole: AdapterResult | null = null;
  private cuts: ElementCut[] = [];
  private encoding: XmlEncoding | null = null;
  private records: CamtRecord[] = [];
  private message: CamtDocument['message'] = 'camt.054';
  private checked = false;
  private readonly limits;

  constructor(
    private readonly doc: InboundDocument,
    private readonly options: BankProfileOptions,
    private readonly batchEntries: number,
  ) {
    this.limits = xmlLimitOptions(options, doc.charset);
  }

  *check(): Generator<void, void> {
    const body = this.doc.body;
    checkXmlSize(body, this.limits.maxBytes ?? DEFAULT_MAX_BYTES);
    const maxDepth = this.limits.maxDepth ?? DEFAULT_MAX_DEPTH;
    const found = yield* cutElements(body, ENTRY_SPEC);
    // Near the depth limit the parser's own count decides, on the whole document.
    if (!found || found.depth >= maxDepth - 1) return this.readWhole();
    this.cuts = found.cuts;
    const encoding = documentEncoding(body, this.doc.charset);
    const skeleton = withoutCuts(body, found.cuts);
    // as parseSafeXml reads the whole: no BOM, and a newline a gateway put in front is dropped
    const skeletonText = () =>
      decodePiece(encoding, skeleton)
        .replace(/^\uFEFF/, '')
        .trimStart();
    const turn = slices();
    try {
      if (encoding.name !== 'utf-8') yield* this.refuseUtf8Bytes(encoding, skeleton);
      checkXmlText(skeletonText());
      for (let i = 0; i < this.cuts.length; i++) {
        checkXmlText(decodePiece(encoding, this.piece(i)));
        if (turn()) yield;
      }
    } catch (err) {
      if (err instanceof DocumentRejected) return this.readWhole();
      throw err;
    }
    let root;
    try {
      root = parseXmlText(skeletonText(), maxDepth);
    } catch (err) {
      if (err instanceof DocumentRejected) return this.readWhole();
      throw err;
    }
    const msg = root.name === 'Document' ? root.children.filter((c) => recordOf(c.name)) : [root];
    const record = recordOf(msg[0]?.name ?? '');
    const records = record ? children(msg[0], record) : [];
    // Anything but one camt message whose records are the ones the scan counted: read it whole.
    if (msg.length !== 1 || !record || records.length !== found.parents) return this.readWhole();
    this.message = CAMT_MESSAGES[msg[0].name as keyof typeof CAMT_MESSAGES].message;
    this.records = records.map((r) => readRecord(r, []));
    this.encoding = encoding;
    const missing = this.records.find((r) => !r.account);
    if (missing) {
      // parse() reads every entry before it names the record: a broken entry is what it reports.
      for (let i = 0; i < this.cuts.length; i++) {
        parseXmlText(decodePiece(encoding, this.piece(i)), maxDepth);
        if (turn()) yield;
      }
      throw new DocumentRejected(
        `${this.message} record ${missing.id ?? ''} names no account`,
        'MISSING_ACCOUNT',
      );
    }
    this.checked = true;
  }

  statements() {
    if (this.whole) return this.whole.statements;
    return camtStatements({ message: this.message, records: this.records });
  }

  *batches(): Generator<AdapterResult | undefined, void> {
    if (this.whole) {
      yield { ...this.whole, statements: [] };
      return;
    }
    if (!this.checked || !this.encoding) throw new Error('camt batches: check() first');
    const maxDepth = this.limits.maxDepth ?? DEFAULT_MAX_DEPTH;
    const seenIds = new Map<string, number>();
    const turn = slices();
    let batch: AdapterResult = { events: [], rejected: [], statements: [], eventIndexes: [] };
    let events = 0;
    for (let i = 0; i < this.cuts.length; i++) {
      // One entry at a time, as mapCamtEntries maps a record's entries in turn; the ids it numbers
      // (#2, #3) are counted over the whole document.
      const entry = readEntry(parseXmlText(decodePiece(this.encoding, this.piece(i)), maxDepth), i);
      const record = { ...this.records[this.cuts[i].parent], entries: [entry] };
      const mapped = mapCamtEntries({ message: this.message, records: [record] }, seenIds);
      for (const e of mapped.events) {
        batch.events.push(e);
        batch.eventIndexes!.push(events++);
      }
      batch.rejected.push(...mapped.rejected);
      if (i % this.batchEntries === this.batchEntries - 1 || i === this.cuts.length - 1) {
        yield batch;
        batch = { events: [], rejected: [], statements: [], eventIndexes: [] };
      } else if (turn()) {
        yield undefined;
      }
    }
  }

  private piece(i: number): Buffer {
    const c = this.cuts[i];
    return this.doc.body.subarray(c.start, c.end);
  }

  /** parse()'s check that a document named GBK is not UTF-8 in fact, over the pieces. */
  private *refuseUtf8Bytes(encoding: XmlEncoding, skeleton: Buffer): Generator<void, void> {
    let cjk = false;
    const turn = slices();
    for (let i = -1; i < this.cuts.length; i++) {
      const seen = utf8Text(i < 0 ? skeleton : this.piece(i));
      if (seen === 'invalid') return;
      cjk ||= seen === 'cjk';
      if (turn()) yield;
    }
    if (cjk) throw utf8UnderOtherLabel(encoding);
  }

  /** parse() itself, on the whole document: it refuses as before, or reads what this cannot. */
  private readWhole(): void {
    const camt = readCamt(parseSafeXml(this.doc.body, this.limits));
    this.whole = { ...mapCamtEntries(camt), statements: camtStatements(camt) };
    this.checked = true;
  }
}
