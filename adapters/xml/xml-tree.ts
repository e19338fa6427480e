/**
 * The parsed document as adapters see it: element names without namespace prefixes, xmlns
 * attributes dropped, text already unescaped. Banks move between schema versions (camt.053.001.02
 * to .08) and prefix styles without changing meaning, so adapters look elements up by local name.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** concatenated, trimmed character data directly inside this element */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

export function child(el: XmlElement | null | undefined, name: string): XmlElement | null {
  return el?.children.find((c) => c.name === name) ?? null;
}

export function children(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Follows a path of child names, taking the first match at each step. */
export function at(el: XmlElement | null | undefined, ...path: string[]): XmlElement | null {
  let cur: XmlElement | null = el ?? null;
  for (const name of path) cur = child(cur, name);
  return cur;
}

/** Text at a path, or null when the element is missing or empty (banks send `<X></X>` for "none"). */
export function textAt(el: XmlElement | null | undefined, ...path: string[]): string | null {
  const t = at(el, ...path)?.text;
  return t ? t : null;
}

/** First non-empty text among several paths. */
export function firstText(el: XmlElement | null | undefined, paths: string[][]): string | null {
  for (const p of paths) {
    const t = textAt(el, ...p);
    if (t) return t;
  }
  return null;
}

/**
 * A JSON-safe copy for `AccountEvent.raw`: leaves become strings, repeated names become arrays,
 * attributes sit under `@name`. Kept for audit, so nothing is dropped except namespace noise.
 */
export function toPlain(el: XmlElement, skip: readonly string[] = []): unknown {
  const attrs = Object.entries(el.attrs);
  const kids = el.children.filter((c) => !skip.includes(c.name));
  if (kids.length === 0 && attrs.length === 0) return el.text;
  const out: Record<string, unknown> = {};
  for (const [k, v] of attrs) out[`@${k}`] = v;
  if (el.text) out['#text'] = el.text;
  for (const c of kids) {
    const v = toPlain(c);
    const prev = out[c.name];
    if (prev === undefined) out[c.name] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[c.name] = [prev, v];
  }
  return out;
}
