import type { FilterQuery } from '@mikro-orm/core';
import { DocumentRejected, type InboundDocument } from '../../adapters/bank-adapter';
import { UnsupportedDocument, selectAdapter } from '../../adapters/registry';
import { assertCityHrss } from '../auth/scope';
import { conflict, notFound } from '../domain/errors';
import { isUuid } from '../domain/uuid';
import { InboundDocumentRecord } from '../entities';
import type { ServiceContext } from './context';
import { nextTurn } from '../domain/hash-in-slices';
import { BATCH_ENTRIES, batchReaderFor } from './batch-reader';
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

/** A push's archive row and events are stored by push-intake.ts, in the push's transaction. */

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
    // A large statement is read again as the push read it: in batches, parsed in a worker thread
    // (the mutation's transaction stores nothing if a batch finds it broken).
    const batched = await batchReaderFor(adapter, doc, stored.bank.adapterOptions, {
      batchEntries: BATCH_ENTRIES,
    });
    if (!batched) {
      const parsed = adapter.parse(doc, stored.bank.adapterOptions);
      return await ingestForBank(ctx.em, doc.bankCode, parsed, now, stored.id);
    }
    try {
      await batched.check();
      const intake = await BankIntake.start(ctx.em, doc.bankCode, now, stored.id);
      for await (const batch of batched.batches()) {
        await intake.add(batch);
        await nextTurn();
      }
      return await intake.finish(batched.statements());
    } finally {
      await batched.close();
    }
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
