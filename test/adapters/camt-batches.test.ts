/**
 * A large camt.053/054 read a batch of entries at a time must give what reading it whole gives:
 * the same events (ids, amounts, raw copies), rejections (indexes, messages), statements, and the
 * same refusal with the same message for every broken document. Every fixture and a generated
 * multi-thousand-entry document are read both ways, the batched way forced on (batches of 2 and 500).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterResult, InboundDocument } from '../../adapters/bank-adapter';
import { iso20022 } from '../../adapters/iso20022';
import { buildCamt054 } from '../../bench/support/camt054-data';

const DIR = join(__dirname, '..', 'fixtures', 'iso20022');
const FIXTURES: [string, Buffer][] = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => [f, readFileSync(join(DIR, f))]);
const BIG = buildCamt054('T', { entries: 3000, accounts: 7 });
const OPTIONS = { maxBytes: 64 * 1024 * 1024 };

const asDoc = (body: Buffer, charset: string | null = null): InboundDocument => ({
  bankCode: 'TEST',
  contentType: 'application/xml',
  charset,
  body,
});

type Outcome = Pick<AdapterResult, 'events' | 'rejected' | 'statements'> | { refused: string };

function whole(doc: InboundDocument): Outcome {
  try {
    const r = iso20022.parse(doc, OPTIONS);
    return { events: r.events, rejected: r.rejected, statements: r.statements };
  } catch (err) {
    return { refused: `${(err as { code: string }).code}: ${(err as Error).message}` };
  }
}

function inBatches(doc: InboundDocument, batchEntries: number): Outcome & { batches?: number } {
  try {
    const read = iso20022.parseInBatches!(doc, OPTIONS, { batchEntries, streamFromBytes: 0 })!;
    const checks = read.check();
    while (!checks.next().done);
    const out: AdapterResult = { events: [], rejected: [], statements: read.statements() };
    let batches = 0;
    for (const b of read.batches()) {
      if (!b) continue; // a pause
      batches += 1;
      // the event positions a batch reports count from the document's start
      expect(b.eventIndexes ?? b.events.map((_e, i) => i)).toEqual(
        b.events.map((_e, i) => out.events.length + i),
      );
      out.events.push(...b.events);
      out.rejected.push(...b.rejected);
    }
    return { events: out.events, rejected: out.rejected, statements: out.statements, batches };
  } catch (err) {
    return { refused: `${(err as { code: string }).code}: ${(err as Error).message}` };
  }
}

const plain = (o: Outcome) =>
  JSON.parse(
    JSON.stringify(o, (k, v: unknown) => (k === 'batches' ? undefined : typeof v === 'bigint' ? `${v}n` : v)),
  );

/** Changes the `n`-th `<Ntry>` (from 0) of a document. */
function breakEntry(body: Buffer, n: number, change: (ntry: string) => string): Buffer {
  const text = body.toString('utf8');
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf('<Ntry>', at + 1);
  const end = text.indexOf('</Ntry>', at) + '</Ntry>'.length;
  return Buffer.from(text.slice(0, at) + change(text.slice(at, end)) + text.slice(end), 'utf8');
}

describe('iso20022 read in batches gives what parse() gives', () => {
  it.each([...FIXTURES, ['a generated camt.054 of 3,000 entries over 7 accounts', BIG] as [string, Buffer]])(
    '%s',
    (_name, body) => {
      const expected = plain(whole(asDoc(body)));
      for (const size of [2, 500]) expect(plain(inBatches(asDoc(body), size))).toEqual(expected);
    },
  );

  it('gives 3,000 events in 6 batches of 500, ids unique across batches', () => {
    const r = inBatches(asDoc(BIG), 500);
    expect(r.batches).toBe(6);
    const events = 'events' in r ? r.events : [];
    expect(events).toHaveLength(3000);
    expect(new Set(events.map((e) => e.bankEventId)).size).toBe(3000);
  });

  it('numbers a repeated entry #2 across a batch boundary, as a whole reading does', () => {
    const text = BIG.toString('utf8');
    const first = text.slice(text.indexOf('<Ntry>'), text.indexOf('</Ntry>') + 7);
    const twice = Buffer.from(text.replace(first, first + first), 'utf8');
    const expected = plain(whole(asDoc(twice)));
    expect(JSON.stringify(expected)).toMatch(/#2"/);
    expect(plain(inBatches(asDoc(twice), 1))).toEqual(expected);
  });

  const BROKEN: [string, Buffer, string][] = [
    ['an entry cut short near the end', BIG.subarray(0, BIG.length - 3000), 'MALFORMED_XML'],
    [
      'a repeated attribute in entry 2,990',
      breakEntry(BIG, 2990, (e) => e.replace('Ccy="CNY"', 'Ccy="CNY" Ccy="CNY"')),
      'MALFORMED_XML',
    ],
    [
      'mismatched tags in entry 2,990',
      breakEntry(BIG, 2990, (e) => e.replace('</CdtDbtInd>', '</CdtDbt>')),
      'MALFORMED_XML',
    ],
    [
      'an undefined entity in entry 2,990',
      breakEntry(BIG, 2990, (e) => e.replace('<AddtlNtryInf>', '<AddtlNtryInf>&bogus;')),
      'MALFORMED_XML',
    ],
    [
      'a DTD inside a comment in entry 2,990',
      breakEntry(BIG, 2990, (e) => e.replace('<AddtlNtryInf>', '<!-- <!DOCTYPE x> --><AddtlNtryInf>')),
      'DTD_FORBIDDEN',
    ],
    [
      'a DTD before the root',
      Buffer.from(BIG.toString('utf8').replace('?>', '?><!DOCTYPE Document [<!ENTITY x "y">]>'), 'utf8'),
      'DTD_FORBIDDEN',
    ],
    [
      'nesting past the limit in an entry',
      breakEntry(BIG, 2990, (e) =>
        e.replace('<AddtlNtryInf>', `${'<a>'.repeat(60)}${'</a>'.repeat(60)}<AddtlNtryInf>`),
      ),
      'TOO_DEEP',
    ],
    [
      'invalid UTF-8 in entry 2,990',
      Buffer.concat([
        BIG.subarray(0, BIG.length - 2000),
        Buffer.from([0xff]),
        BIG.subarray(BIG.length - 2000),
      ]),
      'WRONG_ENCODING',
    ],
    [
      'UTF-8 bytes declared GBK',
      Buffer.from(BIG.toString('utf8').replace('encoding="UTF-8"', 'encoding="GBK"'), 'utf8'),
      'WRONG_ENCODING',
    ],
    [
      'a record without an account',
      Buffer.from(
        BIG.toString('utf8').replace(/<Acct><Id><Othr><Id>[^<]*<\/Id><\/Othr><\/Id>/, '<Acct><Id></Id>'),
        'utf8',
      ),
      'MISSING_ACCOUNT',
    ],
    ['two roots', Buffer.concat([BIG, Buffer.from('<Document/>')]), 'MALFORMED_XML'],
  ];

  it.each(BROKEN)('refuses %s with the code and message parse() gives', (_name, body, code) => {
    const expected = whole(asDoc(body));
    expect(expected).toEqual({ refused: expect.stringMatching(new RegExp(`^${code}: `)) });
    expect(inBatches(asDoc(body), 500)).toEqual(expected);
  });

  it('reads a small document whole (no batches below 1 MiB unless asked)', () => {
    expect(iso20022.parseInBatches!(asDoc(FIXTURES[0][1]), {}, { batchEntries: 500 })).toBeNull();
    expect(iso20022.parseInBatches!(asDoc(BIG), OPTIONS, { batchEntries: 500 })).not.toBeNull();
  });
});
