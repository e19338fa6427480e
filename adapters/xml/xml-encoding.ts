import { DocumentRejected } from '../bank-adapter';
import { lookup } from './lookup';

/**
 * Bytes to text for bank XML. Chinese banks still send GBK; everyone else UTF-8. The declaration
 * inside the document wins over the HTTP charset: it travels with the signed body, while the
 * header is often a default added by a gateway. Decoding is strict: a statement whose names come
 * out as mojibake is refused rather than stored wrong.
 */
const LABELS: Record<string, 'utf-8' | 'gbk' | 'gb18030'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gbk: 'gbk',
  gb2312: 'gbk', // GB2312 is a subset of GBK; WHATWG decoders treat the label the same way
  'x-gbk': 'gbk',
  cp936: 'gbk',
  gb18030: 'gb18030',
};

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The `encoding="…"` of the XML declaration, read on the raw bytes (ASCII in every encoding we take). */
export function declaredEncoding(body: Buffer): string | null {
  const head = body
    .subarray(0, 200)
    .toString('latin1')
    .replace(/^\u00ef\u00bb\u00bf/, '');
  const decl = /^\s*<\?xml\s[^>]*?\?>/.exec(head);
  if (!decl) return null;
  const enc = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(decl[0]);
  return enc ? enc[2].trim().toLowerCase() : null;
}

export function decodeXml(body: Buffer, charset: string | null): string {
  const encoding = documentEncoding(body, charset);
  if (encoding.name !== 'utf-8' && looksLikeUtf8(body)) throw utf8UnderOtherLabel(encoding);
  return decodePiece(encoding, body).replace(/^\uFEFF/, '');
}

/** The encoding a document's bytes are read in, and the label it was named by (for messages). */
export interface XmlEncoding {
  name: 'utf-8' | 'gbk' | 'gb18030';
  label: string;
}

/** The encoding of the whole document, from its first bytes: refused as decodeXml refuses it. */
export function documentEncoding(body: Buffer, charset: string | null): XmlEncoding {
  const hasBom = UTF8_BOM.every((b, i) => body[i] === b);
  const label = declaredEncoding(body) ?? (charset?.trim().toLowerCase() || 'utf-8');
  const encoding = lookup(LABELS, label);
  if (!encoding) {
    throw new DocumentRejected(
      `unsupported XML encoding "${label}": only UTF-8, GBK and GB18030 are read`,
      'UNSUPPORTED_ENCODING',
    );
  }
  if (hasBom && encoding !== 'utf-8') {
    throw new DocumentRejected(
      `document declares ${label} but starts with a UTF-8 byte order mark`,
      'WRONG_ENCODING',
    );
  }
  return { name: encoding, label };
}

// GBK decoding almost never fails, so a UTF-8 body under a GBK declaration would pass as
// mojibake. A body that is valid UTF-8 with multi-byte characters is, in practice, UTF-8.
export const utf8UnderOtherLabel = (encoding: XmlEncoding) =>
  new DocumentRejected(`document declares ${encoding.label} but its bytes are UTF-8`, 'WRONG_ENCODING');

/**
 * Strict decoding of the document or of a piece of it cut at markup (`<`, `>`): no multi-byte
 * sequence of UTF-8, GBK or GB18030 contains those bytes, so a piece decodes as it would in place.
 */
export function decodePiece(encoding: XmlEncoding, bytes: Buffer): string {
  try {
    return new TextDecoder(encoding.name, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DocumentRejected(
      `document declares ${encoding.label} but its bytes are not valid ${encoding.label}`,
      'WRONG_ENCODING',
    );
  }
}

/** True when the bytes are valid UTF-8 holding CJK-range text: a GBK label on them would garble names. */
export function looksLikeUtf8(body: Buffer): boolean {
  if (!body.some((b) => b >= 0x80)) return false;
  return utf8Text(body) === 'cjk';
}

/**
 * Whether bytes are valid UTF-8, and with CJK-range text: pieces of a document cut at markup can
 * be asked one by one (the whole is `cjk` when every piece is valid and one is `cjk`).
 */
export function utf8Text(bytes: Buffer): 'invalid' | 'cjk' | 'other' {
  try {
    // 3- and 4-byte sequences are what CJK text becomes in UTF-8; 2-byte ones can occur by chance.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /[\u0800-\u{10FFFF}]/u.test(text) ? 'cjk' : 'other';
  } catch {
    return 'invalid';
  }
}
