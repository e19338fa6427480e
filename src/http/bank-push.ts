import { pushPrecheck } from './push-precheck';
import { pushBody } from './push-body';
import express, { type Request, type Response, type Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { DocumentRejected, type AdapterResult, type InboundDocument } from '../../adapters/bank-adapter';
import { UnsupportedDocument, selectAdapter } from '../../adapters/registry';
import { DomainError } from '../domain/errors';
import { checkAccountNoHint } from '../services/inbound-documents';
import { BATCH_ENTRIES, batchReaderFor, type BatchReader } from '../services/batch-reader';
import { SignatureRefused, verifySignature, verifySignatureInSlices } from './webhook-signature';
import { now as clockNow } from '../clock';
import { acceptedWebhookSecrets } from '../services/bank-webhook-secret';
import { BankProfiles, type BankProfile } from '../services/bank-profiles';
import { BankProfileOutdated, ingestPush } from '../services/push-intake';
import { fastPushable, isFullPathSignal, storeFastPush } from '../services/push-fast';
import { safeError } from '../log-safe-error';
import type { LargePushWorkers } from '../services/large-push/workers';
import { storeLargePush } from './large-push';
import {
  AlreadyAnswered,
  firstAnswer,
  saveAnswer,
  type DeliveryAnswer,
} from '../services/webhook-deliveries';

/**
 * `POST /banks/{bankCode}/events`: a bank's signed push. The order of checks is the contract's:
 * size (413), signature and clock (401), media type (415), document (422); each refusal stores
 * nothing. Valid events of a readable document are stored in one transaction. A delivery whose
 * `webhook-id` this bank already sent is answered as the first one was (webhook-deliveries.ts).
 */
/** A body larger than this is hashed in slices (signature check, archive digest). */
const LARGE_BODY_BYTES = 1024 * 1024;

/** What a stored push counted, for the intake metrics (signed pushes only: banks are a fixed set). */
export type OnPushIngested = (
  bankCode: string,
  adapter: string,
  counts: { accepted: number; duplicates: number; rejected: number },
  /** one_statement: push-fast.ts; transaction: the full path */
  path: 'one_statement' | 'transaction',
) => void;

/** Told after a push's commit that it left pay alerts to evaluate (pay-alerts/pending.ts). */
export interface PayAlertsAfterPush {
  poke(): void;
}

export interface PushRouteOptions {
  onIngested?: OnPushIngested;
  maxInFlightPerBank?: number;
  payAlerts?: PayAlertsAfterPush;
  /** a small plain push in one statement (push-fast.ts); default on */
  fastPath?: boolean;
  /** where a large document is read and stored (none: on this thread, its batches read in a worker) */
  largePushes?: LargePushWorkers;
}

type AfterParse = Omit<PushRouteOptions, 'maxInFlightPerBank' | 'largePushes'>;

export function bankPushRouter(orm: MikroORM, maxBytes: number, opts: PushRouteOptions = {}): Router {
  const { maxInFlightPerBank = 4, largePushes, ...after } = opts;
  const router = express.Router();
  const profiles = new BankProfiles(orm);
  router.post(
    '/banks/:bankCode/events',
    pushPrecheck(profiles, maxInFlightPerBank),
    pushBody(maxBytes),
    (_req, res, next) => ((res.locals.largePushes = largePushes), next()),
    async (req, res, next) => {
      try {
        await handlePush(orm, profiles, req, res, after);
      } catch (err) {
        next(err);
      }
    },
  );
  return router;
}

/** An outdated bank profile is read again and the push taken again, this many times at most. */
const PROFILE_ATTEMPTS = 3;

async function handlePush(
  orm: MikroORM,
  profiles: BankProfiles,
  req: Request,
  res: Response,
  after: AfterParse,
  attempt = 1,
): Promise<void> {
  const { onIngested, payAlerts, fastPath = true } = after;
  const em = orm.em.fork();
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  // found by the precheck, which refused the push before its body was read otherwise
  const found = res.locals.bank as { profile: BankProfile; fromCache: boolean } | undefined;
  let bank: BankProfile | null = found?.profile ?? null;
  try {
    // An unknown bank is refused like a bad signature, so the route does not list banks.
    if (!bank) throw new SignatureRefused('webhook-signature does not match');
    try {
      await verify(req, bank, body);
    } catch (err) {
      // A kept profile may predate a rotation: the refusal is decided on the bank as it is now.
      if (!(err instanceof SignatureRefused) || !found?.fromCache) throw err;
      bank = await profiles.read(bank.code);
      if (!bank) throw err;
      await verify(req, bank, body);
    }
  } catch (err) {
    if (err instanceof SignatureRefused)
      return void res.status(401).json({ error: err.message, code: 'UNAUTHENTICATED' });
    throw err;
  }
  // verified above: present, and signed with the body
  const webhookId = req.header('webhook-id')!;
  // A retry of a large document is answered before it is read again. A small one is read again
  // (cheaper than this look-up, which every push would pay) and answered from its first answer
  // when the claim below, or the refusal's save, finds the webhook-id taken.
  if (body.length > LARGE_BODY_BYTES) {
    const earlier = await firstAnswer(em, bank!.code, webhookId);
    if (earlier) return void sendAnswer(res, earlier);
  }
  const receivedAt = clockNow();
  const takeAgain = async (read?: BankProfile | null): Promise<void> => {
    const fresh = read !== undefined ? read : await profiles.read(bank!.code);
    res.locals.bank = fresh ? { profile: fresh, fromCache: false } : undefined;
    return handlePush(orm, profiles, req, res, after, attempt + 1);
  };
  const refuse = async (status: number, answer: { error: string; code: string }) => {
    // A refusal may come of a kept profile's outdated adapter options (a CSV layout registered since).
    if (found?.fromCache && attempt < PROFILE_ATTEMPTS) {
      const current = await profiles.read(bank!.code);
      if (current?.version !== bank!.version) return takeAgain(current);
    }
    const delivery = { status, body: JSON.stringify(answer) };
    // a no-op when this webhook-id was answered already: that answer is the one sent
    await saveAnswer(em, bank!.code, webhookId, receivedAt, delivery);
    sendAnswer(res, (await firstAnswer(em, bank!.code, webhookId)) ?? delivery);
  };
  const doc = inboundDocument(bank!.code, req, body);
  let parsed: AdapterResult | null = null;
  let batched: BatchReader | null = null;
  let adapter;
  try {
    adapter = selectAdapter(doc);
    checkAccountNoHint(doc);
    // a large statement is read and stored by a worker (large-push.ts); a refusal is answered below
    const lanes = res.locals.largePushes as LargePushWorkers | undefined;
    if (lanes?.takes(adapter, doc, bank!.adapterOptions)) {
      const again = attempt < PROFILE_ATTEMPTS ? () => takeAgain() : undefined;
      const push = {
        em,
        bank: bank!,
        doc,
        adapter: adapter.name,
        webhookId,
        receivedAt,
        onIngested,
        payAlerts,
      };
      return await storeLargePush(lanes, req, res, { ...push, takeAgain: again });
    }
    // a large statement is parsed in a worker thread; this one only stores its batches
    batched = await batchReaderFor(adapter, doc, bank!.adapterOptions, { batchEntries: BATCH_ENTRIES });
    if (batched) await batched.check();
    else parsed = adapter.parse(doc, bank!.adapterOptions);
  } catch (err) {
    await batched?.close();
    if (err instanceof UnsupportedDocument)
      return refuse(415, { error: err.message, code: 'UNSUPPORTED_MEDIA_TYPE' });
    if (err instanceof DocumentRejected) return refuse(422, { error: err.message, code: err.code });
    throw err;
  }
  req.log?.info(
    {
      bank: bank!.code,
      adapter: adapter.name,
      ...(parsed
        ? { events: parsed.events.length, rejected: parsed.rejected.length }
        : { inBatchesOf: BATCH_ENTRIES }),
    },
    'bank push parsed',
  );
  const received = { doc, adapter: adapter.name, receivedAt, webhookId };
  // A small plain push in one statement; what it cannot take is taken below, the full way.
  const fast = fastPath && parsed ? fastPushable(parsed, body, receivedAt) : null;
  const done = fast
    ? await storeFastPush(orm, received, fast, bank!.version).catch((err) => {
        // WW001 is the statement's "take the full path" (it stored nothing); another error stored
        // nothing either, and the full path then answers or fails as it would have
        if (!isFullPathSignal(err))
          req.log?.warn({ err: safeError(err) }, 'one-statement push failed; taking the full path');
        return null;
      })
    : null;
  if (fast && done) {
    // before the answer: a caller that has it finds the follow-up already due
    if (done.payAlertsMarked) payAlerts?.poke();
    const counts = { accepted: done.accepted, duplicates: 0, rejected: fast.rejected.length };
    onIngested?.(bank!.code, adapter.name, counts, 'one_statement');
    return void sendAnswer(res, done.answer);
  }
  try {
    const content = batched ? { batched } : { parsed: parsed! };
    // A retry racing its first delivery: the claim waits for it, then finds the id taken.
    // the worker ends with the push's transaction, however it ended
    const delivery = await em
      .transactional((tx) => ingestPush(tx as typeof em, received, content, bank!.version))
      .finally(() => batched?.close());
    // before the answer: a caller that has it finds the follow-up already due
    if (delivery.payAlertsMarked) payAlerts?.poke();
    onIngested?.(
      bank!.code,
      adapter.name,
      {
        accepted: delivery.ingested.accepted,
        duplicates: delivery.ingested.duplicates,
        rejected: delivery.ingested.rejected.length,
      },
      'transaction',
    );
    sendAnswer(res, delivery.answer);
  } catch (err) {
    // the bank changed since its profile was read (secret, adapter options): read and take it again
    if (err instanceof BankProfileOutdated && attempt < PROFILE_ATTEMPTS) return takeAgain();
    if (err instanceof AlreadyAnswered) {
      const first = await firstAnswer(em, bank!.code, webhookId);
      if (first) return void sendAnswer(res, first);
    }
    // A batched document refused half-way: its transaction stored nothing; answered as parse() would.
    if (err instanceof DocumentRejected) return refuse(422, { error: err.message, code: err.code });
    if (err instanceof DomainError) return void res.status(403).json({ error: err.message, code: err.code });
    throw err;
  }
}

/** Signature and clock against the bank's accepted secrets; throws SignatureRefused. */
async function verify(req: Request, bank: BankProfile, body: Buffer): Promise<void> {
  const signed = {
    id: req.header('webhook-id'),
    timestamp: req.header('webhook-timestamp'),
    signature: req.header('webhook-signature'),
  };
  const secrets = acceptedWebhookSecrets(bank, clockNow());
  // A large body is hashed a slice at a time, so other callers are served meanwhile.
  const matched =
    body.length > LARGE_BODY_BYTES
      ? await verifySignatureInSlices(secrets, signed, body, clockNow())
      : verifySignature(secrets, signed, body, clockNow());
  // Tells the operator the bank has not switched yet, before the overlap ends (never the secret).
  if (matched > 0) {
    req.log?.info(
      { bank: bank.code, previousSecretAcceptedUntil: bank.previousWebhookSecretUntil?.toISOString() },
      'bank push signed with the previous webhook secret',
    );
  }
}

function sendAnswer(res: Response, answer: DeliveryAnswer): void {
  res.status(answer.status).type('application/json').send(answer.body);
}

function inboundDocument(bankCode: string, req: Request, body: Buffer): InboundDocument {
  const header = req.header('content-type') ?? '';
  const [mediaType, ...params] = header.split(';');
  const charset = params.map((p) => p.trim().match(/^charset="?([^"]+)"?$/i)?.[1]).find(Boolean) ?? null;
  const accountNoHint = typeof req.query.accountNo === 'string' ? req.query.accountNo : null;
  return {
    bankCode,
    contentType: mediaType.trim().toLowerCase(),
    charset: charset?.toLowerCase() ?? null,
    body,
    accountNoHint,
  };
}
