import { Client } from 'pg';
import { startTestHub, newWebhookSecret, type TestHub } from '../support/test-hub';
import { registerAgreement, registerProject, seedBasics } from '../support/fixtures';
import { signedHeaders } from '../../src/http/webhook-signature';
import { nowMs as clockNowMs } from '../../src/clock';

describe('POST /banks/{bankCode}/events', () => {
  let t: TestHub;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  let pg: Client;
  const accountNo = '6222020705007654321';
  const events = (prefix: string, n = 3) =>
    JSON.stringify({
      events: Array.from({ length: n }, (_, i) => ({
        bankEventId: `${prefix}-${i}`,
        accountNo,
        type: 'CREDIT',
        amount: '1000.00',
        bookedAt: '2026-04-15T10:00:00+08:00',
      })),
    });
  const stored = async (prefix: string) =>
    (
      await pg.query(`select count(*)::int as n from account_event where bank_event_id like $1`, [
        `${prefix}-%`,
      ])
    ).rows[0].n;

  beforeAll(async () => {
    t = await startTestHub({ BANK_PUSH_MAX_BYTES: String(64 * 1024) });
    seed = await seedBasics(t);
    const projectId = await registerProject(t, seed.admin, seed);
    await registerAgreement(t, seed.admin, { projectId, bankCode: seed.bankCode, accountNo });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('accepts a correctly signed JSON push and answers the IngestResult', async () => {
    const res = await t.push(seed.bankCode, seed.secret, events('good'));
    expect(res).toEqual({ status: 200, body: { accepted: 3, duplicates: 0, unmatched: 0, rejected: [] } });
    expect(await stored('good')).toBe(3);
    const replay = await t.push(seed.bankCode, seed.secret, events('good'));
    expect(replay.body).toEqual({ accepted: 0, duplicates: 3, unmatched: 0, rejected: [] });
  });

  it('accepts a push signed with either of two secrets during rotation', async () => {
    const body = Buffer.from(events('rotate'));
    const good = signedHeaders(seed.secret, body, 'msg_rotate')['webhook-signature'];
    const old = signedHeaders(newWebhookSecret(), body, 'msg_rotate')['webhook-signature'];
    const res = await t.push(seed.bankCode, seed.secret, body, {
      id: 'msg_rotate',
      headers: { 'webhook-signature': `${old} ${good}` },
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['a wrong key', { secret: () => newWebhookSecret() }],
    ['a stale timestamp (6 minutes old)', { now: () => new Date(clockNowMs() - 6 * 60_000) }],
    ['a future timestamp (6 minutes ahead)', { now: () => new Date(clockNowMs() + 6 * 60_000) }],
    ['no signature headers', { headers: () => ({ 'webhook-signature': '' }) }],
  ])(
    'refuses %s with 401 and stores nothing',
    async (
      _name,
      variant: { secret?: () => string; now?: () => Date; headers?: () => Record<string, string> },
    ) => {
      const prefix = `bad-${Math.random().toString(36).slice(2, 8)}`;
      const res = await t.push(seed.bankCode, variant.secret?.() ?? seed.secret, events(prefix), {
        now: variant.now?.(),
        headers: variant.headers?.(),
      });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(/webhook/);
      expect(await stored(prefix)).toBe(0);
    },
  );

  it('accepts a timestamp 4 minutes off in either direction', async () => {
    expect(
      (
        await t.push(seed.bankCode, seed.secret, events('skew-a', 1), {
          now: new Date(clockNowMs() - 4 * 60_000),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.push(seed.bankCode, seed.secret, events('skew-b', 1), {
          now: new Date(clockNowMs() + 4 * 60_000),
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a body signed for another bank, and an unknown bank, with 401', async () => {
    const other = await seedBasics(t);
    expect((await t.push(seed.bankCode, other.secret, events('cross'))).status).toBe(401);
    expect((await t.push('NO_SUCH_BANK', seed.secret, events('ghost'))).status).toBe(401);
    expect(await stored('cross')).toBe(0);
  });

  it('answers malformed JSON with 422 and the reason, storing nothing', async () => {
    const res = await t.push(seed.bankCode, seed.secret, '{"events": [ {"bankEventId": "trunc-0"');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(res.body.error).toMatch(/JSON/);
    const wrongShape = await t.push(seed.bankCode, seed.secret, JSON.stringify([{ bankEventId: 'x' }]));
    expect(wrongShape.status).toBe(422);
    expect(wrongShape.body.error).toMatch(/"events" array/);
    expect(await stored('trunc')).toBe(0);
  });

  it('answers an unknown content type with 415 naming what is accepted', async () => {
    const res = await t.push(seed.bankCode, seed.secret, events('yaml'), {
      contentType: 'application/x-yaml',
    });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatch(/application\/json/);
    expect(await stored('yaml')).toBe(0);
  });

  it('answers a body over the limit with 413, storing nothing', async () => {
    const res = await t.push(seed.bankCode, seed.secret, events('huge', 600));
    expect(res.status).toBe(413);
    expect(await stored('huge')).toBe(0);
  });

  it('rejects bad rows one by one, with index and message, and stores the rest', async () => {
    const body = JSON.stringify({
      events: [
        {
          bankEventId: 'rows-0',
          accountNo,
          type: 'CREDIT',
          amount: '12.5',
          bookedAt: '2026-04-15T10:00:00+08:00',
        },
        {
          bankEventId: 'rows-1',
          accountNo,
          type: 'CREDIT',
          amount: 12.5,
          bookedAt: '2026-04-15T10:00:00+08:00',
        },
        {
          bankEventId: 'rows-2',
          accountNo,
          type: 'CREDIT',
          amount: '1e5',
          bookedAt: '2026-04-15T10:00:00+08:00',
        },
        {
          bankEventId: 'rows-3',
          accountNo,
          type: 'REFUND',
          amount: '1.00',
          bookedAt: '2026-04-15T10:00:00+08:00',
        },
        { bankEventId: 'rows-4', accountNo, type: 'DEBIT', amount: '1.00', bookedAt: '2026-04-15 10:00' },
      ],
    });
    const res = await t.push(seed.bankCode, seed.secret, body);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'INVALID_AMOUNT'],
      [2, 'INVALID_AMOUNT'],
      [3, 'INVALID_TYPE'],
      [4, 'INVALID_BOOKED_AT'],
    ]);
    expect(res.body.rejected[0].message).toMatch(/^amount: .*not a number/);
  });

  it('answers liveness with the state of PostgreSQL and the queue', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      queue: 'ok',
      queueBackend: 'redis',
    });
  });
});
