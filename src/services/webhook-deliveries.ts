import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';

/**
 * Standard Webhooks: a retried delivery carries the same `webhook-id`. The first answer the hub
 * gave to an id is kept per bank and given again, same status and body, and the retry is neither
 * archived nor ingested again. Concurrent retries are decided by the primary key: a claim inside
 * the ingest transaction waits for another in-flight claim of the same id, and finds it taken
 * once that one commits (or gets it, if that one rolled back).
 */
export interface DeliveryAnswer {
  status: number;
  /** the JSON body, as sent */
  body: string;
}

const key = (webhookId: string) => createHash('sha256').update(webhookId).digest('hex');

/** The answer given to this delivery id before, if it was answered. */
export async function firstAnswer(
  em: EntityManager,
  bankCode: string,
  webhookId: string,
): Promise<DeliveryAnswer | null> {
  const [row] = await sql<{ status: number | null; answer: string | null }>(
    em,
    `select status, answer from webhook_delivery where bank_code = ? and webhook_id_sha256 = ?`,
    [bankCode, key(webhookId)],
  );
  return row && row.status !== null && row.answer !== null ? { status: row.status, body: row.answer } : null;
}

/** Takes the id for this delivery inside the caller's transaction; false when another delivery has it. */
export async function claimDelivery(
  em: EntityManager,
  bankCode: string,
  webhookId: string,
  receivedAt: Date,
): Promise<boolean> {
  const rows = await sql(
    em,
    `insert into webhook_delivery (bank_code, webhook_id_sha256, received_at) values (?, ?, ?)
     on conflict do nothing returning 1`,
    [bankCode, key(webhookId), receivedAt],
  );
  return rows.length === 1;
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
    [bankCode, key(webhookId), receivedAt, answer.status, answer.body],
  );
}

/** Thrown inside the ingest transaction when the id is taken, so that nothing of it is kept. */
export class AlreadyAnswered extends Error {
  override name = 'AlreadyAnswered';
}
