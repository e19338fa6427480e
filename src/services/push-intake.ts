/**
 * A signed push's work inside its one transaction, in as few round trips as the semantics allow:
 * a small push was nine statements, each a round trip and a turn of the hub's thread, and that
 * fixed cost, not the rows, made 10-event pushes a tenth of a raw INSERT's rate. Now:
 *
 *   1. claim the `webhook-id`, archive the document, and check the bank profile the push was read
 *      with is current (bank-profiles.ts) — one statement;
 *   2. the events (BankIntake.add: the insert and the accounts held at another bank in one
 *      statement; conflicts, reversals and duties only when a push has them);
 *   3. the end of the push (BankIntake.finish: alerts a credit closes, account duties, statement
 *      reconciliation, the pay alerts' marks for the follow-up after commit — further
 *      end-of-push evaluations belong there);
 *   4. the archive's counts and the delivery's answer — one statement.
 *
 * A retry (the id taken) throws AlreadyAnswered and an outdated profile BankProfileOutdated, both
 * before anything is stored; the caller's transaction then keeps nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdapterResult, BatchesToStore } from '../../adapters/bank-adapter';
import { sql } from '../db/sql';
import { nextTurn, updateInSlices } from '../domain/hash-in-slices';
import { archivedInSlices, bodyAsLargeObject, unlinkBody } from './archive-in-slices';
import { BANK_VERSION_SQL } from './bank-profiles';
import type { ReceivedDocument } from './inbound-documents';
import { BankIntake, type IngestResult } from './ingestion';
import { AlreadyAnswered, deliveryKey, type DeliveryAnswer } from './webhook-deliveries';

/** Thrown in a push's transaction when the bank changed since its profile was read. */
export class BankProfileOutdated extends Error {
  override name = 'BankProfileOutdated';
}

/** What the adapter made of the body: whole, or (a large statement) in batches. */
export type PushContent = { parsed: AdapterResult } | { batched: BatchesToStore };

export async function ingestPush(
  em: EntityManager,
  received: ReceivedDocument & { webhookId: string },
  content: PushContent,
  /** the `version` of the bank profile the push was verified and read with */
  bankVersion: string,
): Promise<{ ingested: IngestResult; answer: DeliveryAnswer; payAlertsMarked: boolean }> {
  const { doc, receivedAt, webhookId } = received;
  const documentId = await claimAndArchive(em, received, bankVersion);
  // the pay alerts are evaluated after the commit (workforce/pay-alerts/pending.ts)
  const intake = await BankIntake.start(em, doc.bankCode, receivedAt, documentId, {
    bankFound: true,
    deferPayAlerts: true,
  });
  let statements: AdapterResult['statements'];
  if ('parsed' in content) {
    await intake.add(content.parsed);
    statements = content.parsed.statements;
  } else {
    // a batch at a time (parsed in a worker thread), letting other callers' work run between batches
    for await (const batch of content.batched.batches()) {
      if (batch) await intake.add(batch);
      await nextTurn();
    }
    statements = content.batched.statements();
  }
  const ingested = await intake.finish(statements);
  const answer = { status: 200, body: JSON.stringify(ingested) };
  await sql(
    em,
    `with counted as (
       update inbound_document set accepted = ?, duplicates = ?, unmatched = ?, rejected = ? where id = ?)
     insert into webhook_delivery (bank_code, webhook_id_sha256, received_at, status, answer)
     values (?, ?, ?, ?, ?)
     on conflict (bank_code, webhook_id_sha256) do update set status = excluded.status, answer = excluded.answer
       where webhook_delivery.status is null`,
    [
      ingested.accepted,
      ingested.duplicates,
      ingested.unmatched,
      ingested.rejected.length,
      documentId,
      doc.bankCode,
      deliveryKey(webhookId),
      receivedAt,
      answer.status,
      answer.body,
    ],
  );
  return { ingested, answer, payAlertsMarked: intake.payAlertsMarked };
}

/**
 * The claim waits for another in-flight claim of the same id (the primary key) and finds it taken
 * once that one commits. Every delivery is archived as received (a retry with a new webhook-id
 * too); one whose id was answered already is neither archived nor ingested again.
 */
async function claimAndArchive(
  em: EntityManager,
  received: ReceivedDocument & { webhookId: string },
  bankVersion: string,
): Promise<string> {
  const { doc, receivedAt, webhookId } = received;
  const id = randomUUID();
  const sha256 = (await updateInSlices(createHash('sha256'), doc.body)).digest('hex');
  // Bind parameters send the body as binary; em.execute would inline it as a hex literal. A large
  // body goes first into a large object, a slice at a time (archive-in-slices.ts); a retry's is
  // written for nothing and gone with its transaction.
  const largeObject = archivedInSlices(doc.body) ? await bodyAsLargeObject(em, doc.body) : null;
  const [row] = await sql<{ version: string | null; claimed: boolean }>(
    em,
    `with bank_now as (select ${BANK_VERSION_SQL} as version from bank b where b.code = ?),
     claim as (
       insert into webhook_delivery (bank_code, webhook_id_sha256, received_at)
       select ?, ?, ?::timestamptz where exists (select 1 from bank_now where version = ?)
       on conflict do nothing returning 1),
     archived as (
       insert into inbound_document (id, bank_code, content_type, charset, body, sha256, size, received_at,
                                     adapter, account_no_hint, webhook_id)
       select ?::uuid, ?, ?, ?, ${largeObject ? 'lo_get(?::oid)' : '?::bytea'}, ?, ?::int, ?::timestamptz, ?, ?, ? where exists (select 1 from claim)
       returning 1)
     select (select version from bank_now) as version, exists (select 1 from claim) as claimed`,
    [
      doc.bankCode,
      doc.bankCode,
      deliveryKey(webhookId),
      receivedAt,
      bankVersion,
      id,
      doc.bankCode,
      doc.contentType,
      doc.charset,
      largeObject ?? doc.body,
      sha256,
      doc.body.length,
      receivedAt,
      received.adapter,
      doc.accountNoHint?.trim() || null,
      webhookId,
    ],
  );
  if (largeObject) await unlinkBody(em, largeObject);
  if (row.version !== bankVersion) throw new BankProfileOutdated();
  if (!row.claimed) throw new AlreadyAnswered();
  return id;
}
