/**
 * The raw archive of bank pushes on a real hub: the document and its events in one transaction,
 * replay through the bank's current adapter and options (after an adapter fix, the missed events
 * are added and the rest are duplicates), the operators' list, the bank's amount unit, and who may
 * do each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { iso20022 } from '../../adapters/iso20022';
import { signedHeaders } from '../../src/http/webhook-signature';
import { CITY_HRSS, must } from '../support/fixtures';
import { newWebhookSecret, startTestHub, type GqlResult, type TestHub } from '../support/test-hub';

const fixture = (rel: string): Buffer => readFileSync(join(__dirname, '..', 'fixtures', rel));
const CAMT053 = fixture('iso20022/derived-camt053-cny.xml');
const CAMT054 = fixture('iso20022/derived-camt054-cny-v8.xml');
const ICBC_GBK = fixture('cn-bank/icbc-QPD-response-sample.gbk.xml');
const CMB = fixture('cn-bank/cmb-GetTransInfo-response-sample.xml');

const REPLAY = `mutation($id: ID!) { replayInboundDocument(id: $id) { accepted duplicates unmatched rejected { index code } } }`;
const LIST = `query($bank: String, $first: Int, $after: String) {
  inboundDocuments(bankCode: $bank, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id bankCode contentType charset sha256 size receivedAt adapter accountNoHint webhookId
                          accepted duplicates unmatched rejected } }
  }
}`;
const SET_UNIT = `mutation($c: String!, $u: AmountUnit!) { setBankAmountUnit(bankCode: $c, unit: $u) { code amountUnit } }`;

interface Bank {
  code: string;
  secret: string;
}
type Replay = {
  replayInboundDocument: {
    accepted: number;
    duplicates: number;
    unmatched: number;
    rejected: { index: number; code: string }[];
  };
};

describe('inbound documents: archive, replay, list', () => {
  let t: TestHub;
  let pg: Client;
  let admin: string;

  const q = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await pg.query(text, params)).rows as T[];
  const code = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;

  async function newBank(): Promise<Bank> {
    const bank = { code: `DOC_${randomBytes(4).toString('hex').toUpperCase()}`, secret: newWebhookSecret() };
    await must(
      t.gql(admin, `mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
        i: { code: bank.code, name: '测试银行', webhookSecret: bank.secret },
      }),
    );
    return bank;
  }

  async function push(
    bank: Bank,
    body: Buffer | string,
    opts: { contentType?: string; query?: string; id?: string } = {},
  ) {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const res = await fetch(`${t.url}/banks/${bank.code}/events${opts.query ?? ''}`, {
      method: 'POST',
      headers: {
        'content-type': opts.contentType ?? 'application/xml',
        ...signedHeaders(bank.secret, bytes, opts.id ?? `msg_${randomBytes(6).toString('hex')}`),
      },
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  const documentIds = async (bankCode: string): Promise<string[]> =>
    (
      await q(`select id from inbound_document where bank_code = $1 order by received_at, id`, [bankCode])
    ).map((r) => r.id);

  beforeAll(async () => {
    t = await startTestHub();
    admin = t.token(CITY_HRSS);
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('archive', () => {
    it('keeps the document byte for byte with its hash, and links each stored event to it', async () => {
      const bank = await newBank();
      const res = await push(bank, CAMT053, { id: 'msg_archive_1' });
      expect(res.status).toBe(200);
      const [doc] = await q(
        `select id, body, sha256, size, encode(sha256(body), 'hex') as digest, webhook_id, received_at
           from inbound_document where bank_code = $1`,
        [bank.code],
      );
      expect(Buffer.compare(doc.body, CAMT053)).toBe(0);
      expect(doc).toMatchObject({ size: CAMT053.length, digest: doc.sha256, webhook_id: 'msg_archive_1' });
      const events = await q(`select document_id from account_event where bank_code = $1`, [bank.code]);
      expect(events).toHaveLength(res.body.accepted);
      expect(new Set(events.map((e) => e.document_id))).toEqual(new Set([doc.id]));
    });

    it('keeps no document when its events cannot be stored: one transaction', async () => {
      const bank = await newBank();
      await pg.query(`create function test_refuse_boom() returns trigger language plpgsql as $$
        begin if new.bank_event_id like 'boom%' then raise exception 'refused by test trigger'; end if; return new; end $$`);
      await pg.query(
        `create trigger test_refuse_boom before insert on account_event for each row execute function test_refuse_boom()`,
      );
      try {
        const body = JSON.stringify({
          events: [
            {
              bankEventId: 'boom-1',
              accountNo: '6222000000000000001',
              type: 'CREDIT',
              amount: '1.00',
              bookedAt: '2026-03-01T10:00:00+08:00',
            },
          ],
        });
        const res = await push(bank, body, { contentType: 'application/json' });
        expect(res.status).toBe(500);
      } finally {
        await pg.query(`drop trigger test_refuse_boom on account_event`);
        await pg.query(`drop function test_refuse_boom()`);
      }
      expect(await documentIds(bank.code)).toEqual([]);
      expect(await q(`select 1 from account_event where bank_code = $1`, [bank.code])).toEqual([]);
    });

    it('archives JSON pushes too, while GraphQL intake has no document', async () => {
      const bank = await newBank();
      const event = (id: string) => ({
        bankEventId: id,
        accountNo: '6222000000000000002',
        type: 'CREDIT',
        amount: '10.00',
        bookedAt: '2026-03-01T10:00:00+08:00',
      });
      expect(
        (await push(bank, JSON.stringify({ events: [event('json-1')] }), { contentType: 'application/json' }))
          .status,
      ).toBe(200);
      await must(
        t.gql(
          t.token({ org: 'BANK', bank: bank.code }),
          `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { accepted } }`,
          {
            e: [event('gql-1')],
          },
        ),
      );
      const rows = await q(
        `select e.bank_event_id, d.adapter from account_event e left join inbound_document d on d.id = e.document_id
          where e.bank_code = $1 order by e.bank_event_id`,
        [bank.code],
      );
      expect(rows).toEqual([
        { bank_event_id: 'gql-1', adapter: null },
        { bank_event_id: 'json-1', adapter: 'canonical-json' },
      ]);
    });
  });

  describe('replayInboundDocument', () => {
    it('adds what a faulty adapter missed, after the fix; the rest are duplicates', async () => {
      const bank = await newBank();
      const parse = iso20022.parse.bind(iso20022);
      // The "faulty" adapter: loses the last two events of every document it reads.
      const faulty = jest.spyOn(iso20022, 'parse').mockImplementation((doc, options) => {
        const r = parse(doc, options);
        return { ...r, events: r.events.slice(0, -2) };
      });
      let first;
      try {
        first = await push(bank, CAMT053);
      } finally {
        faulty.mockRestore();
      }
      expect(first.body).toMatchObject({ accepted: 4, duplicates: 0 });
      const [id] = await documentIds(bank.code);
      const replay = await must(t.gql<Replay>(admin, REPLAY, { id }));
      expect(replay.replayInboundDocument).toEqual({
        accepted: 2,
        duplicates: 4,
        unmatched: 2,
        rejected: [
          { index: 3, code: 'NOT_BOOKED' },
          { index: 4, code: 'CURRENCY_NOT_CNY' },
        ],
      });
      const linked = await q(`select count(*)::int n from account_event where document_id = $1`, [id]);
      expect(linked[0].n).toBe(6);
      // the document keeps the counts of its intake; a second replay changes nothing
      expect((await q(`select accepted, duplicates from inbound_document where id = $1`, [id]))[0]).toEqual({
        accepted: 4,
        duplicates: 0,
      });
      const again = await must(t.gql<Replay>(admin, REPLAY, { id }));
      expect(again.replayInboundDocument).toMatchObject({ accepted: 0, duplicates: 6 });
      expect(await documentIds(bank.code)).toEqual([id]); // a replay is not a new delivery
    });

    it("reads with the bank's current options: a bad profile is refused, a fixed one replays", async () => {
      const bank = await newBank();
      const unstated = await push(bank, ICBC_GBK); // ICBC's unit must be stated first
      expect(unstated.status).toBe(422);
      expect(unstated.body.code).toBe('BAD_PROFILE');
      await must(t.gql(admin, SET_UNIT, { c: bank.code, u: 'YUAN' }));
      expect((await push(bank, ICBC_GBK)).body.accepted).toBe(10);
      const [id] = await documentIds(bank.code);
      await pg.query(`update bank set adapter_options = '{"amountUnit": "jiao"}' where code = $1`, [
        bank.code,
      ]);
      const refused = await t.gql(admin, REPLAY, { id });
      expect(code(refused)).toBe('CONFLICT');
      expect(refused.errors?.[0].message).toMatch(/BAD_PROFILE.*amountUnit/);
      await must(t.gql(admin, SET_UNIT, { c: bank.code, u: 'YUAN' }));
      const replay = await must(t.gql<Replay>(admin, REPLAY, { id }));
      expect(replay.replayInboundDocument).toMatchObject({ accepted: 0, duplicates: 10 });
    });

    it("keeps CMB's ?accountNo= with the document, so its replay still knows the account", async () => {
      const bank = await newBank();
      expect((await push(bank, CMB, { query: '?accountNo=1280078810001' })).body.accepted).toBe(1);
      const [id] = await documentIds(bank.code);
      const replay = await must(t.gql<Replay>(admin, REPLAY, { id }));
      expect(replay.replayInboundDocument).toMatchObject({ accepted: 0, duplicates: 1 });
    });

    it('answers NOT_FOUND for an unknown or malformed id', async () => {
      expect(code(await t.gql(admin, REPLAY, { id: '00000000-0000-4000-8000-000000000000' }))).toBe(
        'NOT_FOUND',
      );
      expect(code(await t.gql(admin, REPLAY, { id: 'not-a-uuid' }))).toBe('NOT_FOUND');
    });
  });

  describe('inboundDocuments', () => {
    it('lists one bank’s documents newest first, page by page, metadata only', async () => {
      const bank = await newBank();
      const other = await newBank();
      await push(bank, CAMT053, { contentType: 'application/xml; charset=UTF-8' });
      await push(bank, CAMT054);
      await push(bank, CAMT054, { contentType: 'text/xml' });
      await push(other, CAMT054);
      type List = {
        inboundDocuments: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { cursor: string; node: Record<string, unknown> }[];
        };
      };
      const page1 = await must(t.gql<List>(admin, LIST, { bank: bank.code, first: 2 }));
      expect(page1.inboundDocuments.totalCount).toBe(3);
      expect(page1.inboundDocuments.pageInfo.hasNextPage).toBe(true);
      const page2 = await must(
        t.gql<List>(admin, LIST, {
          bank: bank.code,
          first: 2,
          after: page1.inboundDocuments.pageInfo.endCursor,
        }),
      );
      expect(page2.inboundDocuments.pageInfo.hasNextPage).toBe(false);
      const nodes = [...page1.inboundDocuments.edges, ...page2.inboundDocuments.edges].map((e) => e.node);
      expect(nodes.map((n) => [n.contentType, n.accepted, n.duplicates])).toEqual([
        ['text/xml', 0, 2],
        ['application/xml', 2, 0],
        ['application/xml', 6, 0],
      ]);
      expect(nodes[2]).toMatchObject({
        bankCode: bank.code,
        charset: 'utf-8',
        size: CAMT053.length,
        adapter: 'iso20022',
        accountNoHint: null,
        unmatched: 6,
        rejected: 2,
      });
      expect(nodes[2].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(nodes[2].webhookId).toMatch(/^msg_/);
      expect(Date.parse(nodes[0].receivedAt as string)).toBeGreaterThanOrEqual(
        Date.parse(nodes[1].receivedAt as string),
      );
      const all = await must(t.gql<List>(admin, LIST, { first: 500 }));
      expect(all.inboundDocuments.totalCount).toBeGreaterThanOrEqual(4);
      const fields = await must(
        t.gql<{ __type: { fields: { name: string }[] } }>(
          admin,
          `{ __type(name: "InboundDocument") { fields { name } } }`,
        ),
      );
      expect(fields.__type.fields.map((f) => f.name).filter((n) => /body|byte|content$/i.test(n))).toEqual(
        [],
      );
    });

    it('refuses a cursor it did not give out', async () => {
      expect(code(await t.gql(admin, LIST, { after: 'bm9wZQ' }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('setBankAmountUnit', () => {
    it('states the unit in the profile, keeping its other options', async () => {
      const bank = await newBank();
      await pg.query(`update bank set adapter_options = '{"csvLayout": {"columns": 3}}' where code = $1`, [
        bank.code,
      ]);
      const set = await must(
        t.gql<{ setBankAmountUnit: unknown }>(admin, SET_UNIT, { c: bank.code, u: 'FEN' }),
      );
      expect(set.setBankAmountUnit).toEqual({ code: bank.code, amountUnit: 'FEN' });
      const [row] = await q(`select adapter_options from bank where code = $1`, [bank.code]);
      expect(row.adapter_options).toEqual({ csvLayout: { columns: 3 }, amountUnit: 'fen' });
      const back = await must(
        t.gql<{ setBankAmountUnit: unknown }>(admin, SET_UNIT, { c: bank.code, u: 'YUAN' }),
      );
      expect(back.setBankAmountUnit).toEqual({ code: bank.code, amountUnit: 'YUAN' });
    });

    it('answers NOT_FOUND for an unknown bank and BAD_USER_INPUT for an unknown unit', async () => {
      expect(code(await t.gql(admin, SET_UNIT, { c: 'NO_SUCH_BANK', u: 'FEN' }))).toBe('NOT_FOUND');
      expect(code(await t.gql(admin, SET_UNIT, { c: 'NO_SUCH_BANK', u: 'JIAO' }))).toBe('BAD_USER_INPUT');
    });
  });

  it.each([
    ['a district HRSS officer', { org: 'HRSS', district: '210502' }],
    ['the housing authority', { org: 'HOUSING', district: '210500' }],
    ['a bank', { org: 'BANK', bank: 'ANY_BANK' }],
  ] as const)('refuses %s the archive, replay and the amount unit (FORBIDDEN)', async (_who, caller) => {
    const token = t.token(caller);
    expect(code(await t.gql(token, LIST, {}))).toBe('FORBIDDEN');
    expect(code(await t.gql(token, REPLAY, { id: '00000000-0000-4000-8000-000000000000' }))).toBe(
      'FORBIDDEN',
    );
    expect(code(await t.gql(token, SET_UNIT, { c: 'ANY_BANK', u: 'FEN' }))).toBe('FORBIDDEN');
  });
});
