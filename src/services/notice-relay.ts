import type { MikroORM } from '@mikro-orm/postgresql';
import { postSignedWebhook, type DeliveryResult, type WebhookTarget } from '../../adapters/outbound/webhook';
import type { NoticeStatus } from '../entities/outbox-notice.entity';
import { sql } from '../db/sql';

/** A claimed notice, as the relay hands it to a delivery function. */
export interface OutboundNotice {
  id: string;
  topic: string;
  recipient: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export type DeliverNotice = (target: WebhookTarget, notice: OutboundNotice) => Promise<DeliveryResult>;

export interface RelayOptions {
  /** at most this many notices per call */
  batch?: number;
  /** a notice whose temporary failures reach this many attempts is FAILED */
  maxAttempts?: number;
  /** deliveries in flight at once */
  concurrency?: number;
  /** how long a claimed notice is kept from other relays while it is being delivered */
  leaseMs?: number;
}

export interface RelayReport {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  /** due notices newly found to have no endpoint (they stay PENDING) */
  waitingForEndpoint: number;
}

export const RELAY_DEFAULTS = { batch: 50, maxAttempts: 10, concurrency: 10, leaseMs: 5 * 60_000 };
export const NOTICE_BACKOFF_BASE_MS = 30_000;
export const NOTICE_BACKOFF_CAP_MS = 60 * 60_000;

/** The wait after the n-th failed attempt (n ≥ 1): 30 s, 1 min, 2 min, … at most 1 h. */
export function noticeBackoffMs(failedAttempts: number): number {
  const n = Math.max(1, Math.floor(failedAttempts));
  // 2^7 × 30 s already passes the cap; stop there rather than overflow for large n
  return Math.min(NOTICE_BACKOFF_CAP_MS, NOTICE_BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 7));
}

export interface NoticeOutcome {
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  lastHttpStatus: number | null;
  deliveredAt: Date | null;
}

/** What one attempt makes of a notice that had `attemptsBefore` attempts. Pure. */
export function outcomeOf(
  result: DeliveryResult,
  attemptsBefore: number,
  now: Date,
  maxAttempts: number,
): NoticeOutcome {
  const attempts = attemptsBefore + 1;
  if (result.ok) {
    return {
      status: 'DELIVERED',
      attempts,
      nextAttemptAt: now,
      lastError: null,
      lastHttpStatus: result.status,
      deliveredAt: now,
    };
  }
  const lastHttpStatus = result.status ?? null;
  if (!result.retryable) {
    return {
      status: 'FAILED',
      attempts,
      nextAttemptAt: now,
      lastError: `permanent: ${result.error}`,
      lastHttpStatus,
      deliveredAt: null,
    };
  }
  if (attempts >= maxAttempts) {
    return {
      status: 'FAILED',
      attempts,
      nextAttemptAt: now,
      lastError: `gave up after ${attempts} attempts: ${result.error}`,
      lastHttpStatus,
      deliveredAt: null,
    };
  }
  // A receiver that asks for more time (Retry-After) gets it, within the same cap.
  const wait = Math.min(NOTICE_BACKOFF_CAP_MS, Math.max(noticeBackoffMs(attempts), result.retryAfterMs ?? 0));
  return {
    status: 'PENDING',
    attempts,
    nextAttemptAt: new Date(now.getTime() + wait),
    lastError: result.error,
    lastHttpStatus,
    deliveredAt: null,
  };
}

/**
 * The body every recipient receives, as in Standard Webhooks: `type` (the topic), `timestamp`
 * (when the notice was written, the same on every attempt), `data` (the payload).
 */
export function noticeBody(notice: OutboundNotice): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: notice.id,
      type: notice.topic,
      timestamp: notice.createdAt.toISOString(),
      recipient: notice.recipient,
      data: notice.payload,
    }),
  );
}

/** Delivery through the signed-webhook adapter, `webhook-id` = the notice id. */
export const deliverByWebhook: DeliverNotice = (target, notice) =>
  postSignedWebhook(target, { id: notice.id, body: noticeBody(notice) });

const NO_ENDPOINT = 'no endpoint configured for recipient ';
export const noEndpointMessage = (recipient: string): string => NO_ENDPOINT + recipient;

interface ClaimedRow {
  id: string;
  topic: string;
  recipient: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date | string;
  url: string;
  webhook_secret: string;
}

/**
 * One pass of the outbox relay, as of `now`. Due PENDING notices of recipients with an endpoint
 * are claimed (`for update skip locked`, one short statement that moves their next attempt past
 * a lease, so concurrent relays never take the same row and a crash mid-delivery only delays it),
 * delivered outside any transaction, and each result recorded. At-least-once: a notice is
 * DELIVERED only after a 2xx, and a delivery whose result was lost is sent again with the same
 * `webhook-id`. Due notices without an endpoint stay PENDING, with the reason in `last_error`.
 */
export async function relayDueNotices(
  orm: MikroORM,
  now: Date,
  deliver: DeliverNotice,
  opts: RelayOptions = {},
): Promise<RelayReport> {
  const { batch, maxAttempts, concurrency, leaseMs } = { ...RELAY_DEFAULTS, ...opts };
  const em = orm.em.fork();
  const waiting: unknown[] = await sql(
    em,
    `update outbox_notice n set last_error = ?::text || n.recipient
      where n.status = 'PENDING' and n.next_attempt_at <= ?
        and not exists (select 1 from notice_endpoint e where e.recipient = n.recipient)
        and n.last_error is distinct from (?::text || n.recipient)
      returning n.id`,
    [NO_ENDPOINT, now, NO_ENDPOINT],
  );
  const claimed: ClaimedRow[] = await sql(
    em,
    `with due as (
       select n.id from outbox_notice n
        where n.status = 'PENDING' and n.next_attempt_at <= ?
          and exists (select 1 from notice_endpoint e where e.recipient = n.recipient)
        order by n.next_attempt_at, n.created_at, n.id
        limit ?
        for update of n skip locked)
     update outbox_notice n set next_attempt_at = ?
       from due, notice_endpoint e
      where n.id = due.id and e.recipient = n.recipient
     returning n.id, n.topic, n.recipient, n.payload, n.attempts, n.created_at, e.url, e.webhook_secret`,
    [now, batch, new Date(now.getTime() + leaseMs)],
  );
  const report: RelayReport = {
    claimed: claimed.length,
    delivered: 0,
    retrying: 0,
    failed: 0,
    waitingForEndpoint: waiting.length,
  };
  await forEachLimited(claimed, concurrency, async (row) => {
    const notice: OutboundNotice = {
      id: row.id,
      topic: row.topic,
      recipient: row.recipient,
      payload: row.payload,
      createdAt: new Date(row.created_at),
    };
    let result: DeliveryResult;
    try {
      result = await deliver({ url: row.url, secret: row.webhook_secret }, notice);
    } catch (err) {
      result = { ok: false, retryable: true, error: `delivery threw: ${(err as Error).message}` };
    }
    const outcome = outcomeOf(result, row.attempts, now, maxAttempts);
    report[
      outcome.status === 'DELIVERED' ? 'delivered' : outcome.status === 'FAILED' ? 'failed' : 'retrying'
    ] += 1;
    // Recorded only if nobody else has touched the row since the claim (a replay, or a relay that
    // took it over after the lease): the later writer's state wins.
    await sql(
      em,
      `update outbox_notice set status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
              last_http_status = ?, delivered_at = ?
        where id = ? and status = 'PENDING' and attempts = ?`,
      [
        outcome.status,
        outcome.attempts,
        outcome.nextAttemptAt,
        outcome.lastError,
        outcome.lastHttpStatus,
        outcome.deliveredAt,
        row.id,
        row.attempts,
      ],
    );
  });
  return report;
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
