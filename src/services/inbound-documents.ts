import { createHash, randomUUID } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  DocumentRejected,
  type AdapterResult,
  type BatchedDocument,
  type InboundDocument,
} from '../../adapters/bank-adapter';
import { UnsupportedDocument, selectAdapter } from '../../adapters/registry';
import { assertCityHrss } from '../auth/scope';
import { sql } from '../db/sql';
import { conflict, notFound } from '../domain/errors';
import { isUuid } from '../domain/uuid';
import { InboundDocumentRecord } from '../entities';
import type { ServiceContext } from './context';
import { nextTurn, updateInSlices } from '../domain/hash-in-slices';
import { BankIntake, ingestForBank, type IngestResult } from './ingestion';
import { decodeInstantIdCursor, encodeCursor, pageSize, type Page } from './pagination';

/** A push as the route received it, once its adapter has read it. */
export interface ReceivedDocument {
  doc: InboundDocument;
  /** the `BankAdapter.name` that read it */
  adapter: string;
  receivedAt: Date;
  webhookId: string | null;
}

const ACCOUNT_NO = /^[0-9A-Za-z-]{4,64}$/;

/** `?accountNo=` of a push becomes the events' account: refused (422) unless it could be one. */
export function checkAccountNoHint(doc: InboundDocument): void {
  const hint = doc.accountNoHint?.trim();
  if (hint && !ACCOUNT_NO.test(hint)) {
    throw new DocumentRejected(
      'accountNo (query): 4–64 characters from 0-9, A-Z and "-"',
      'INVALID_ACCOUNT_NO',
    );
  }
}

/**
 * Keeps the pushed document as received and stores its events linked to it (as ingestForBank
 * does, the bank already found by the push route), in the caller's transaction: if the events
 * cannot be stored, the document is not kept either. Refused pushes
 * never get here. Every delivery is kept, a retry with a new webhook-id too: the archive is what
 * arrived; a retry with a webhook-id already answered gets that answer and is not kept again.
 */
export async function ingestInboundDocument(
  em: EntityManager,
  received: ReceivedDocument,
  parsed: AdapterResult,
): Promise<IngestResult> {
  const id = await archive(em, received);
  const intake = await BankIntake.start(em, received.doc.bankCode, received.receivedAt, id, {
    bankFound: true,
  });
  await intake.add(parsed);
  const result = await intake.finish(parsed.statements);
  await countsOnArchive(em, id, result);
  return result;
}

/**
 * ingestInboundDocument for a document read in batches (a large statement): the same archive row
 * and the same events, stored a batch at a time in the caller's transaction, letting other callers'
 * work run between batches. A document refused half-way (`DocumentRejected` from a batch) throws
 * out of the transaction, which then stores nothing.
 */
export async function ingestInboundBatches(
  em: EntityManager,
  received: ReceivedDocument,
  batched: BatchedDocument,
): Promise<IngestResult> {
  const id = await archive(em, received);
  const intake = await BankIntake.start(em, received.doc.bankCode, received.receivedAt, id, {
    bankFound: true,
  });
  for (const batch of batched.batches()) {
    if (batch) await intake.add(batch);
    await nextTurn();
  }
  const result = await intake.finish(batched.statements());
  await countsOnArchive(em, id, result);
  return result;
}

async function archive(em: EntityManager, received: ReceivedDocument): Promise<string> {
  const { doc, receivedAt } = received;
  const id = randomUUID();
  // Bind parameters send the bytes as binary; em.execute would inline them as a hex literal.
  await sql(
    em,
    `insert into inbound_document (id, bank_code, content_type, charset, body, sha256, size, received_at,
       adapter, account_no_hint, webhook_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      doc.bankCode,
      doc.contentType,
      doc.charset,
      doc.body,
      (await updateInSlices(createHash('sha256'), doc.body)).digest('hex'),
      doc.body.length,
      receivedAt,
      received.adapter,
      doc.accountNoHint?.trim() || null,
      received.webhookId,
    ],
  );
  return id;
}

async function countsOnArchive(em: EntityManager, id: string, result: IngestResult): Promise<void> {
  await sql(
    em,
    `update inbound_document set accepted = ?, duplicates = ?, unmatched = ?, rejected = ? where id = ?`,
    [result.accepted, result.duplicates, result.unmatched, result.rejected.length, id],
  );
}

/**
 * Reads a stored document again through the adapter the registry picks for it now and the bank's
 * current options, and ingests the result linked to the same document. Meant for after an adapter
 * fix: events already stored are duplicates (never changed: facts stay as first stored), events
 * the earlier reading missed are added. The document's own counts stay those of its intake.
 */
export async function replayInboundDocument(
  ctx: ServiceContext,
  id: string,
  now: Date,
): Promise<IngestResult> {
  assertCityHrss(ctx.caller, 'replay archived bank documents');
  const stored = isUuid(id)
    ? await ctx.em.findOne(InboundDocumentRecord, { id }, { populate: ['bank', 'body'] })
    : null;
  if (!stored) throw notFound(`inbound document ${id}`);
  const doc: InboundDocument = {
    bankCode: stored.bank.code,
    contentType: stored.contentType,
    charset: stored.charset,
    body: stored.body,
    accountNoHint: stored.accountNoHint,
  };
  const refusedNow = (err: unknown): unknown => {
    if (err instanceof DocumentRejected) {
      return conflict(`document ${id} is refused as it reads now: ${err.code}: ${err.message}`, 'id');
    }
    if (err instanceof UnsupportedDocument) return conflict(`document ${id}: ${err.message}`, 'id');
    return err;
  };
  try {
    const adapter = selectAdapter(doc);
    // A large statement is read again as the push read it: in batches (the mutation's transaction
    // stores nothing if a batch finds it broken).
    const batched = adapter.parseInBatches?.(doc, stored.bank.adapterOptions, { batchEntries: 250 });
    if (!batched) {
      const parsed = adapter.parse(doc, stored.bank.adapterOptions);
      return await ingestForBank(ctx.em, doc.bankCode, parsed, now, stored.id);
    }
    const checks = batched.check();
    while (!checks.next().done) await nextTurn();
    const intake = await BankIntake.start(ctx.em, doc.bankCode, now, stored.id);
    for (const batch of batched.batches()) {
      if (batch) await intake.add(batch);
      await nextTurn();
    }
    return await intake.finish(batched.statements());
  } catch (err) {
    throw refusedNow(err);
  }
}

/** The archive for operators (city HRSS), newest first; metadata only, never the bytes. */
export async function listInboundDocuments(
  ctx: ServiceContext,
  bankCode: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<InboundDocumentRecord>> {
  assertCityHrss(ctx.caller, 'see archived bank documents');
  const limit = pageSize(first);
  const where: FilterQuery<InboundDocumentRecord> = bankCode ? { bank: { code: bankCode } } : {};
  const key = decodeInstantIdCursor(after);
  const keyset: FilterQuery<InboundDocumentRecord> = key
    ? { $or: [{ receivedAt: { $lt: key[0] } }, { receivedAt: key[0], id: { $lt: key[1] } }] }
    : {};
  const nodes = await ctx.em.find(
    InboundDocumentRecord,
    { $and: [where, keyset] },
    { orderBy: { receivedAt: 'desc', id: 'desc' }, limit: limit + 1 },
  );
  return {
    nodes: nodes.slice(0, limit),
    cursorOf: (d) => encodeCursor([d.receivedAt.toISOString(), d.id]),
    totalCount: await ctx.em.count(InboundDocumentRecord, where),
    hasNextPage: nodes.length > limit,
  };
}
