/**
 * Finds where a large document's repeated elements (a statement's `<Ntry>`s) lie, on the raw bytes
 * and without building anything, so each can be parsed alone by the safe parser and the document
 * never has to be in memory as one string or one tree. It only tokenises markup (tags, comments,
 * CDATA, processing instructions) far enough to count depth; it judges nothing. Whether the pieces
 * are well-formed is for the safe parser to say, piece by piece; anything this scan cannot follow
 * (a DTD, an unterminated tag or comment, unbalanced tags) gives null, and the caller reads the
 * document whole, which refuses it with the usual message.
 *
 * Byte-level scanning is exact in every encoding the hub reads: in UTF-8, GBK and GB18030 no byte
 * of a multi-byte character is `<`, `>`, `"`, `'`, `/`, `?`, `!` or `-`.
 */
export interface ElementCut {
  /** byte range of the element, its start tag to the end of its end tag */
  start: number;
  end: number;
  /** which parent element (0, 1, …, in document order among those `isParent` accepted) holds it */
  parent: number;
}

export interface ElementCuts {
  cuts: ElementCut[];
  /** how many parent elements `isParent` accepted */
  parents: number;
  /** the deepest nesting seen (the root is 1) */
  depth: number;
}

export interface CutSpec {
  /** local name of the element to cut out, e.g. `Ntry` */
  name: string;
  /** local names from the root down to a candidate parent (names are kept up to this depth) */
  isParent(path: readonly string[]): boolean;
  /** deepest path `isParent` can accept */
  parentDepth: number;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOTE = 0x22;
const APOS = 0x27;
const COMMENT = Buffer.from('<!--');
const CDATA = Buffer.from('<![CDATA[');
/** bytes between two chances for the caller to let other work run */
const STEP_BYTES = 256 * 1024;

const isNameEnd = (b: number) =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === SLASH || b === GT;

/** Scans `body`, yielding every 256 KiB (a few milliseconds); returns the cuts, or null when it cannot follow the markup. */
export function* cutElements(body: Buffer, spec: CutSpec): Generator<void, ElementCuts | null> {
  const cuts: ElementCut[] = [];
  const path: string[] = [];
  let depth = 0;
  let maxDepth = 0;
  let roots = 0;
  let parents = 0;
  let parentAtDepth = -1;
  let open: { start: number; depth: number } | null = null;
  let pos = 0;
  let nextYield = STEP_BYTES;
  while (pos < body.length) {
    if (pos >= nextYield) {
      nextYield = pos + STEP_BYTES;
      yield;
    }
    const lt = body.indexOf(LT, pos);
    if (lt < 0) break;
    const next = body[lt + 1];
    if (next === QUESTION) {
      const end = body.indexOf('?>', lt + 2, 'latin1');
      if (end < 0) return null;
      pos = end + 2;
      continue;
    }
    if (next === BANG) {
      if (body.compare(COMMENT, 0, COMMENT.length, lt, lt + COMMENT.length) === 0) {
        const end = body.indexOf('-->', lt + 4, 'latin1');
        if (end < 0) return null;
        pos = end + 3;
      } else if (body.compare(CDATA, 0, CDATA.length, lt, lt + CDATA.length) === 0) {
        const end = body.indexOf(']]>', lt + 9, 'latin1');
        if (end < 0) return null;
        pos = end + 3;
      } else {
        return null; // a DTD or worse: the whole-document reading refuses it
      }
      continue;
    }
    const closing = next === SLASH;
    const gt = tagEnd(body, lt + 1);
    if (gt < 0) return null;
    pos = gt + 1;
    if (closing) {
      if (depth === 0) return null;
      depth -= 1;
      if (depth < path.length) path.length = depth;
      if (depth < parentAtDepth) parentAtDepth = -1;
      if (open && depth === open.depth) {
        cuts.push({ start: open.start, end: pos, parent: parents - 1 });
        open = null;
      }
      continue;
    }
    const selfClosing = body[gt - 1] === SLASH;
    if (depth === 0) roots += 1;
    if (depth <= spec.parentDepth) {
      let nameEnd = lt + 1;
      while (nameEnd < gt && !isNameEnd(body[nameEnd])) nameEnd++;
      const qname = body.toString('latin1', lt + 1, nameEnd);
      const local = qname.slice(qname.indexOf(':') + 1);
      if (!open && parentAtDepth === depth && local === spec.name) {
        if (selfClosing) cuts.push({ start: lt, end: pos, parent: parents - 1 });
        else open = { start: lt, depth };
      }
      if (!selfClosing && depth < spec.parentDepth) {
        path.push(local);
        if (spec.isParent(path)) {
          parents += 1;
          parentAtDepth = depth + 1;
        }
      }
    }
    if (!selfClosing) {
      depth += 1;
      maxDepth = Math.max(maxDepth, depth);
    } else {
      maxDepth = Math.max(maxDepth, depth + 1);
    }
  }
  if (depth !== 0 || roots !== 1 || open) return null;
  return { cuts, parents, depth: maxDepth };
}

/** The `>` ending the tag whose name starts at `from`; quoted attribute values may hold `>`. */
function tagEnd(body: Buffer, from: number): number {
  for (let i = from; i < body.length; i++) {
    const b = body[i];
    if (b === GT) return i;
    if (b === LT) return -1;
    if (b === QUOTE || b === APOS) {
      const close = body.indexOf(b, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** The document without its cut elements: what is left is small (headers, balances). */
export function withoutCuts(body: Buffer, cuts: readonly ElementCut[]): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (const c of cuts) {
    parts.push(body.subarray(pos, c.start));
    pos = c.end;
  }
  parts.push(body.subarray(pos));
  return Buffer.concat(parts);
}
