import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { signedHeaders } from '../../src/http/webhook-signature';
import { startTestHub, type TestHub } from '../support/test-hub';
import { must, seedBasics } from '../support/fixtures';

/**
 * Replays (issue 8, item 4): a stored bankEventId sent again with other content is rejected as
 * CONFLICTING_REPLAY (stored event untouched) and listed for the bank and city HRSS; a delivery
 * with a webhook-id already answered gets that first answer and is not archived again.
 */
const LIST = `query($bank: String, $first: Int, $after: String) {
  conflictingReplays(bankCode: $bank, first: $first, after: $after) {
    totalCount edges { node { bankCode bankEventId differing receivedAt documentId } }
    pageInfo { hasNextPage endCursor }
  }
}`;
type List = {
  conflictingReplays: {
    totalCount: number;
    edges: {
      node: { bankCode: string; bankEventId: string; differing: string[]; documentId: string | null };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe('replays', () => {
  let t: TestHub;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let other: Awaited<ReturnType<typeof seedBasics>>;
  let pg: Client;
  const accountNo = '6222020705001239999';
  const ev = (bankEventId: string, amount = '100.00', extra: Record<string, unknown> = {}) => ({
    bankEventId,
    accountNo,
    type: 'CREDIT',
    amount,
    bookedAt: '2026-11-10T09:00:00+08:00',
    ...extra,
  });
  const body = (events: unknown[]) => JSON.stringify({ events });
  const count = async (q: string, params: unknown[] = []) => (await pg.query(q, params)).rows[0].n as number;
  const documents = () => count(`select count(*)::int as n from inbound_document`);

  beforeAll(async () => {
    t = await startTestHub({ BANK_PUSH_MAX_IN_FLIGHT: '8' }); // six concurrent retries below, all let in
    seed = await seedBasics(t);
    other = await seedBasics(t);
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('keeps an identical replay a duplicate, and rejects one with other content as CONFLICTING_REPLAY', async () => {
    expect((await t.push(seed.bankCode, seed.secret, body([ev('rp-1'), ev('rp-2')]))).body.accepted).toBe(2);
    const res = await t.push(
      seed.bankCode,
      seed.secret,
      body([ev('rp-1'), ev('rp-2', '999.00', { bookedAt: '2026-11-11T09:00:00+08:00' }), ev('rp-3')]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 1,
      unmatched: 1,
      rejected: [
        {
          index: 1,
          code: 'CONFLICTING_REPLAY',
          message:
            'bankEventId: rp-2 is already stored with another amount, bookedAt; the stored event is kept and this replay is recorded for the bank and city HRSS',
        },
      ],
    });
    const { rows } = await pg.query(
      `select amount_fen::int, booked_at from account_event where bank_event_id = 'rp-2'`,
    );
    expect(rows).toEqual([{ amount_fen: 10000, booked_at: new Date('2026-11-10T01:00:00Z') }]);
  });

  it('rejects a second, different copy within one push and through GraphQL, naming what differs', async () => {
    const res = await t.push(
      seed.bankCode,
      seed.secret,
      body([ev('rp-4'), ev('rp-4', '100.00', { accountNo: '6222020705001230000', type: 'DEBIT' })]),
    );
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([expect.objectContaining({ index: 1, code: 'CONFLICTING_REPLAY' })]);
    expect(res.body.rejected[0].message).toMatch(/another accountNo, type;/);
    const gql = await must(
      t.gql<{ ingestAccountEvents: { duplicates: number; rejected: { index: number; code: string }[] } }>(
        t.token({ org: 'BANK', bank: seed.bankCode }),
        `mutation($e: [AccountEventInput!]!) { ingestAccountEvents(events: $e) { duplicates rejected { index code } } }`,
        { e: [ev('rp-1'), ev('rp-1', '100.00', { type: 'CREDIT_REVERSAL', reverses: 'rp-3' })] },
      ),
    );
    expect(gql.ingestAccountEvents).toEqual({
      duplicates: 1,
      rejected: [{ index: 1, code: 'CONFLICTING_REPLAY' }],
    });
  });

  it('lists conflicting replays to the bank (its own) and city HRSS, with field names only', async () => {
    await t.push(other.bankCode, other.secret, body([ev('rp-o1')]));
    await t.push(other.bankCode, other.secret, body([ev('rp-o1', '1.00')]));
    const mine = await must(t.gql<List>(t.token({ org: 'BANK', bank: seed.bankCode }), LIST, {}));
    expect(mine.conflictingReplays.edges.map((e) => [e.node.bankEventId, e.node.differing])).toEqual([
      ['rp-1', ['type', 'reverses']],
      ['rp-4', ['accountNo', 'type']],
      ['rp-2', ['amount', 'bookedAt']],
    ]);
    expect(mine.conflictingReplays.edges[0].node.documentId).toBeNull(); // GraphQL intake
    expect(mine.conflictingReplays.edges[2].node.documentId).toMatch(/^[0-9a-f-]{36}$/);
    const city = await must(t.gql<List>(seed.admin, LIST, { first: 2 }));
    expect(city.conflictingReplays.totalCount).toBe(4);
    expect(city.conflictingReplays.edges.map((e) => e.node.bankEventId)).toEqual(['rp-o1', 'rp-1']);
    const next = await must(
      t.gql<List>(seed.admin, LIST, { first: 2, after: city.conflictingReplays.pageInfo.endCursor }),
    );
    expect(next.conflictingReplays.edges.map((e) => e.node.bankEventId)).toEqual(['rp-4', 'rp-2']);
    const oneBank = await must(t.gql<List>(seed.admin, LIST, { bank: other.bankCode }));
    expect(oneBank.conflictingReplays.edges.map((e) => e.node.bankCode)).toEqual([other.bankCode]);

    const peek = await t.gql(t.token({ org: 'BANK', bank: seed.bankCode }), LIST, { bank: other.bankCode });
    expect(peek.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const district = await t.gql(t.token({ org: 'HRSS', district: '210502' }), LIST, {});
    expect(district.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('answers a retried webhook-id with the first answer, byte for byte, and archives it once', async () => {
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const payload = body([ev('wh-1'), ev('wh-bad', '-1.00')]);
    const before = await documents();
    const first = await t.push(seed.bankCode, seed.secret, payload, { id });
    // by the retry, wh-1 is stored: a fresh ingest would answer duplicates: 1
    const retry = await t.push(seed.bankCode, seed.secret, payload, { id });
    expect(first.status).toBe(200);
    expect(retry).toEqual(first);
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await documents()).toBe(before + 1);
    // the same id from another bank is another delivery
    const elsewhere = await t.push(other.bankCode, other.secret, payload, { id });
    expect(elsewhere.body).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('answers a retried refusal (422) with the same refusal', async () => {
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const first = await t.push(seed.bankCode, seed.secret, '{"events": 1}', { id });
    expect(first.status).toBe(422);
    expect(await t.push(seed.bankCode, seed.secret, '{"events": 1}', { id })).toEqual(first);
  });

  it('stores concurrent retries of one webhook-id once, and answers them all alike', async () => {
    const id = `msg_${randomBytes(6).toString('hex')}`;
    const payload = Buffer.from(body(Array.from({ length: 50 }, (_, i) => ev(`wh-c${i}`))));
    const headers = signedHeaders(seed.secret, payload, id);
    const before = await documents();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${t.url}/banks/${seed.bankCode}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: payload,
        }).then(async (r) => [r.status, await r.text()]),
      ),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(JSON.parse(answers[0][1] as string)).toMatchObject({ accepted: 50, duplicates: 0 });
    expect(await documents()).toBe(before + 1);
    expect(await count(`select count(*)::int as n from account_event where bank_event_id like 'wh-c%'`)).toBe(
      50,
    );
  });
});
