/**
 * Cheap look at a document's first element names, for `BankAdapter.accepts`. It never parses or
 * decodes: tag names are ASCII in every encoding we read, and a document that is not what it
 * seems is refused later by the full, safe parse.
 */
const START_TAG = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/g;

/** Local names of the first `limit` start tags within the first 16 KiB (prolog, comments skipped). */
export function leadingElementNames(body: Buffer, limit = 2): string[] {
  const head = body
    .subarray(0, 16 * 1024)
    .toString('latin1')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '');
  const names: string[] = [];
  for (const m of head.matchAll(START_TAG)) {
    names.push(m[2]);
    if (names.length >= limit) break;
  }
  return names;
}
