/**
 * What the hub's main thread and a large-push worker (./worker.ts) say to each other. Everything
 * crosses the thread by structured clone: plain data only, no errors, no functions; the body is a
 * view of shared memory (received there by src/http/push-body.ts), never copied.
 */
import type { BankProfileOptions, InboundDocument } from '../../../adapters/bank-adapter';
import type { PersonalDataKeys } from '../../personal-data/keys';
import type { DeliveryAnswer } from '../webhook-deliveries';

/** Given once, as the worker's workerData. */
export interface LargePushSettings {
  databaseUrl: string;
  /** ingestion hashes DEBITs' counterparty cards with the lookup key, as on the main thread */
  personalData: PersonalDataKeys;
}

/** One push, verified on the main thread, for the worker to read, store and answer. */
export interface LargePushInput {
  /** the document, its body shared */
  doc: Omit<InboundDocument, 'body'> & { body: Uint8Array };
  /** the adapter the main thread selected (BankAdapter.name) */
  adapter: string;
  options: BankProfileOptions;
  /** the `version` of the bank profile the push was verified and read with */
  bankVersion: string;
  webhookId: string;
  receivedAtMs: number;
  /** the hub's clock now (tests and rehearsals set it; src/clock.ts) */
  clockMs: number;
  batchEntries: number;
}

export type ToWorker = { type: 'push'; id: number; push: LargePushInput };

/** How a push ended in the worker; the main thread answers it as bank-push.ts always did. */
export type LargePushOutcome =
  | {
      kind: 'stored';
      answer: DeliveryAnswer;
      counts: { accepted: number; duplicates: number; rejected: number };
      /** the push left pay alerts to evaluate (pay-alerts/pending.ts): the main thread's follow-up is told */
      payAlertsMarked: boolean;
    }
  /** the webhook-id was answered already (AlreadyAnswered): nothing stored */
  | { kind: 'already-answered' }
  /** the bank changed since its profile was read (BankProfileOutdated): nothing stored */
  | { kind: 'profile-outdated' }
  /** a DocumentRejected, before any batch or half-way: nothing stored; answered 422 */
  | { kind: 'rejected'; code: string; message: string }
  /** a DomainError: answered 403 with its code */
  | { kind: 'domain'; code: string; message: string }
  /** anything else; the message is safe to log (src/log-safe-error.ts) */
  | { kind: 'failed'; message: string };

export type FromWorker =
  | { type: 'ready' }
  /** the worker could not start (its pool, its modules) */
  | { type: 'failed'; message: string }
  /** the whole-document checks passed; the push's transaction starts */
  | { type: 'checked'; id: number }
  /** one more batch stored in the push's transaction (tests and stats) */
  | { type: 'batch-stored'; id: number }
  | { type: 'done'; id: number; outcome: LargePushOutcome };
