/**
 * A large document (a camt.053/054 of 1 MiB or more) parsed in a worker thread, the hub's thread
 * only storing the batches it is sent: parsing 100,000 entries on the hub's thread, even with a
 * pause every 3 ms, made a trivial query's p95 2–11× its value alone while the push ran.
 *
 * The worker runs the adapter's own parseInBatches, so events, rejections, statements and refusals
 * are the ones a reading on this thread gives. One worker per document, ended with it (close(), or
 * when the batches are read to the end or abandoned). A refusal is a DocumentRejected as before; a
 * worker that fails or dies (out of memory: its heap is capped) is a BatchReaderFailed — either way
 * the push's transaction, which stores the batches, keeps nothing, and no caller waits forever.
 */
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../typescript-worker';
import {
  DocumentRejected,
  type AdapterResult,
  type BankAdapter,
  type BankProfileOptions,
  type InboundDocument,
  type StatementBalances,
} from '../../../adapters/bank-adapter';
import type { MoreBatches, ReaderInput, ReaderMessage } from './messages';
import { sharedBody } from './shared-body';

const WORKER_SCRIPT = path.join(__dirname, 'worker.ts');

/**
 * The worker's heap by default: batches of 250 entries need some tens of MB; a document the
 * adapter reads whole instead (an unusual shape) needs more, and past this the worker dies, the
 * push refused, rather than the hub (a 145 MB document read whole took a hub to 3.8 GiB).
 */
export const WORKER_HEAP_MB = 512;

/**
 * Entries stored at a time; the hub serves other requests between batches. With the parsing in the
 * worker, a batch's turn on the hub's thread is its storing alone (the events' storage checks, the
 * statement, its bytes to PostgreSQL): at 100 entries the hub's event-loop delay p99 during a
 * 30,000-entry push was 36–61 ms in four runs, at 250 93–101 ms in two (load 6–9). On the hub's
 * thread, 2,000 entries made a trivial query's p95 3.8× its value alone.
 */
export const BATCH_ENTRIES = 100;

/** Batches the worker may have sent ahead: one being stored, one waiting, one being parsed. */
const AHEAD = 2;

/**
 * After each batch the push waits as long as the hub's thread was busy while it was stored, so
 * it takes at most about half the thread and other callers' steps find it free half the time.
 * Measured on a 30,000-entry push (load 4–6, two runs each): the trivial query's p95 13–14 ms
 * during the push with this pause, 14–22 ms without, the push itself no slower (17.7 s against
 * 14.5–21.0 s): the worker keeps parsing meanwhile, and a timer lets waiting I/O run first.
 */
function giveWay(busyMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, busyMs));
}

export class BatchReaderFailed extends Error {
  override name = 'BatchReaderFailed';
}

export interface BatchReader {
  /** resolves when the whole-document checks passed; rejects with the refusal otherwise */
  check(): Promise<void>;
  /** after check(): the balances the document states */
  statements(): StatementBalances[];
  /** after check(): the batches in document order; the worker ends when they end or are abandoned */
  batches(): AsyncGenerator<AdapterResult, void>;
  /** ends the worker (idempotent); a push calls it whatever happened */
  close(): Promise<void>;
}

/** A reader in a worker when the adapter reads this document in batches, else null. */
export async function batchReaderFor(
  adapter: BankAdapter,
  doc: InboundDocument,
  options: BankProfileOptions,
  batch: { batchEntries: number; streamFromBytes?: number },
  heapMb = WORKER_HEAP_MB,
): Promise<BatchReader | null> {
  // The adapter decides (its threshold, its options) without reading anything yet.
  if (!adapter.parseInBatches?.(doc, options, batch)) return null;
  const body = await sharedBody(doc.body);
  return new WorkerBatchReader({ adapter: adapter.name, doc: { ...doc, body }, options, ...batch }, heapMb);
}

class WorkerBatchReader implements BatchReader {
  private readonly worker: Worker;
  private readonly inbox: ReaderMessage[] = [];
  private waiting: ((m: ReaderMessage) => void) | null = null;
  private stated: StatementBalances[] | null = null;
  private closed = false;

  constructor(input: ReaderInput, heapMb: number) {
    this.worker = startTypeScriptWorker(WORKER_SCRIPT, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    this.worker.on('message', (m: ReaderMessage) => this.receive(m));
    this.worker.on('error', (err) => this.receive({ type: 'failed', message: err.message }));
    this.worker.on('exit', (code) => {
      if (!this.closed)
        this.receive({ type: 'failed', message: `the batch reader stopped (exit code ${code})` });
    });
  }

  async check(): Promise<void> {
    const m = await this.next();
    if (m.type !== 'checked') throw this.refusal(m);
    this.stated = m.statements;
  }

  statements(): StatementBalances[] {
    if (!this.stated) throw new Error('batch reader: check() first');
    return this.stated;
  }

  async *batches(): AsyncGenerator<AdapterResult, void> {
    try {
      this.ask(AHEAD);
      for (;;) {
        const m = await this.next();
        if (m.type === 'done') return;
        if (m.type !== 'batch') throw this.refusal(m);
        const storing = performance.eventLoopUtilization();
        yield m.batch;
        this.ask(1);
        await giveWay(performance.eventLoopUtilization(storing).active);
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  private ask(n: number): void {
    const more: MoreBatches = { type: 'more', n };
    this.worker.postMessage(more);
  }

  private receive(m: ReaderMessage): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(m);
    } else this.inbox.push(m);
  }

  private next(): Promise<ReaderMessage> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    if (this.closed) return Promise.resolve({ type: 'failed', message: 'the batch reader was closed' });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private refusal(m: ReaderMessage): Error {
    void this.close();
    if (m.type === 'rejected') return new DocumentRejected(m.message, m.code);
    return new BatchReaderFailed(
      m.type === 'failed' ? m.message : `the batch reader sent ${m.type} out of turn`,
    );
  }
}
