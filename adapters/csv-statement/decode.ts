import { DocumentRejected } from '../bank-adapter';
import { lookup } from '../xml/lookup';
import { looksLikeUtf8 } from '../xml/xml-encoding';
import type { CsvEncoding } from './layout';

/**
 * Statement bytes to text, in the encoding the bank's layout registers. A CSV file carries no
 * declaration, so the layout decides; a Content-Type charset that contradicts it is refused
 * rather than one of the two guessed right. Decoding is strict: a file whose names would come
 * out as mojibake is refused, not stored wrong.
 */
const DECODER: Record<CsvEncoding, 'utf-8' | 'gbk' | 'gb18030'> = {
  UTF8: 'utf-8',
  GBK: 'gbk',
  GB18030: 'gb18030',
};

/** Content-Type charsets and the layout encodings they agree with. */
const CHARSETS: Record<string, readonly CsvEncoding[]> = {
  'utf-8': ['UTF8'],
  utf8: ['UTF8'],
  'us-ascii': ['UTF8', 'GBK', 'GB18030'], // a subset of all three
  gbk: ['GBK', 'GB18030'],
  gb2312: ['GBK', 'GB18030'],
  'x-gbk': ['GBK', 'GB18030'],
  cp936: ['GBK', 'GB18030'],
  // WHATWG's gbk decoder is its gb18030 decoder, so a GB18030 file reads under either layout.
  gb18030: ['GBK', 'GB18030'],
};

export function decodeCsv(body: Buffer, encoding: CsvEncoding, charset: string | null): string {
  if (charset) {
    const agrees = lookup(CHARSETS, charset.trim().toLowerCase());
    if (!agrees?.includes(encoding)) {
      throw new DocumentRejected(
        `Content-Type charset "${charset}" does not match the bank's CSV layout encoding ${encoding}`,
        'WRONG_ENCODING',
      );
    }
  }
  const hasBom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  if (hasBom && encoding !== 'UTF8') {
    throw new DocumentRejected(
      `the layout says ${encoding} but the file starts with a UTF-8 byte order mark`,
      'WRONG_ENCODING',
    );
  }
  if (encoding !== 'UTF8' && looksLikeUtf8(body)) {
    // GBK decoding almost never fails, so a UTF-8 file would pass as mojibake.
    throw new DocumentRejected(
      `the layout says ${encoding} but the file's bytes are UTF-8`,
      'WRONG_ENCODING',
    );
  }
  let text: string;
  try {
    text = new TextDecoder(DECODER[encoding], { fatal: true }).decode(body);
  } catch {
    throw new DocumentRejected(
      `the layout says ${encoding} but the file's bytes are not valid ${encoding} (line ${lineOfFirstBadByte(body, encoding)})`,
      'WRONG_ENCODING',
    );
  }
  // A UTF-16 file read as one byte per character is about half NULs: not a text statement. A stray
  // NUL in a cell is that line's problem (rejected as INVALID_TEXT at intake), not the file's.
  const nuls = text.split('\u0000').length - 1;
  if (nuls > 0 && nuls * 10 > text.length) {
    throw new DocumentRejected(
      "the file is mostly NUL characters (UTF-16?): it is not a text statement in the layout's encoding",
      'WRONG_ENCODING',
    );
  }
  return text.replace(/^\uFEFF/, '');
}

/** The 1-based line of the first line that does not decode, for the refusal message. */
function lineOfFirstBadByte(body: Buffer, encoding: CsvEncoding): number {
  const decoder = new TextDecoder(DECODER[encoding], { fatal: true });
  let line = 1;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x0a, start); // LF is never inside a GBK or UTF-8 character
    if (end < 0) end = body.length;
    try {
      decoder.decode(body.subarray(start, end));
    } catch {
      return line;
    }
    line += 1;
    start = end + 1;
  }
  return line;
}
