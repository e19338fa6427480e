import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DocumentRejected } from '../bank-adapter';
import { decodeXml } from './xml-encoding';
import { decodeEntities } from './xml-entities';
import type { XmlElement } from './xml-tree';

/**
 * The one way bank XML is read. Bank pushes arrive from outside, so the classic XML attacks are
 * closed before the parser sees a byte: no DTD at all (XXE, billion laughs), bounded size and
 * depth, entities other than the five predefined ones and character references refused.
 */
export interface SafeXmlOptions {
  /** the Content-Type charset, used when the document declares no encoding */
  charset?: string | null;
  maxBytes?: number;
  maxDepth?: number;
}

/** Far above a day's statement for one account; a larger body is a mistake or an attack. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** camt.053 goes about 16 deep (…/TxDtls/RltdPties/Cdtr/Pty/Id/OrgId/Othr/SchmeNm/Cd). */
export const DEFAULT_MAX_DEPTH = 48;

const DTD = /<!\s*(doctype|entity)/i;

type FxpNode = Record<string, unknown>;

const parserOptions = (maxDepth: number) => ({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false, // done below, so xmlns declarations can be dropped rather than renamed
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: '#cdata',
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: maxDepth,
});

export function parseSafeXml(body: Buffer, options: SafeXmlOptions = {}): XmlElement {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  checkXmlSize(body, maxBytes);
  // Gateways sometimes prepend a newline; the declaration must otherwise come first.
  const text = decodeXml(body, options.charset ?? null).trimStart();
  checkXmlText(text);
  return parseXmlText(text, maxDepth);
}

export function checkXmlSize(body: Buffer, maxBytes: number): void {
  if (body.length > maxBytes) {
    throw new DocumentRejected(
      `document is ${body.length} bytes, over the limit of ${maxBytes}`,
      'TOO_LARGE',
    );
  }
}

/** No DTD, and well-formed: what parseSafeXml checks before it parses (pieces of a document too). */
export function checkXmlText(text: string): void {
  if (DTD.test(text)) {
    throw new DocumentRejected(
      'document contains a DTD or entity declaration, which is never accepted',
      'DTD_FORBIDDEN',
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new DocumentRejected(
      `malformed XML at line ${line}, column ${col ?? '?'}: ${explain(msg)}`,
      'MALFORMED_XML',
    );
  }
}

/** Checked text (checkXmlText) to its one root element, as adapters see it. */
export function parseXmlText(text: string, maxDepth: number): XmlElement {
  let nodes: FxpNode[];
  try {
    nodes = new XMLParser(parserOptions(maxDepth)).parse(text) as FxpNode[];
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/nested/i.test(msg)) {
      throw new DocumentRejected(`document nests deeper than ${maxDepth} elements`, 'TOO_DEEP');
    }
    throw new DocumentRejected(`malformed XML: ${msg}`, 'MALFORMED_XML');
  }
  const roots = nodes.filter((n) => elementName(n) !== null);
  if (roots.length !== 1) {
    throw new DocumentRejected(
      `malformed XML: expected one root element, found ${roots.length}`,
      'MALFORMED_XML',
    );
  }
  return toElement(roots[0]);
}

// The validator reports a truncated document as the raw stack of open tags; say what it means.
function explain(msg: string): string {
  const open = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(msg);
  if (!open) return msg;
  try {
    const tags = JSON.parse(open[1]) as string[];
    return `document ends inside <${tags.join('>/<')}> (truncated?)`;
  } catch {
    return msg;
  }
}

function elementName(node: FxpNode): string | null {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata') ?? null;
}

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

function toElement(node: FxpNode): XmlElement {
  const qname = elementName(node) as string;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries((node[':@'] ?? {}) as Record<string, string>)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    attrs[localName(k)] = decodeEntities(String(v));
  }
  const kids: XmlElement[] = [];
  const text: string[] = [];
  for (const c of node[qname] as FxpNode[]) {
    if ('#text' in c) text.push(decodeEntities(String(c['#text'])));
    else if ('#cdata' in c) text.push(...(c['#cdata'] as FxpNode[]).map((t) => String(t['#text'] ?? '')));
    else if (elementName(c) !== null) kids.push(toElement(c));
  }
  return { name: localName(qname), attrs, text: text.join('').trim(), children: kids };
}
