import http from 'node:http';
import { startTestHub, type TestHub } from '../support/test-hub';
import { seedBasics } from '../support/fixtures';
import { signedHeaders } from '../../src/http/webhook-signature';

/** Sends headers and a first chunk of a body that claims `length` bytes; resolves with the answer. */
function post(
  t: TestHub,
  bankCode: string,
  headers: Record<string, string>,
  length: number,
  firstChunk: Buffer,
) {
  let req!: http.ClientRequest;
  const answered = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>(
    (resolve, reject) => {
      req = http.request(
        `${t.url}/banks/${bankCode}/events`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(length), ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }),
          );
        },
      );
      req.on('error', reject);
      req.write(firstChunk);
    },
  );
  return { req, answered };
}

describe('the push route checks before it reads a body', () => {
  let t: TestHub;
  let seed: Awaited<ReturnType<typeof seedBasics>>;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false', BANK_PUSH_MAX_IN_FLIGHT: '1' });
    seed = await seedBasics(t);
  });
  afterAll(() => t.close());

  it.each([
    ['no signature headers', {}],
    [
      'a stale timestamp',
      { 'webhook-id': 'msg_1', 'webhook-timestamp': '1000000000', 'webhook-signature': 'v1,x' },
    ],
  ])('answers a 9.9 MB push with %s at once, 401, without waiting for the body', async (_what, headers) => {
    // Only 1 KB of the 9.9 MB is ever sent: the answer comes before the rest would have.
    const { req, answered } = post(t, seed.bankCode, headers, 9_900_000, Buffer.alloc(1024, 0x20));
    const res = await answered;
    req.destroy();
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.headers.connection).toBe('close');
  });

  it('refuses a signed push to an unknown bank the same way', async () => {
    const body = Buffer.from('{"events":[]}');
    const { answered } = post(
      t,
      'NO_SUCH_BANK',
      signedHeaders('whsec_AAAA', body, 'msg_2'),
      body.length,
      body,
    );
    expect((await answered).status).toBe(401);
  });

  it("caps one bank's pushes in flight: the next is 429 TOO_MANY_PUSHES with Retry-After, then goes in", async () => {
    const body = Buffer.from(JSON.stringify({ events: [] }));
    // A push whose body is still coming holds the bank's one slot.
    const slow = post(
      t,
      seed.bankCode,
      signedHeaders(seed.secret, body, 'msg_slow'),
      body.length,
      body.subarray(0, 4),
    );
    await new Promise((r) => setTimeout(r, 200));
    const second = await t.push(seed.bankCode, seed.secret, body);
    expect(second.status).toBe(429);
    expect(second.body.code).toBe('TOO_MANY_PUSHES');
    slow.req.end(body.subarray(4));
    expect((await slow.answered).status).toBe(200);
    expect((await t.push(seed.bankCode, seed.secret, body)).status).toBe(200);
  });
});
