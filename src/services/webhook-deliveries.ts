import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';

/**
 * Standard Webhooks: a retried delivery carries the same `webhook-id`. The first answer the hub
 * gave to an id is kept per bank and given again, same status and body, and the retry is neither
 * archived nor ingested again. Concurrent retries are decided by the primary key: a claim inside
 * the ingest transaction waits for another in-flight claim of the same id, and finds it taken
 * once that one commits (or gets it, if that one rolled back): push-intake.ts claims it.
 */
export interface DeliveryAnswer {
  status: number;
  /** the JSON body, as sent */
  body: string;
}

/** The stored form of a `webhook-id` (its length is the bank's choice). */
export const deliveryKey = (webhookId: string): string =>
  createHash('sha256').update(webhookId).digest('hex');

/** The answer given to this delivery id before, if it was answered. */
export async function firstAnswer(
  em: EntityManager,
  bankCode: string,
  webhookId: string,
): Promise<DeliveryAnswer | null> {
  const [row] = await sql<{ status: number | null; answer: string | null }>(
    em,
    `select status, answer from webhook_delivery where bank_code = ? and webhook_id_sha256 = ?`,
    [bankCode, deliveryKey(webhookId)],
  );
  return row && row.status !== null && row.answer !== null ? { status: row.status, body: row.answer } : null;
}

/** Keeps the answer of a claimed delivery (or of a refusal, which claims nothing before). */
export async function saveAnswer(
  em: EntityManager,
  bankCode: string,
  webhookId: string,
  receivedAt: Date,
  answer: DeliveryAnswer,
): Promise<void> {
  await sql(
    em,
    `insert into webhook_delivery (bank_code, webhook_id_sha256, received_at, status, answer)
     values (?, ?, ?, ?, ?)
     on conflict (bank_code, webhook_id_sha256) do update set status = excluded.status, answer = excluded.answer
       where webhook_delivery.status is null`,
    [bankCode, deliveryKey(webhookId), receivedAt, answer.status, answer.body],
  );
}

/** Thrown inside the ingest transaction when the id is taken, so that nothing of it is kept. */
export class AlreadyAnswered extends Error {
  override name = 'AlreadyAnswered';
}
