/**
 * Outbound notices end to end on a real hub (PostgreSQL + Redis, the relay scheduled every 200 ms):
 * `addNotices` in the caller's transaction, the relay delivering signed webhooks to a local
 * receiver that verifies them as a recipient would, retries with backoff (driven by calling
 * `relayDueNotices` with an advancing `now`), permanent refusals, replay, and the operators' API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addNotices, type NoticeDraft } from '../../src/services/outbox';
import {
  deliverByWebhook,
  noticeBody,
  relayDueNotices,
  type DeliverNotice,
} from '../../src/services/notice-relay';
import { postSignedWebhook } from '../../adapters/outbound/webhook';
import { verifySignature } from '../../src/http/webhook-signature';
import { newWebhookSecret, startTestHub, type GqlResult, type TestHub } from '../support/test-hub';
import { now as clockNow, nowMs as clockNowMs } from '../../src/clock';

// ---------------------------------------------------------------------------------------------
// A recipient: answers each path from a script of statuses (then 200) and checks every signature.
// ---------------------------------------------------------------------------------------------

interface Received {
  path: string;
  webhookId: string;
  signatureValid: boolean;
  body: any;
}

class Receiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, number[]>();
  private readonly secrets = new Map<string, string>();
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        if (path === '/hang') return; // never answers
        const body = Buffer.concat(chunks);
        let signatureValid = true;
        try {
          verifySignature(
            this.secrets.get(path) ?? '',
            {
              id: req.headers['webhook-id'] as string,
              timestamp: req.headers['webhook-timestamp'] as string,
              signature: req.headers['webhook-signature'] as string,
            },
            body,
            clockNow(),
          );
        } catch {
          signatureValid = false;
        }
        this.received.push({
          path,
          webhookId: String(req.headers['webhook-id']),
          signatureValid,
          body: JSON.parse(body.toString('utf8')),
        });
        if (path === '/moved') {
          res.writeHead(302, { location: `${this.url}/elsewhere` }).end();
          return;
        }
        const status = this.scripts.get(path)?.shift() ?? 200;
        res
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(status >= 300 ? 'receiver says no' : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A new path on this receiver with its own secret, answering `statuses` first. */
  route(path: string, statuses: number[] = []): { url: string; secret: string } {
    const secret = newWebhookSecret();
    this.secrets.set(path, secret);
    this.scripts.set(path, [...statuses]);
    return { url: `${this.url}${path}`, secret };
  }

  script(path: string, statuses: number[]): void {
    this.scripts.set(path, [...statuses]);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

let t: TestHub;
let admin: string;
const receiver = new Receiver();

const NOTICE_FIELDS = `id topic recipient status attempts nextAttemptAt lastError lastHttpStatus createdAt deliveredAt payload`;
const SET_ENDPOINT = `mutation($r: String!, $u: String!, $s: String!) {
  setNoticeEndpoint(recipient: $r, url: $u, webhookSecret: $s) { recipient url updatedAt updatedBy } }`;
const NOTICES = `query($f: NoticeFilter, $first: Int, $after: String) {
  notices(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NOTICE_FIELDS} } } } }`;
const REPLAY = `mutation($id: ID!) { replayNotice(id: $id) { ${NOTICE_FIELDS} } }`;

const gql = (token: string, query: string, variables?: Record<string, unknown>) =>
  t.gql<any>(token, query, variables);

async function must<T = any>(result: Promise<GqlResult<T>>): Promise<T> {
  const r = await result;
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** What the deadline engine does: addNotices inside its own transaction. */
function writeNotices(drafts: NoticeDraft[]): Promise<number> {
  return t.hub.orm.em.fork().transactional((em) => addNotices(em as EntityManager, drafts));
}

let seq = 0;
function draft(recipient: string, overrides: Partial<NoticeDraft> = {}): NoticeDraft {
  seq += 1;
  const alertId = `alert-${seq}-${Date.now()}`;
  return {
    topic: 'ALERT_OPENED',
    recipient,
    dedupeKey: `ALERT_OPENED|${alertId}|${recipient}`,
    payload: { alertId, projectId: 'p-1', dueDate: '2026-03-16', shortfall: '150000.00' },
    ...overrides,
  };
}

async function noticesFor(recipient: string): Promise<any[]> {
  const data = await must(gql(admin, NOTICES, { f: { recipient }, first: 100 }));
  return data.notices.edges.map((e: any) => e.node);
}

async function onlyNoticeFor(recipient: string): Promise<any> {
  const list = await noticesFor(recipient);
  expect(list).toHaveLength(1);
  return list[0];
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

async function setEndpoint(recipient: string, route: { url: string; secret: string }): Promise<any> {
  return (await must(gql(admin, SET_ENDPOINT, { r: recipient, u: route.url, s: route.secret })))
    .setNoticeEndpoint;
}

beforeAll(async () => {
  await receiver.start();
  t = await startTestHub({ NOTICE_RELAY_EVERY_MS: '200' });
  admin = t.token({ org: 'HRSS', district: '210500', sub: 'city-operator' });
});

afterAll(async () => {
  await t?.close();
  await receiver.close();
});

// ---------------------------------------------------------------------------------------------

describe('addNotices', () => {
  it('stores a notice once however often the same dedupe key is written', async () => {
    const drafts = [draft('HRSS:210503'), draft('WATER:210503')];
    expect(await writeNotices(drafts)).toBe(2);
    expect(await writeNotices(drafts)).toBe(0);
    expect(await writeNotices([drafts[0], { ...drafts[0] }, draft('HRSS:210503')])).toBe(1);
    expect(await noticesFor('HRSS:210503')).toHaveLength(2);
    expect(await noticesFor('WATER:210503')).toHaveLength(1);
  });

  it("writes in the caller's transaction: a rollback leaves no notice", async () => {
    const d = draft('HRSS:210504');
    await expect(
      t.hub.orm.em.fork().transactional(async (em) => {
        expect(await addNotices(em as EntityManager, [d])).toBe(1);
        throw new Error('the alert change failed');
      }),
    ).rejects.toThrow('the alert change failed');
    expect(await noticesFor('HRSS:210504')).toHaveLength(0);
  });

  it('refuses a bad recipient key, and payload fields that look like personal data', async () => {
    await expect(writeNotices([draft('HRSS:999999')])).rejects.toThrow(/Benxi district code/);
    await expect(writeNotices([draft('BANK:x', {})])).rejects.toThrow(/bank code/);
    await expect(
      writeNotices([draft('HRSS:210505', { payload: { workers: [{ idNumber: 'x' }] } })]),
    ).rejects.toThrow(/payload\.workers\.0\.idNumber .* looks like personal data/);
    await expect(
      writeNotices([draft('HRSS:210505', { payload: { note: '11010519491231002X' } })]),
    ).rejects.toThrow(/payload\.note .* personal data/);
    expect(await noticesFor('HRSS:210505')).toHaveLength(0);
  });
});

describe('the relay', () => {
  it('keeps a notice without an endpoint PENDING with the reason, then delivers it once one is set', async () => {
    const recipient = 'BANK:ICBC_BENXI';
    const d = draft(recipient, {
      payload: { alertId: 'a-42', shortfall: '150000.00', dueDate: '2026-03-16' },
    });
    await writeNotices([d]);
    const waiting = await waitFor('the no-endpoint reason', async () => {
      const n = await onlyNoticeFor(recipient);
      return n.lastError ? n : null;
    });
    expect(waiting).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      lastError: 'no endpoint configured for recipient BANK:ICBC_BENXI',
      deliveredAt: null,
    });
    await settle(); // several more ticks: still waiting, never dropped
    expect(await onlyNoticeFor(recipient)).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(receiver.at('/bank')).toHaveLength(0);

    const endpoint = await setEndpoint(recipient, receiver.route('/bank'));
    expect(endpoint).toMatchObject({ recipient, url: `${receiver.url}/bank`, updatedBy: 'city-operator' });

    const delivered = await waitFor('delivery', async () => {
      const n = await onlyNoticeFor(recipient);
      return n.status === 'DELIVERED' ? n : null;
    });
    expect(delivered).toMatchObject({
      attempts: 1,
      lastError: null,
      lastHttpStatus: 200,
      nextAttemptAt: null,
    });
    expect(delivered.deliveredAt).toEqual(expect.any(String));
    expect(JSON.parse(delivered.payload)).toEqual(d.payload);

    const [got] = receiver.at('/bank');
    expect(receiver.at('/bank')).toHaveLength(1);
    expect(got.signatureValid).toBe(true);
    expect(got.webhookId).toBe(delivered.id);
    expect(got.body).toEqual({
      id: delivered.id,
      type: 'ALERT_OPENED',
      timestamp: delivered.createdAt,
      recipient,
      data: d.payload,
    });
  });

  it('lists endpoints without their secrets', async () => {
    const data = await must(gql(admin, `{ noticeEndpoints { recipient url updatedAt updatedBy } }`));
    expect(data.noticeEndpoints).toEqual(
      expect.arrayContaining([expect.objectContaining({ recipient: 'BANK:ICBC_BENXI' })]),
    );
    expect(JSON.stringify(data)).not.toContain('whsec_');
    const secretField = await gql(admin, `{ noticeEndpoints { webhookSecret } }`);
    expect(secretField.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('retries 500s with exponential backoff and delivers on the 200 that follows', async () => {
    const recipient = 'HRSS:210502';
    await setEndpoint(recipient, receiver.route('/hrss', [500, 500]));
    await writeNotices([draft(recipient, { topic: 'ALERT_ESCALATED' })]);

    // first attempt: the scheduled relay, on the real clock
    const first = await waitFor('the first attempt', async () => {
      const n = await onlyNoticeFor(recipient);
      return n.attempts === 1 ? n : null;
    });
    expect(first).toMatchObject({
      status: 'PENDING',
      lastHttpStatus: 500,
      lastError: 'HTTP 500: receiver says no',
    });
    const firstWait = Date.parse(first.nextAttemptAt) - clockNowMs();
    expect(firstWait).toBeGreaterThan(25_000);
    expect(firstWait).toBeLessThanOrEqual(30_000);
    await settle(); // the scheduled relay leaves it alone until it is due
    expect((await onlyNoticeFor(recipient)).attempts).toBe(1);

    // later attempts: the relay as of later instants
    const second = new Date(Date.parse(first.nextAttemptAt) + 1_000);
    expect(await relayDueNotices(t.hub.orm, second, deliverByWebhook)).toMatchObject({
      claimed: 1,
      retrying: 1,
    });
    const afterSecond = await onlyNoticeFor(recipient);
    expect(afterSecond).toMatchObject({ status: 'PENDING', attempts: 2, lastHttpStatus: 500 });
    expect(Date.parse(afterSecond.nextAttemptAt) - second.getTime()).toBe(60_000);

    const early = new Date(second.getTime() + 59_000);
    expect(await relayDueNotices(t.hub.orm, early, deliverByWebhook)).toMatchObject({ claimed: 0 });

    const third = new Date(second.getTime() + 60_000);
    expect(await relayDueNotices(t.hub.orm, third, deliverByWebhook)).toMatchObject({
      claimed: 1,
      delivered: 1,
    });
    const done = await onlyNoticeFor(recipient);
    expect(done).toMatchObject({ status: 'DELIVERED', attempts: 3, lastHttpStatus: 200, lastError: null });
    expect(done.deliveredAt).toBe(third.toISOString());

    const got = receiver.at('/hrss');
    expect(got).toHaveLength(3);
    expect(got.every((r) => r.signatureValid && r.webhookId === done.id)).toBe(true);
  });

  it('fails a 400 at once and does not retry it', async () => {
    const recipient = 'HOUSING:210502';
    await setEndpoint(recipient, receiver.route('/housing', [400]));
    await writeNotices([draft(recipient, { topic: 'CONTRACTOR_REPORTED' })]);
    const failed = await waitFor('the refusal', async () => {
      const n = await onlyNoticeFor(recipient);
      return n.status === 'FAILED' ? n : null;
    });
    expect(failed).toMatchObject({
      attempts: 1,
      lastHttpStatus: 400,
      lastError: 'permanent: HTTP 400: receiver says no',
      nextAttemptAt: null,
      deliveredAt: null,
    });
    await settle();
    expect(receiver.at('/housing')).toHaveLength(1);
    const failedOnly = await must(gql(admin, NOTICES, { f: { status: 'FAILED', recipient } }));
    expect(failedOnly.notices.totalCount).toBe(1);
  });

  it('gives up after maxAttempts temporary failures, and the notice stays visible as FAILED', async () => {
    const recipient = 'TRANSPORT:210502';
    await setEndpoint(recipient, receiver.route('/transport', [503, 503, 503]));
    await writeNotices([draft(recipient)]);
    // the scheduled relay makes the first attempt (backoff 30 s), then the relay as of later times
    const first = await waitFor('the first attempt', async () => {
      const n = await onlyNoticeFor(recipient);
      return n.attempts === 1 ? n : null;
    });
    const later = new Date(Date.parse(first.nextAttemptAt) + 1_000);
    await relayDueNotices(t.hub.orm, later, deliverByWebhook, { maxAttempts: 2 });
    expect(await onlyNoticeFor(recipient)).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      lastHttpStatus: 503,
      lastError: 'gave up after 2 attempts: HTTP 503: receiver says no',
    });
  });

  it('replays a delivered notice and a failed one with the same webhook-id', async () => {
    const delivered = await onlyNoticeFor('BANK:ICBC_BENXI');
    const replayed = (await must(gql(admin, REPLAY, { id: delivered.id }))).replayNotice;
    expect(replayed).toMatchObject({ id: delivered.id, status: 'PENDING', attempts: 0, deliveredAt: null });
    await waitFor(
      'the redelivery',
      async () => (await onlyNoticeFor('BANK:ICBC_BENXI')).status === 'DELIVERED',
    );
    const bank = receiver.at('/bank');
    expect(bank).toHaveLength(2);
    expect(bank[1]).toMatchObject({ webhookId: delivered.id, signatureValid: true });

    // the receiver was fixed after refusing: the operator sends it again
    const failed = await onlyNoticeFor('HOUSING:210502');
    await must(gql(admin, REPLAY, { id: failed.id }));
    const redone = await waitFor('the replayed delivery', async () => {
      const n = await onlyNoticeFor('HOUSING:210502');
      return n.status === 'DELIVERED' ? n : null;
    });
    expect(redone).toMatchObject({ attempts: 1, lastHttpStatus: 200, lastError: null });
    expect(receiver.at('/housing').map((r) => r.webhookId)).toEqual([failed.id, failed.id]);
  });

  it('never lets two relays deliver the same notice in one pass (skip locked)', async () => {
    const recipient = 'HRSS:210521';
    // due only for the relays below (in an hour), so the scheduled relay leaves them alone
    await writeNotices(Array.from({ length: 12 }, () => draft(recipient)));
    await t.hub.orm.em
      .fork()
      .execute(
        `update outbox_notice set next_attempt_at = ?::timestamptz + interval '1 hour' where recipient = ?`,
        [clockNow(), recipient],
      );
    await setEndpoint(recipient, receiver.route('/never-called'));
    const at = new Date(clockNowMs() + 2 * 3600_000);
    const seen: string[] = [];
    const slowOk: DeliverNotice = async (_target, notice) => {
      if (notice.recipient === recipient) seen.push(notice.id);
      await new Promise((r) => setTimeout(r, 50));
      return { ok: true, status: 204 };
    };
    await Promise.all([
      relayDueNotices(t.hub.orm, at, slowOk, { batch: 5, concurrency: 2 }),
      relayDueNotices(t.hub.orm, at, slowOk, { batch: 5, concurrency: 2 }),
      relayDueNotices(t.hub.orm, at, slowOk, { batch: 5, concurrency: 2 }),
    ]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(12);
    const list = await noticesFor(recipient);
    expect(list.every((n) => n.status === 'DELIVERED' && n.lastHttpStatus === 204)).toBe(true);
    expect(receiver.at('/never-called')).toHaveLength(0);
  });
});

describe('the webhook adapter on the wire', () => {
  const id = '2f1e7f4c-4c0e-4e3a-9a43-9f0f3b7d1c55';
  const body = noticeBody({ id, topic: 'T', recipient: 'HRSS:210500', payload: {}, createdAt: clockNow() });

  it('does not follow a redirect, and does not retry it', async () => {
    const route = receiver.route('/moved');
    const r = await postSignedWebhook(route, { id, body });
    expect(r).toMatchObject({ ok: false, retryable: false, status: 302 });
    expect(receiver.at('/elsewhere')).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer, as a temporary failure', async () => {
    const r = await postSignedWebhook(
      { url: `${receiver.url}/hang`, secret: newWebhookSecret() },
      { id, body },
      {
        timeoutMs: 300,
      },
    );
    expect(r).toEqual({ ok: false, retryable: true, error: 'no answer within 300 ms' });
  });

  it('treats a refused connection as temporary and a non-http URL as permanent', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await postSignedWebhook(
      { url: `http://127.0.0.1:${port}/`, secret: newWebhookSecret() },
      { id, body },
    );
    expect(refused).toMatchObject({ ok: false, retryable: true });
    expect(!refused.ok && refused.error).toMatch(/^network error: .*ECONNREFUSED/);
    const ftp = await postSignedWebhook(
      { url: 'ftp://127.0.0.1/x', secret: newWebhookSecret() },
      { id, body },
    );
    expect(ftp).toEqual({ ok: false, retryable: false, error: 'only http and https URLs are allowed' });
  });
});

describe('the operators’ API', () => {
  it('lists notices newest first in pages with a total count', async () => {
    const recipient = 'BENGANG:210500';
    const drafts = [draft(recipient), draft(recipient), draft(recipient)];
    for (const d of drafts) {
      await writeNotices([d]); // three transactions: three creation times
      await new Promise((r) => setTimeout(r, 5));
    }
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await must(gql(admin, NOTICES, { f: { recipient }, first: 2, after }))).notices;
      expect(page.totalCount).toBe(3);
      ids.push(...page.edges.map((e: any) => JSON.parse(e.node.payload).alertId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(drafts.map((d) => d.payload.alertId).reverse());
    const byTopic = await must(gql(admin, NOTICES, { f: { recipient, topic: 'ALERT_ESCALATED' } }));
    expect(byTopic.notices.totalCount).toBe(0);
    const bad = await gql(admin, NOTICES, { after: 'bm90IGEgY3Vyc29y' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('refuses bad endpoint settings, naming the field', async () => {
    const good = { r: 'HRSS:210522', u: `${receiver.url}/x`, s: newWebhookSecret() };
    for (const [vars, field] of [
      [{ ...good, r: 'ARMY:210522' }, 'recipient'],
      [{ ...good, u: 'ftp://example.com/x' }, 'url'],
      [{ ...good, u: 'https://user:pw@example.com/x' }, 'url'],
      [{ ...good, s: 'not-a-secret' }, 'webhookSecret'],
      [{ ...good, s: 'whsec_c2hvcnQ=' }, 'webhookSecret'],
    ] as const) {
      const res = await gql(admin, SET_ENDPOINT, vars);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const replay = await gql(admin, REPLAY, { id: '7d1b5b0e-0000-4000-8000-000000000000' });
    expect(replay.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('is for city HRSS only', async () => {
    const [someNotice] = await noticesFor('BANK:ICBC_BENXI');
    for (const caller of [
      { org: 'HRSS', district: '210502' },
      { org: 'HOUSING', district: '210500' },
      { org: 'BANK', district: '210500', bank: 'ICBC_BENXI' },
    ] as const) {
      const token = t.token(caller);
      for (const [query, vars] of [
        [SET_ENDPOINT, { r: 'HRSS:210502', u: `${receiver.url}/evil`, s: newWebhookSecret() }],
        [`{ noticeEndpoints { recipient } }`, {}],
        [NOTICES, {}],
        [REPLAY, { id: someNotice.id }],
      ] as const) {
        const res = await gql(token, query, vars);
        expect([caller, res.errors?.[0].extensions?.code]).toEqual([caller, 'FORBIDDEN']);
      }
    }
    const endpoints = await must(gql(admin, `{ noticeEndpoints { recipient url } }`));
    expect(endpoints.noticeEndpoints.find((e: any) => e.recipient === 'HRSS:210502').url).toBe(
      `${receiver.url}/hrss`,
    );
  });
});
