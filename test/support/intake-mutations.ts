import fc from 'fast-check';

/**
 * Mutations of a bank document for the intake fuzz test: each is a function from the fixture's
 * bytes to new bytes. They aim at what has made pushes fail whole before: NUL bytes and lone
 * surrogates (PostgreSQL refuses them), impossible dates, broken structure, depth and size.
 */
export type Mutation = { name: string; apply: (body: Buffer) => Buffer };

const at = (frac: number, len: number) => Math.min(len, Math.floor(frac * (len + 1)));
const frac = fc.double({ min: 0, max: 1, noNaN: true });

/** text and bytes that are hostile to one of the formats, or to PostgreSQL */
const PAYLOADS: (string | Buffer)[] = [
  Buffer.from([0]),
  '\\u0000',
  '\\ud800',
  '\\udfff',
  'x\\ud83d',
  Buffer.from([0xed, 0xa0, 0x80]), // a lone surrogate as (invalid) UTF-8 bytes
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3]),
  '&#0;',
  '&#xD800;',
  '&amp;',
  '<',
  '>',
  '"',
  '",',
  ',',
  '\n',
  '\r\n',
  '=cmd|',
  '-',
  '冲正',
  '\u{1F600}',
  '"bankEventId":',
  '}',
  ']',
  'A'.repeat(70_000),
];

const IMPOSSIBLE_DATES = [
  '2026-02-30',
  '2027-02-29',
  '0000-01-01',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '9999-12-31',
  '1899-12-31',
];
const IMPOSSIBLE_TIMES = ['T24:00', 'T25:00', 'T23:60', 'T99:99'];

const deep = (n: number, kind: 'json' | 'xml') =>
  kind === 'json' ? `${'{"a":['.repeat(n)}1${']}'.repeat(n)}` : `${'<a>'.repeat(n)}x${'</a>'.repeat(n)}`;

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ pos: frac, xor: fc.integer({ min: 1, max: 255 }) }).map(({ pos, xor }) => ({
    name: `flip byte at ${pos.toFixed(3)} ^${xor}`,
    apply: (b: Buffer) => {
      if (b.length === 0) return b;
      const out = Buffer.from(b);
      const i = Math.min(b.length - 1, at(pos, b.length));
      out[i] ^= xor;
      return out;
    },
  })),
  fc.record({ pos: frac, payload: fc.constantFrom(...PAYLOADS) }).map(({ pos, payload }) => ({
    name: `insert ${JSON.stringify(String(payload).slice(0, 12))} at ${pos.toFixed(3)}`,
    apply: (b: Buffer) => {
      const i = at(pos, b.length);
      return Buffer.concat([b.subarray(0, i), Buffer.from(payload as never), b.subarray(i)]);
    },
  })),
  fc.record({ pos: frac }).map(({ pos }) => ({
    name: `truncate at ${pos.toFixed(3)}`,
    apply: (b: Buffer) => b.subarray(0, at(pos, b.length)),
  })),
  fc
    .record({ pos: frac, depth: fc.integer({ min: 20, max: 3000 }), kind: fc.constantFrom('json', 'xml') })
    .map(({ pos, depth, kind }) => ({
      name: `nest ${kind} ${depth} deep at ${pos.toFixed(3)}`,
      apply: (b: Buffer) => {
        const i = at(pos, b.length);
        return Buffer.concat([
          b.subarray(0, i),
          Buffer.from(deep(depth, kind as 'json' | 'xml')),
          b.subarray(i),
        ]);
      },
    })),
  fc
    .record({
      nth: fc.nat(20),
      date: fc.constantFrom(...IMPOSSIBLE_DATES),
      time: fc.option(fc.constantFrom(...IMPOSSIBLE_TIMES)),
    })
    .map(({ nth, date, time }) => ({
      name: `date #${nth} → ${date}${time ?? ''}`,
      apply: (b: Buffer) => {
        const text = b.toString('latin1'); // byte-preserving, whatever the encoding
        const dates = [...text.matchAll(/(\d{4})-?(\d{2})-?(\d{2})(T\d{2}:\d{2})?/g)];
        if (dates.length === 0) return b;
        const m = dates[nth % dates.length];
        const compact = !m[0].includes('-');
        const replacement = (compact ? date.replace(/-/g, '') : date) + (m[4] ? (time ?? m[4]) : '');
        return Buffer.from(
          text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length),
          'latin1',
        );
      },
    })),
);

/** JSON pushes also get mutated as data: one field of one event set to a hostile value. */
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '2026-02-30T10:00:00+08:00',
    '2026-11-10T24:00:00+08:00',
    '0000-01-01T00:00:00Z',
    '2016-12-31T23:59:60Z',
    '2026-11-10T09:00:00',
    '-1.00',
    '1e5',
    'NaN',
    'CREDIT_REVERSAL',
    'FZ-0001',
    null,
    12.5,
    true,
    [],
    {},
    'B'.repeat(600),
    'C'.repeat(80_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1, max: 60 }).map((n) => {
    let v: unknown = 'x';
    for (let i = 0; i < n; i += 1) v = { v };
    return v;
  }),
);
const FIELDS = [
  'bankEventId',
  'accountNo',
  'type',
  'amount',
  'bookedAt',
  'memo',
  'counterpartyName',
  'reverses',
  'extra',
  '\u0000',
];

export const jsonFieldMutation: fc.Arbitrary<Mutation> = fc
  .record({ event: fc.nat(10), field: fc.constantFrom(...FIELDS), value: hostileValue })
  .map(({ event, field, value }) => ({
    name: `event ${event}.${JSON.stringify(field)} = ${JSON.stringify(value)?.slice(0, 30)}`,
    apply: (b: Buffer) => {
      let doc: { events?: Record<string, unknown>[] };
      try {
        doc = JSON.parse(b.toString('utf8'));
      } catch {
        return b;
      }
      if (!Array.isArray(doc?.events) || doc.events.length === 0) return b;
      const target = doc.events[event % doc.events.length];
      if (target && typeof target === 'object') target[field] = value;
      return Buffer.from(JSON.stringify(doc));
    },
  }));
