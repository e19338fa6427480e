/**
 * XML bank pushes end to end on a real hub: ISO 20022 camt.053/054, ICBC CMS (GBK and UTF-8) and
 * CMB CMBSDKPGK through `POST /banks/{code}/events`, each accepted document kept in the raw archive
 * with its events linked to it; and the hostile inputs, each refused fast with nothing stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { icbcCms } from '../../adapters/cn-bank';
import { signedHeaders } from '../../src/http/webhook-signature';
import { must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { newWebhookSecret, startTestHub, type TestHub } from '../support/test-hub';

const MAX_BYTES = 256 * 1024;
const fixture = (rel: string): Buffer => readFileSync(join(__dirname, '..', 'fixtures', rel));
const CAMT053 = fixture('iso20022/derived-camt053-cny.xml');
const CAMT054 = fixture('iso20022/derived-camt054-cny-v8.xml');
const CAMT054_EUR = fixture('iso20022/camt054.v8.xml');
const ICBC_GBK = fixture('cn-bank/icbc-QPD-response-sample.gbk.xml');
const ICBC_UTF8 = fixture('cn-bank/icbc-QPD-response-sample.utf8.xml');
const CMB = fixture('cn-bank/cmb-GetTransInfo-response-sample.xml');
const CAMT_ACCOUNT = '6222020200012345678';

const camt054 = (inner: string, prolog = '<?xml version="1.0" encoding="UTF-8"?>\n') =>
  `${prolog}<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>` +
  `<GrpHdr><MsgId>HOSTILE</MsgId><CreDtTm>2024-03-10T09:20:00+08:00</CreDtTm></GrpHdr>${inner}` +
  `</BkToCstmrDbtCdtNtfctn></Document>`;

/** The hostile documents: each must be refused before anything is parsed into events or stored. */
const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE Document [
 <!ENTITY lol "lol">
 ${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`).join('\n ')}
]>\n`;
const HOSTILE: [string, Buffer, string][] = [
  [
    'an external entity (XXE)',
    Buffer.from(
      camt054(
        '<Ntfctn><Id>&xxe;</Id></Ntfctn>',
        '<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
      ),
    ),
    'DTD_FORBIDDEN',
  ],
  [
    'an entity-expansion bomb (billion laughs)',
    Buffer.from(camt054('<Ntfctn><Id>&lol9;</Id></Ntfctn>', LAUGHS)),
    'DTD_FORBIDDEN',
  ],
  ['a truncated document', CAMT054.subarray(0, Math.floor(CAMT054.length * 0.6)), 'MALFORMED_XML'],
  [
    'a wrong encoding declaration (declared UTF-8, GBK bytes)',
    Buffer.from(ICBC_GBK.toString('latin1').replace('encoding="GBK"', 'encoding="UTF-8"'), 'latin1'),
    'WRONG_ENCODING',
  ],
  [
    'excessive nesting (20,000 levels)',
    Buffer.from(camt054(`${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`)),
    'TOO_DEEP',
  ],
  ['a document no adapter recognises', Buffer.from('<?xml version="1.0"?><Statement/>'), 'UNKNOWN_DOCUMENT'],
];

describe('POST /banks/{bankCode}/events with XML', () => {
  let t: TestHub;
  let pg: Client;
  let admin: string;

  const q = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await pg.query(text, params)).rows as T[];
  const counts = async (bankCode: string) => ({
    documents: (await q(`select count(*)::int n from inbound_document where bank_code = $1`, [bankCode]))[0]
      .n,
    events: (await q(`select count(*)::int n from account_event where bank_code = $1`, [bankCode]))[0].n,
  });

  /** A signed push to any path under the bank (for `?accountNo=`), answering status, body and time. */
  async function push(
    bank: { code: string; secret: string },
    body: Buffer,
    opts: { contentType?: string; query?: string; secret?: string } = {},
  ): Promise<{ status: number; body: any; ms: number }> {
    const started = Date.now();
    const res = await fetch(`${t.url}/banks/${bank.code}/events${opts.query ?? ''}`, {
      method: 'POST',
      headers: {
        'content-type': opts.contentType ?? 'application/xml',
        ...signedHeaders(opts.secret ?? bank.secret, body, `msg_${randomBytes(6).toString('hex')}`),
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), ms: Date.now() - started };
  }

  async function newBank(): Promise<{ code: string; secret: string }> {
    const code = `XML_${randomBytes(4).toString('hex').toUpperCase()}`;
    const secret = newWebhookSecret();
    await must(
      t.gql(admin, `mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
        i: { code, name: '测试银行本溪分行', webhookSecret: secret },
      }),
    );
    return { code, secret };
  }

  /** The newest archived document of a bank. */
  const lastDocument = async (bankCode: string) =>
    (
      await q(
        `select id, content_type, charset, body, sha256, size, adapter, account_no_hint, webhook_id,
                accepted, duplicates, unmatched, rejected
           from inbound_document where bank_code = $1 order by received_at desc, id desc limit 1`,
        [bankCode],
      )
    )[0];

  beforeAll(async () => {
    t = await startTestHub({ BANK_PUSH_MAX_BYTES: String(MAX_BYTES) });
    const seed = await seedBasics(t);
    admin = seed.admin;
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('hostile documents', () => {
    let bank: { code: string; secret: string };
    beforeAll(async () => {
      bank = await newBank();
    });

    it.each(HOSTILE)(
      'refuses %s fast with 422 and the adapter code, storing nothing',
      async (_name, body, code) => {
        const res = await push(bank, body);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe(code);
        expect(res.body.error.length).toBeGreaterThan(10);
        expect(res.ms).toBeLessThan(1000);
        expect(await counts(bank.code)).toEqual({ documents: 0, events: 0 });
      },
    );

    it('never echoes the content of a file an external entity names', async () => {
      const res = await push(bank, HOSTILE[0][1]);
      expect(JSON.stringify(res.body)).not.toMatch(/root:/);
    });

    it('refuses a document over BANK_PUSH_MAX_BYTES fast with 413, storing nothing', async () => {
      const padding = `<!-- ${'x'.repeat(MAX_BYTES)} -->`;
      const res = await push(bank, Buffer.from(CAMT054.toString('utf8') + padding));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.ms).toBeLessThan(1000);
      expect(await counts(bank.code)).toEqual({ documents: 0, events: 0 });
    });

    it('stores nothing for a bad signature (401) or an unknown content type (415)', async () => {
      expect((await push(bank, CAMT054, { secret: newWebhookSecret() })).status).toBe(401);
      const yaml = await push(bank, CAMT054, { contentType: 'application/x-yaml' });
      expect(yaml.status).toBe(415);
      expect(yaml.body.error).toMatch(/application\/xml/);
      expect(await counts(bank.code)).toEqual({ documents: 0, events: 0 });
    });
  });

  describe('ISO 20022', () => {
    let bank: { code: string; secret: string };
    beforeAll(async () => {
      bank = await newBank();
      const seed = await seedBasics(t);
      const projectId = await registerProject(t, admin, seed);
      await registerAgreement(t, admin, { projectId, bankCode: bank.code, accountNo: CAMT_ACCOUNT });
    });

    it('takes a CNY camt.053, rejects the foreign-currency entry, and archives the document', async () => {
      const res = await push(bank, CAMT053, { contentType: 'application/xml; charset=utf-8' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 6, duplicates: 0, unmatched: 0 });
      expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
        [3, 'NOT_BOOKED'],
        [4, 'CURRENCY_NOT_CNY'],
      ]);
      expect(res.body.rejected[1].message).toMatch(/USD/);
      const doc = await lastDocument(bank.code);
      expect(doc).toMatchObject({
        content_type: 'application/xml',
        charset: 'utf-8',
        size: CAMT053.length,
        adapter: 'iso20022',
        account_no_hint: null,
        accepted: 6,
        duplicates: 0,
        unmatched: 0,
        rejected: 2,
      });
      expect(Buffer.compare(doc.body, CAMT053)).toBe(0);
      expect(doc.webhook_id).toMatch(/^msg_/);
      const linked = await q(`select count(*)::int n from account_event where document_id = $1`, [doc.id]);
      expect(linked[0].n).toBe(6);
    });

    it('takes a CNY camt.054 (v8, prefixed) as application/xml and again as text/xml, the second all duplicates', async () => {
      const first = await push(bank, CAMT054);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accepted: 2, duplicates: 0 });
      expect(first.body.rejected).toEqual([expect.objectContaining({ index: 1, code: 'NOT_BOOKED' })]);
      const firstDoc = await lastDocument(bank.code);
      const again = await push(bank, CAMT054, { contentType: 'text/xml' });
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
      const againDoc = await lastDocument(bank.code);
      expect(againDoc).toMatchObject({ content_type: 'text/xml', accepted: 0, duplicates: 2 });
      expect(againDoc.id).not.toBe(firstDoc.id);
      expect(againDoc.sha256).toBe(firstDoc.sha256);
      // the events stay linked to the delivery that first brought them
      const owners = await q(`select distinct document_id from account_event where bank_event_id like $1`, [
        `camt:${CAMT_ACCOUNT}:%N1`,
      ]);
      expect(owners).toEqual([{ document_id: firstDoc.id }]);
    });

    it('keeps an odd charset parameter as sent when the declaration decides the encoding', async () => {
      const charset = `utf-8-${'x'.repeat(80)}`;
      const res = await push(bank, CAMT054, { contentType: `application/xml; charset=${charset}` });
      expect(res.status).toBe(200);
      expect(await lastDocument(bank.code)).toMatchObject({ charset, duplicates: 2 });
    });

    it('archives a camt.054 whose every entry is in another currency, all rejected as CURRENCY_NOT_CNY', async () => {
      const res = await push(bank, CAMT054_EUR);
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBe(0);
      expect(res.body.rejected.length).toBeGreaterThan(0);
      expect(new Set(res.body.rejected.map((r: { code: string }) => r.code))).toEqual(
        new Set(['CURRENCY_NOT_CNY']),
      );
      expect(await lastDocument(bank.code)).toMatchObject({
        accepted: 0,
        rejected: res.body.rejected.length,
      });
    });
  });

  describe('ICBC CMS', () => {
    it('reads GBK and UTF-8 copies of one message as the same events, in the unit the profile states', async () => {
      const bank = await newBank();
      const set = await must(
        t.gql<{ setBankAmountUnit: { code: string; amountUnit: string } }>(
          admin,
          `mutation($c: String!) { setBankAmountUnit(bankCode: $c, unit: FEN) { code amountUnit } }`,
          { c: bank.code },
        ),
      );
      expect(set.setBankAmountUnit).toEqual({ code: bank.code, amountUnit: 'FEN' });
      const gbk = await push(bank, ICBC_GBK);
      expect(gbk.status).toBe(200);
      expect(gbk.body).toEqual({ accepted: 10, duplicates: 0, unmatched: 10, rejected: [] });
      expect(await lastDocument(bank.code)).toMatchObject({
        adapter: 'icbc-cms',
        accepted: 10,
        unmatched: 10,
      });
      const utf8 = await push(bank, ICBC_UTF8, { contentType: 'text/xml; charset=UTF-8' });
      expect(utf8.body).toEqual({ accepted: 0, duplicates: 10, unmatched: 0, rejected: [] });
      const stored = await q(
        `select bank_event_id, amount_fen::int a from account_event where bank_code = $1`,
        [bank.code],
      );
      const inFen = icbcCms.parse(
        { bankCode: bank.code, contentType: 'application/xml', charset: null, body: ICBC_GBK },
        { amountUnit: 'fen' },
      ).events;
      expect(Object.fromEntries(stored.map((r) => [r.bank_event_id, r.a]))).toEqual(
        Object.fromEntries(inFen.map((e) => [e.bankEventId, Number(e.amountFen)])),
      );
      expect(stored.map((r) => r.a)).toContain(20_000); // <Amount>20000</Amount>: 200.00 yuan, not 20,000
      expect(await counts(bank.code)).toEqual({ documents: 2, events: 10 });
    });
  });

  describe('CMB CMBSDKPGK', () => {
    it('takes the account from ?accountNo= and keeps it with the document', async () => {
      const bank = await newBank();
      const res = await push(bank, CMB, { query: '?accountNo=1280078810001' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accepted: 1, duplicates: 0, unmatched: 1, rejected: [] });
      expect(await lastDocument(bank.code)).toMatchObject({
        adapter: 'cmb-cmbsdkpgk',
        account_no_hint: '1280078810001',
      });
      const [event] = await q(
        `select account_no, bank_event_id, amount_fen::int a from account_event where bank_code = $1`,
        [bank.code],
      );
      expect(event).toEqual({
        account_no: '1280078810001',
        bank_event_id: 'cmb:1280078810001:20060915:AP090003',
        a: 45_000,
      });
    });

    it('refuses an ?accountNo= that cannot be an account number with 422, storing nothing', async () => {
      const bank = await newBank();
      for (const bad of ['9'.repeat(65), '1280%20078', '12']) {
        const res = await push(bank, CMB, { query: `?accountNo=${bad}` });
        expect([res.status, res.body.code]).toEqual([422, 'INVALID_ACCOUNT_NO']);
      }
      expect(await counts(bank.code)).toEqual({ documents: 0, events: 0 });
    });

    it('refuses the answer without ?accountNo= with 422 ACCOUNT_UNKNOWN, storing nothing', async () => {
      const bank = await newBank();
      const res = await push(bank, CMB);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('ACCOUNT_UNKNOWN');
      expect(res.body.error).toMatch(/account/);
      expect(await counts(bank.code)).toEqual({ documents: 0, events: 0 });
    });
  });
});
