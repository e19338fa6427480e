/**
 * A camt.054 of 4,000 entries (6 MB, parsed in a worker and stored 100 entries at a time) pushed
 * through the real route: every event stored, with the amounts, ids and raw copies a whole reading
 * gives; a re-push all duplicates, a retried delivery the same answer; and a document broken near
 * its end, found before or after earlier batches were stored, refused as before with nothing kept.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { iso20022 } from '../../adapters/iso20022';
import type { AccountEvent } from '../../src/domain/account-event';
import { buildCamt054 } from '../../bench/support/camt054-data';
import { accountNo } from '../../bench/support/intake-data';
import { must, registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { newWebhookSecret, startTestHub, type TestHub } from '../support/test-hub';

const ENTRIES = 4000;
/** entries on the third account, which is no special account of the bank */
const UNMATCHED = ENTRIES - 2 * Math.ceil(ENTRIES / 3);
const NEAR_END = ENTRIES - 10;
const MAX_BYTES = 16 * 1024 * 1024;
const XML = { contentType: 'application/xml' };

const camt = (run: string) => buildCamt054(run, { entries: ENTRIES, accounts: 3 });
const wholeReading = (body: Buffer) =>
  iso20022.parse(
    { bankCode: 'X', contentType: 'application/xml', charset: null, body },
    { maxBytes: MAX_BYTES },
  );

/** Changes the `n`-th `<Ntry>` (from 0) of a document. */
function changeEntry(body: Buffer, n: number, change: (ntry: string) => string): Buffer {
  const text = body.toString('utf8');
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf('<Ntry>', at + 1);
  const end = text.indexOf('</Ntry>', at) + '</Ntry>'.length;
  return Buffer.from(text.slice(0, at) + change(text.slice(at, end)) + text.slice(end), 'utf8');
}

describe('a large camt.054 push, stored in batches', () => {
  let t: TestHub;
  let pg: Client;
  let admin: string;
  let bank: { code: string; secret: string };

  const q = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await pg.query(text, params)).rows as T[];
  const stored = async (bankCode: string) => ({
    documents: (await q(`select count(*)::int n from inbound_document where bank_code = $1`, [bankCode]))[0]
      .n,
    events: (await q(`select count(*)::int n from account_event where bank_code = $1`, [bankCode]))[0].n,
  });

  /**
   * t.push after a pause: building and reading a 6 MB document holds this process (the hub's too)
   * for seconds, after which the hub's keep-alive timer closes the client's idle connection just as
   * fetch would reuse it (ECONNRESET); the pause lets that close happen first.
   */
  const push = async (...args: Parameters<TestHub['push']>) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return t.push(...args);
  };

  async function newBank(): Promise<{ code: string; secret: string }> {
    const code = `BIG_${randomBytes(4).toString('hex').toUpperCase()}`;
    const secret = newWebhookSecret();
    await must(
      t.gql(admin, `mutation($i: BankInput!) { registerBank(input: $i) { code } }`, {
        i: { code, name: '测试银行本溪分行', webhookSecret: secret },
      }),
    );
    // The XML adapters cap a document at 10 MiB unless the bank's profile says more.
    await pg.query(`update bank set adapter_options = adapter_options || $1::jsonb where code = $2`, [
      JSON.stringify({ maxBytes: MAX_BYTES }),
      code,
    ]);
    return { code, secret };
  }

  beforeAll(async () => {
    // a replay of 4,000 entries is one GraphQL mutation: longer than the default 10 s budget on a busy machine
    t = await startTestHub({ BANK_PUSH_MAX_BYTES: String(MAX_BYTES), REQUEST_TIME_BUDGET_MS: '120000' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    const seed = await seedBasics(t);
    admin = seed.admin;
    bank = await newBank();
    // two of the three accounts are special accounts of this bank; the third's events are unmatched
    for (const i of [0, 1]) {
      const projectId = await registerProject(t, admin, { ...seed, name: `大文档项目${i}` });
      await registerAgreement(t, admin, { projectId, bankCode: bank.code, accountNo: accountNo(i) });
    }
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('stores every entry with the amounts, ids and raw copies a whole reading gives, and archives the document', async () => {
    const body = camt('A');
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024); // over the 1 MiB threshold: 40 batches
    const expected = wholeReading(body).events;
    const res = await push(bank.code, bank.secret, body, XML);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: ENTRIES, duplicates: 0, unmatched: UNMATCHED, rejected: [] });

    const [doc] = await q(`select id, size, accepted, unmatched from inbound_document where bank_code = $1`, [
      bank.code,
    ]);
    expect(doc).toMatchObject({ size: body.length, accepted: ENTRIES, unmatched: UNMATCHED });
    const sums = await q(
      `select type, count(*)::int n, sum(amount_fen)::text fen from account_event
        where document_id = $1 group by type order by type`,
      [doc.id],
    );
    const sum = (type: string) => {
      const of = expected.filter((e) => e.type === type);
      return { type, n: of.length, fen: of.reduce((s, e) => s + (e.amountFen ?? 0n), 0n).toString() };
    };
    expect(sums).toEqual([sum('CREDIT'), sum('DEBIT')]);
    expect(sums[0].n + sums[1].n).toBe(ENTRIES);
    const ids = (await q(`select bank_event_id from account_event where document_id = $1`, [doc.id]))
      .map((r) => r.bank_event_id)
      .sort();
    expect(ids).toEqual(expected.map((e) => e.bankEventId).sort());
    // the last entry, in the last batch, as a whole reading maps it
    const last = expected[ENTRIES - 1] as AccountEvent;
    const [row] = await q(
      `select account_no, amount_fen::text, booked_at, counterparty_name, memo, raw from account_event
        where bank_code = $1 and bank_event_id = $2`,
      [bank.code, last.bankEventId],
    );
    expect(row).toEqual({
      account_no: last.accountNo,
      amount_fen: last.amountFen?.toString(),
      booked_at: last.bookedAt,
      counterparty_name: last.counterpartyName,
      memo: last.memo,
      raw: last.raw,
    });
  });

  it('counts a re-push as duplicates, and answers a retried delivery as the first time', async () => {
    const body = camt('B');
    const first = await push(bank.code, bank.secret, body, { ...XML, id: 'msg_big_b1' });
    expect(first.body).toMatchObject({ accepted: ENTRIES, duplicates: 0 });
    const again = await push(bank.code, bank.secret, body, XML);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 0, duplicates: ENTRIES, unmatched: 0, rejected: [] });
    const retried = await push(bank.code, bank.secret, body, { ...XML, id: 'msg_big_b1' });
    expect(retried).toEqual(first);
  });

  it('replays the archived document in batches: every event a duplicate, nothing added', async () => {
    const body = camt('E');
    expect((await push(bank.code, bank.secret, body, XML)).body.accepted).toBe(ENTRIES);
    const [doc] = await q(`select id from inbound_document where bank_code = $1 and size = $2`, [
      bank.code,
      body.length,
    ]);
    const replay = await t.gql<{ replayInboundDocument: { accepted: number; duplicates: number } }>(
      admin,
      `mutation($id: ID!) { replayInboundDocument(id: $id) { accepted duplicates rejected { index } } }`,
      { id: doc.id },
    );
    expect(replay.errors).toBeUndefined(); // (a REQUEST_TIMEOUT here: the budget above)
    expect(replay.data?.replayInboundDocument).toEqual({ accepted: 0, duplicates: ENTRIES, rejected: [] });
    const [{ n }] = await q(`select count(*)::int n from account_event where document_id = $1`, [doc.id]);
    expect(n).toBe(ENTRIES);
  });

  it('rejects one foreign-currency entry near the end, at its index, and stores the others', async () => {
    const body = changeEntry(camt('C'), ENTRIES - 5, (e) => e.replace(/Ccy="CNY"/g, 'Ccy="USD"'));
    const expected = wholeReading(body);
    const res = await push(bank.code, bank.secret, body, XML);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(ENTRIES - 1);
    expect(res.body.rejected).toEqual(JSON.parse(JSON.stringify(expected.rejected)));
    expect(res.body.rejected).toEqual([
      expect.objectContaining({ index: ENTRIES - 5, code: 'CURRENCY_NOT_CNY' }),
    ]);
  });

  const BROKEN: [string, (doc: Buffer) => Buffer][] = [
    // found by the checks on every piece, before any batch is stored
    [
      'a repeated attribute near the end',
      (d) => changeEntry(d, NEAR_END, (e) => e.replace('Ccy="CNY"', 'Ccy="CNY" Ccy="CNY"')),
    ],
    // found while the entry is parsed, after 39 batches were stored in the push's transaction
    [
      'an undefined entity near the end',
      (d) => changeEntry(d, NEAR_END, (e) => e.replace('<AddtlNtryInf>', '<AddtlNtryInf>&bogus;')),
    ],
    ['a document cut short', (d) => d.subarray(0, d.length - 500)],
  ];

  it.each(BROKEN)('refuses %s with 422 as a whole reading does, storing nothing', async (_name, broken) => {
    const other = await newBank();
    const body = broken(camt('D'));
    let refusal = '';
    try {
      wholeReading(body);
    } catch (err) {
      refusal = (err as Error).message;
    }
    expect(refusal).toMatch(/malformed XML/);
    const res = await push(other.code, other.secret, body, { ...XML, id: 'msg_big_broken' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: refusal, code: 'MALFORMED_XML' });
    expect(await stored(other.code)).toEqual({ documents: 0, events: 0 });
    // the refusal is the delivery's answer: a retry gets it again
    expect(await push(other.code, other.secret, body, { ...XML, id: 'msg_big_broken' })).toEqual(res);
  });
});
