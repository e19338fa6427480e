import { DocumentRejected } from '../bank-adapter';
import { lookup } from './lookup';

/**
 * The parser runs with entity processing off, so references are resolved here, and only the
 * ones XML defines without a DTD: the five predefined entities and character references.
 * Anything else would need a DTD, which safe-xml refuses, so it can only be malformed input.
 */
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const REF = /&(?:(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);)?/g;

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(REF, (_m, ref: string | undefined) => {
    if (ref === undefined) throw malformed('a bare "&" must be written &amp;');
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlChar(cp)) throw malformed(`character reference &${ref}; is not an XML character`);
      return String.fromCodePoint(cp);
    }
    const v = lookup(PREDEFINED, ref);
    if (v === undefined) throw malformed(`undefined entity &${ref};`);
    return v;
  });
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const malformed = (why: string) => new DocumentRejected(`malformed XML: ${why}`, 'MALFORMED_XML');
