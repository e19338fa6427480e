import {
  DocumentRejected,
  type BankAdapter,
  type BankProfileOptions,
  type InboundDocument,
} from '../../adapters/bank-adapter';
import { cmbCmbsdkpgk, icbcCms } from '../../adapters/cn-bank';
import { csvStatement } from '../../adapters/csv-statement';
import { iso20022 } from '../../adapters/iso20022';
import { DEFAULT_MAX_BYTES } from '../../adapters/xml/safe-xml';
import { ACCOUNT_EVENT_TYPES } from '../../src/domain/account-event';
import { fixture, inbound, thrown } from './support';

/**
 * One suite every XML bank adapter passes (ARCHITECTURE.md, example 8): every real fixture maps
 * to valid events, the same input gives the same ids, and hostile or broken input is refused
 * with a DocumentRejected that says why.
 */
interface Case {
  fixture: string;
  doc?: Partial<InboundDocument>;
  options?: BankProfileOptions;
}
interface Suite {
  adapter: BankAdapter;
  /** wraps a body so this adapter accepts it: `[open, close]` */
  envelope: [string, string];
  cases: Case[];
}

const CMB_HINT = { doc: { accountNoHint: '1280078810001' } };
const suites: Suite[] = [
  {
    adapter: iso20022,
    envelope: ['<Document><BkToCstmrStmt>', '</BkToCstmrStmt></Document>'],
    cases: [
      'iso20022/camt053.v8.xml',
      'iso20022/camt054.v2.xml',
      'iso20022/camt054.v4.xml',
      'iso20022/camt054.v8.xml',
      'iso20022/test-camt053.xml',
      'iso20022/test-camt054.xml',
      'iso20022/derived-camt053-cny.xml',
      'iso20022/derived-camt054-cny-v8.xml',
    ].map((f) => ({ fixture: f })),
  },
  {
    adapter: icbcCms,
    envelope: ['<CMS>', '</CMS>'],
    cases: [
      'cn-bank/icbc-QPD-response-sample.gbk.xml',
      'cn-bank/icbc-QPD-response-sample.utf8.xml',
      'cn-bank/derived-icbc-QHISD.utf8.xml',
    ].map((f) => ({ fixture: f, options: { amountUnit: 'fen' } })), // ICBC's profile must state its unit
  },
  {
    adapter: cmbCmbsdkpgk,
    envelope: ['<CMBSDKPGK>', '</CMBSDKPGK>'],
    cases: [
      { fixture: 'cn-bank/cmb-GetTransInfo-response-sample.xml', ...CMB_HINT },
      { fixture: 'cn-bank/derived-cmb-GetTransInfo-response.xml', ...CMB_HINT },
    ],
  },
];
// csv-statement passes the same properties in csv-statement.test.ts (its fixtures are not XML).
const allAdapters = [...suites.map((s) => s.adapter), csvStatement];

const XXE = (root: string) => `<?xml version="1.0"?>
<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
const LAUGHS = (root: string) => `<?xml version="1.0"?>
<!DOCTYPE ${root} [
 <!ENTITY lol "lol">
 ${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`).join('\n ')}
]>`;

function expectRejected(fn: () => unknown, code: string, message?: RegExp): void {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(DocumentRejected);
  expect(e.code).toBe(code);
  expect(e.message.length).toBeGreaterThan(10);
  if (message) expect(e.message).toMatch(message);
}

describe.each(suites)('$adapter.name conformance', ({ adapter, envelope, cases }) => {
  const [open, close] = envelope;
  const rootName = /^<(\w+)/.exec(open)![1];
  const sample = cases[0];

  describe.each(cases)('$fixture', (c) => {
    const doc = inbound(fixture(c.fixture), c.doc);
    const parse = () => adapter.parse(doc, c.options ?? {});

    it('is recognised by this adapter only', () => {
      expect(adapter.accepts(doc)).toBe(true);
      for (const other of allAdapters.filter((a) => a !== adapter)) expect(other.accepts(doc)).toBe(false);
    });

    it('maps to valid events and accounts for every row', () => {
      const { events, rejected } = parse();
      expect(events.length + rejected.length).toBeGreaterThan(0);
      for (const e of events) {
        expect(typeof e.bankEventId).toBe('string');
        expect(e.bankEventId.length).toBeGreaterThan(0);
        expect(e.accountNo.length).toBeGreaterThan(0);
        expect(ACCOUNT_EVENT_TYPES).toContain(e.type);
        if (e.type === 'CREDIT' || e.type === 'CREDIT_REVERSAL' || e.type === 'DEBIT') {
          expect(typeof e.amountFen).toBe('bigint');
          expect(e.amountFen! > 0n).toBe(true);
        }
        expect(e.bookedAt).toBeInstanceOf(Date);
        expect(Number.isNaN(e.bookedAt.getTime())).toBe(false);
        expect(() => JSON.stringify(e.raw)).not.toThrow();
      }
      for (const r of rejected) {
        expect(Number.isInteger(r.index) && r.index >= 0).toBe(true);
        expect(r.code).toMatch(/^[A-Z_]+$/);
        expect(r.message.length).toBeGreaterThan(0);
      }
    });

    it('gives the same event ids when parsed twice', () => {
      const ids = (r: ReturnType<typeof parse>) => r.events.map((e) => e.bankEventId);
      expect(ids(parse())).toEqual(ids(parse()));
      expect(parse()).toEqual(parse());
    });

    it('gives unique event ids within the document', () => {
      const ids = parse().events.map((e) => e.bankEventId);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('refuses the document truncated', () => {
      const body = fixture(c.fixture);
      const cut = body.lastIndexOf('<', Math.floor(body.length * 0.6)); // '<' is never inside a GBK or UTF-8 character
      expectRejected(
        () => adapter.parse({ ...doc, body: body.subarray(0, cut + 3) }, c.options ?? {}),
        'MALFORMED_XML',
        /malformed XML/,
      );
    });
  });

  const parseBody = (body: string | Buffer, options: BankProfileOptions = {}) =>
    adapter.parse(inbound(body, sample.doc), { ...sample.options, ...options });

  it('refuses an external entity (XXE) before expanding it, in under 100 ms', () => {
    const body = `${XXE(rootName)}${open}&xxe;${close}`;
    expect(adapter.accepts(inbound(body))).toBe(true); // routed here, then refused, not "unknown format"
    const t0 = performance.now();
    expectRejected(() => parseBody(body), 'DTD_FORBIDDEN');
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('refuses a billion-laughs entity bomb in under 100 ms', () => {
    const t0 = performance.now();
    expectRejected(() => parseBody(`${LAUGHS(rootName)}${open}&lol9;${close}`), 'DTD_FORBIDDEN');
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('refuses a DTD whatever its case, and an entity declaration on its own', () => {
    expectRejected(() => parseBody(`<!doctype ${rootName}>${open}${close}`), 'DTD_FORBIDDEN');
    expectRejected(() => parseBody(`${open}<!ENTITY x "y">${close}`), 'DTD_FORBIDDEN');
  });

  it('refuses bytes that do not match the declared encoding', () => {
    const gbkBytes = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK: invalid UTF-8
    const body = Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${open}<X>`),
      gbkBytes,
      Buffer.from(`</X>${close}`),
    ]);
    expectRejected(() => parseBody(body), 'WRONG_ENCODING', /UTF-8/i);
    const utf8UnderGbk = `<?xml version="1.0" encoding="GBK"?>${open}<X>你好</X>${close}`;
    expectRejected(() => parseBody(utf8UnderGbk), 'WRONG_ENCODING', /GBK/i);
    expectRejected(
      () => parseBody(`<?xml version="1.0" encoding="ISO-8859-1"?>${open}${close}`),
      'UNSUPPORTED_ENCODING',
    );
  });

  it('refuses an oversize document, by default and by profile option', () => {
    const big = `${open}${' '.repeat(DEFAULT_MAX_BYTES)}${close}`;
    expectRejected(() => parseBody(big), 'TOO_LARGE', /over the limit/);
    expectRejected(() => parseBody(fixture(sample.fixture), { maxBytes: 100 }), 'TOO_LARGE');
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `${open}${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}${close}`;
    expectRejected(() => parseBody(deep), 'TOO_DEEP');
  });

  it('refuses a document that is not XML at all', () => {
    expectRejected(() => parseBody('{"events": []}'), 'MALFORMED_XML');
  });
});

/**
 * Each adapter's reversal form (issue 8): money that came in and is taken back out is a
 * CREDIT_REVERSAL, which lowers the labour cost counted; wage payments out stay DEBITs.
 */
describe('reversal forms map to CREDIT_REVERSAL', () => {
  const types = (adapter: BankAdapter, body: Buffer | string, extra: Case = { fixture: '' }) =>
    adapter.parse(inbound(body, extra.doc), extra.options ?? {}).events.map((e) => [e.type, e.amountFen]);

  it("ISO 20022: the OCA camt.053 sample's DBIT entry with RvslInd true (relabelled CNY)", () => {
    const cny = fixture('iso20022/test-camt053.xml')
      .toString('utf8')
      .replace(/Ccy="[A-Z]{3}"/g, 'Ccy="CNY"');
    const events = iso20022.parse(inbound(cny), {}).events;
    const reversed = events.filter((e) => e.memo?.startsWith('[REVERSAL]'));
    expect(reversed.map((e) => [e.type, e.amountFen])).toEqual([
      ['CREDIT_REVERSAL', 56405n],
      ['CREDIT_REVERSAL', 10000n],
    ]);
    // the other entries keep their side: the wage-like DBIT without RvslInd is a plain DEBIT
    expect(events.filter((e) => !reversed.includes(e)).map((e) => e.type)).toEqual(['DEBIT', 'CREDIT']);
  });

  it('ISO 20022 camt.054: a DBIT notification with RvslInd true', () => {
    const events = iso20022.parse(inbound(fixture('iso20022/derived-camt054-cny-v8.xml')), {}).events;
    expect(events.find((e) => e.bankEventId.endsWith('CNREF0103'))?.type).toBe('CREDIT_REVERSAL');
  });

  it('CMB: a D row flagged 冲帐 (RSVFLG *)', () => {
    const r = types(cmbCmbsdkpgk, fixture('cn-bank/derived-cmb-GetTransInfo-response.xml'), {
      fixture: '',
      ...CMB_HINT,
    });
    expect(r[1]).toEqual(['CREDIT_REVERSAL', 8_000_000n]);
  });

  it('ICBC: a debit row flagged 冲正 (UpDtranf 1), and a red-ink credit', () => {
    const rows = (drcrf: string, amount: string, upDtranf: string) =>
      `<rd><Drcrf>${drcrf}</Drcrf><Amount>${amount}</Amount><TimeStamp>2024-03-01-11.00.00.000001</TimeStamp>` +
      `<OnlySequence>S${drcrf}${upDtranf}${amount}</OnlySequence><UpDtranf>${upDtranf}</UpDtranf></rd>`;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><CMS><eb><pub><TransCode>QPD</TransCode></pub><out>` +
      `<AccNo>0200000000000000001</AccNo>${rows('1', '500000', '1')}${rows('2', '-300000', '0')}${rows('1', '100', '0')}` +
      `</out></eb></CMS>`;
    expect(types(icbcCms, body, { fixture: '', options: { amountUnit: 'fen' } })).toEqual([
      ['CREDIT_REVERSAL', 500000n],
      ['CREDIT_REVERSAL', 300000n],
      ['DEBIT', 100n],
    ]);
  });
});
