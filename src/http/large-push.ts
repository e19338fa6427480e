/**
 * The push route's hand-off of a large document (src/services/large-push): once bank-push.ts has
 * verified the push and selected its adapter, a worker reads and stores it; this thread only waits
 * for its answer, and answers as bank-push.ts answers a push it stored itself — the same statuses,
 * bodies, log lines and metrics. A document refused (422) is thrown back as the DocumentRejected
 * bank-push.ts answers and saves as every refusal.
 */
import type { Request, Response } from 'express';
import { DocumentRejected, type InboundDocument } from '../../adapters/bank-adapter';
import { sharedBody } from '../services/batch-reader/shared-body';
import type { BankProfile } from '../services/bank-profiles';
import { LargePushBusy, type LargePushWorkers } from '../services/large-push/workers';
import type { LargePushOutcome } from '../services/large-push/protocol';
import { firstAnswer, type DeliveryAnswer } from '../services/webhook-deliveries';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OnPushIngested, PayAlertsAfterPush } from './bank-push';
import { nowMs } from '../clock';

/** What a large push refused for want of a free worker is told to wait before its retry. */
const BUSY_RETRY_AFTER_S = 10;

export interface LargePush {
  em: EntityManager;
  bank: BankProfile;
  doc: InboundDocument;
  adapter: string;
  webhookId: string;
  receivedAt: Date;
  onIngested?: OnPushIngested;
  payAlerts?: PayAlertsAfterPush;
  /** the bank changed since its profile was read: read it and take the push again (undefined: no more attempts) */
  takeAgain?: () => Promise<void>;
}

export async function storeLargePush(
  lanes: LargePushWorkers,
  req: Request,
  res: Response,
  push: LargePush,
): Promise<void> {
  const { bank, doc, adapter, webhookId, em } = push;
  // the bank gone while its push waits for a worker: it leaves the queue (its retry is taken)
  const gone = new AbortController();
  const onClose = () => {
    if (!res.writableEnded) gone.abort();
  };
  res.once('close', onClose);
  let outcome: LargePushOutcome;
  // A worker that dies rejects with WorkerGone: nothing was stored (its transaction died with it),
  // the webhook-id is not answered, so the bank's retry is taken; answered 500, as when the batch
  // reader's worker died.
  try {
    outcome = await lanes.store(
      {
        // the route's large bodies are in shared memory already; another is copied there once
        doc: { ...doc, body: await sharedBody(doc.body) },
        adapter,
        options: bank.adapterOptions,
        bankVersion: bank.version,
        webhookId,
        receivedAtMs: push.receivedAt.getTime(),
        clockMs: nowMs(),
        batchEntries: lanes.batchEntries,
      },
      () => req.log?.info({ bank: bank.code, adapter, inBatchesOf: lanes.batchEntries }, 'bank push parsed'),
      gone.signal,
    );
  } catch (err) {
    if (!(err instanceof LargePushBusy)) throw err;
    // Not saved as the webhook-id's answer: the same delivery later is taken.
    res.setHeader('retry-after', String(BUSY_RETRY_AFTER_S));
    return void res.status(503).json({
      error: `the hub is storing other large statements; retry in ${BUSY_RETRY_AFTER_S} s`,
      code: 'OVERLOADED',
    });
  } finally {
    res.off('close', onClose);
  }
  switch (outcome.kind) {
    case 'stored':
      // before the answer, as bank-push.ts does: a caller that has it finds the follow-up already due
      if (outcome.payAlertsMarked) push.payAlerts?.poke();
      push.onIngested?.(bank.code, adapter, outcome.counts, 'transaction');
      return sendAnswer(res, outcome.answer);
    case 'profile-outdated':
      if (push.takeAgain) return push.takeAgain();
      throw new Error('the bank profile changed while the push was taken, too many times');
    case 'already-answered': {
      const first = await firstAnswer(em, bank.code, webhookId);
      if (first) return sendAnswer(res, first);
      throw new Error('the push was answered already, yet its answer is not stored');
    }
    case 'rejected':
      throw new DocumentRejected(outcome.message, outcome.code);
    case 'domain':
      return void res.status(403).json({ error: outcome.message, code: outcome.code });
    case 'failed':
      throw new Error(outcome.message);
  }
}

function sendAnswer(res: Response, answer: DeliveryAnswer): void {
  res.status(answer.status).type('application/json').send(answer.body);
}
