import type { BankProfileOptions, InboundDocument, StatementBalances } from '../../../adapters/bank-adapter';
import type { PreparedBatch } from '../prepared-batch';

/** What the batch reader's worker is given: the document (its body shared, not copied) and how to read it. */
export interface ReaderInput {
  adapter: string;
  doc: Omit<InboundDocument, 'body'> & { body: Uint8Array };
  options: BankProfileOptions;
  batchEntries: number;
  streamFromBytes?: number;
}

/** Worker → hub. Exactly one of checked/rejected/failed first; then batches, and done or a refusal. */
export type ReaderMessage =
  | { type: 'checked'; statements: StatementBalances[] }
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'done' }
  /** a DocumentRejected: the push answers 422 with this code and message */
  | { type: 'rejected'; code: string; message: string }
  /** anything else (a bug, the worker out of memory): the push fails and stores nothing */
  | { type: 'failed'; message: string };

/** Hub → worker: it may send `n` more batches (the hub stores one while the next is parsed). */
export interface MoreBatches {
  type: 'more';
  n: number;
}
