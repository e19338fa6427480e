/**
 * The large-push workers, on the main thread's side. A push whose document the adapter reads in
 * batches (a camt.053/054 of 1 MiB or more) is handed whole to one of these threads once the main
 * thread has verified it (size, signature, clock, media type): the worker reads, checks and stores
 * it in a transaction of its own (./worker.ts) and sends back the answer and the counts.
 *
 * As the heavy lane's workers (src/graphql-worker/heavy-workers.ts): started with the first large
 * push, not at start-up (a worker loads the hub's ORM and opens a pool: seconds of CPU a hub that
 * never sees a large push never pays), heap capped, kept for the next push. At most `size` pushes
 * are stored at once, one a worker; more wait their turn (each holds nothing meanwhile: no
 * connection, no claim), at most LARGE_PUSH_MAX_WAIT_MS or until their bank goes away. A worker
 * that dies (out of memory, ended) fails its push with WorkerGone, never a hang; its connection
 * closed, PostgreSQL keeps nothing of the push. The next push starts another. After a worker
 * failed to start, large pushes are stored on the main thread as before (src/services/batch-reader)
 * for RESTART_AFTER_MS.
 */
import type { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { Logger } from 'pino';
import type { BankAdapter, BankProfileOptions, InboundDocument } from '../../../adapters/bank-adapter';
import { safeErrorMessage } from '../../log-safe-error';
import { startTypeScriptWorker } from '../../typescript-worker';
import { BATCH_ENTRIES } from '../batch-reader';
import type { FromWorker, LargePushInput, LargePushOutcome, LargePushSettings } from './protocol';

/**
 * Large pushes stored at once. Each worker's heap may reach some hundreds of MB on a 146 MB
 * document (its body is shared, not counted there): two keep the hub under 1 GB with room.
 */
export const LARGE_PUSH_WORKERS = 2;
/** A document that makes the adapter read it whole ends its worker (ERR_WORKER_OUT_OF_MEMORY), not the hub. */
const WORKER_HEAP_MB = 512;
/** After a worker failed to start, large pushes are stored on the main thread this long before a retry. */
export const RESTART_AFTER_MS = 10_000;

/**
 * How long a large push waits for a worker before it is answered 503 (its webhook-id unanswered,
 * so the bank's retry is taken): a waiting push holds its body, up to a bank's `maxBytes`, and the
 * bank's connection, and a bank's client gives up long before an unbounded wait would end.
 */
export const LARGE_PUSH_MAX_WAIT_MS = 30_000;

export class WorkerGone extends Error {
  override name = 'WorkerGone';
}

/** Every worker stayed busy for as long as a push may wait (or its bank went away meanwhile). */
export class LargePushBusy extends Error {
  override name = 'LargePushBusy';
}

interface Pending {
  onChecked(): void;
  resolve(outcome: LargePushOutcome): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  /** reserved for a push (starting or storing it) */
  taken: boolean;
  pending: Map<number, Pending>;
}

export class LargePushWorkers {
  private readonly slots: Slot[] = [];
  /** pushes waiting for a worker, first come first served */
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private closed = false;
  private notBefore = 0;
  private handedOff = 0;
  private batchesStored = 0;

  constructor(
    private readonly settings: LargePushSettings,
    private readonly size: number,
    private readonly log: Logger,
    private readonly heapMb = WORKER_HEAP_MB,
    readonly batchEntries = BATCH_ENTRIES,
    /** tests shorten it */
    public maxWaitMs = LARGE_PUSH_MAX_WAIT_MS,
  ) {}

  /** Whether this push goes to a worker: the adapter reads its document in batches, and workers start. */
  takes(adapter: BankAdapter, doc: InboundDocument, options: BankProfileOptions): boolean {
    if (this.closed || Date.now() < this.notBefore) return false;
    // the adapter decides (its threshold, its options) without reading anything yet
    return !!adapter.parseInBatches?.(doc, options, { batchEntries: this.batchEntries });
  }

  /**
   * Reads and stores the push in a worker; `onChecked` once its whole-document checks passed.
   * Rejects with WorkerGone when the worker died or could not start (nothing stored), and with
   * LargePushBusy when no worker was free within maxWaitMs or `signal` (the bank gone) ended the wait.
   */
  async store(push: LargePushInput, onChecked: () => void, signal?: AbortSignal): Promise<LargePushOutcome> {
    const slot = await this.acquire(Date.now() + this.maxWaitMs, signal);
    const id = this.nextId++;
    this.handedOff += 1;
    try {
      return await new Promise<LargePushOutcome>((resolve, reject) => {
        slot.pending.set(id, { onChecked, resolve, reject });
        slot.worker.postMessage({ type: 'push', id, push });
      });
    } finally {
      slot.pending.delete(id);
      this.release(slot);
    }
  }

  /** Workers running (or starting), pushes in them, pushes handed to a worker, and their batches stored. */
  stats(): { workers: number; running: number; handedOff: number; batchesStored: number } {
    return {
      workers: this.slots.length,
      running: this.slots.reduce((n, s) => n + s.pending.size, 0),
      handedOff: this.handedOff,
      batchesStored: this.batchesStored,
    };
  }

  /** Starts one worker if none runs, and resolves once all running are ready (benches, tests). */
  async started(): Promise<void> {
    if (!this.closed && this.slots.length === 0) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Ends every worker as a crash would: their pushes fail with WorkerGone (tests). */
  async endWorkers(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private async acquire(deadline: number, signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new WorkerGone('the hub is closing');
      if (signal?.aborted) throw new LargePushBusy('the bank went away while its push waited for a worker');
      const idle = this.slots.find((s) => !s.taken);
      if (idle || this.slots.length < this.size) {
        const slot = idle ?? this.spawn();
        slot.taken = true;
        try {
          await slot.ready;
        } catch (err) {
          this.release(slot);
          throw err;
        }
        return slot;
      }
      // woken when a worker is free or gone, or at the deadline; then looks again
      if (!(await this.waitForPlace(deadline, signal)))
        throw new LargePushBusy(`no large-push worker was free within ${this.maxWaitMs} ms`);
    }
  }

  /** true when woken by a freed place, false at the deadline or on the signal (out of the queue then) */
  private waitForPlace(deadline: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', gone);
        if (!woken) {
          const at = this.waiting.indexOf(wake);
          if (at >= 0) this.waiting.splice(at, 1);
        }
        resolve(woken);
      };
      const wake = () => done(true);
      const gone = () => done(false);
      const timer = setTimeout(gone, Math.max(0, deadline - Date.now()));
      signal?.addEventListener('abort', gone, { once: true });
      this.waiting.push(wake);
    });
  }

  private release(slot: Slot): void {
    slot.taken = false;
    this.waiting.shift()?.();
  }

  private spawn(): Slot {
    const worker = startTypeScriptWorker(path.join(__dirname, 'worker.ts'), {
      workerData: this.settings,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    const slot: Slot = { worker, ready: Promise.resolve(), isReady: false, taken: false, pending: new Map() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          slot.isReady = true;
          resolve();
        } else if (msg.type === 'failed') {
          this.log.error(
            { err: msg.message },
            'large-push worker did not start; large pushes are stored here',
          );
          this.notBefore = Date.now() + RESTART_AFTER_MS;
          reject(new WorkerGone(`the large-push worker did not start: ${msg.message}`));
          void worker.terminate();
        }
      });
      worker.once('exit', () => reject(new WorkerGone('the large-push worker stopped while starting')));
    });
    slot.ready.catch(() => undefined); // the push that waits for it is failed; logged above or at exit
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    // an uncaught error's message may quote a statement's values: logged as every hub error is
    worker.on('error', (err) => this.log.error({ err: safeErrorMessage(err) }, 'large-push worker failed'));
    worker.once('exit', (code) => this.onExit(slot, code));
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'checked') slot.pending.get(msg.id)?.onChecked();
    else if (msg.type === 'batch-stored') this.batchesStored += 1;
    else if (msg.type === 'done') slot.pending.get(msg.id)?.resolve(msg.outcome);
  }

  private onExit(slot: Slot, code: number): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    for (const p of [...slot.pending.values()])
      p.reject(new WorkerGone(`the large-push worker stopped (exit code ${code}) before its answer`));
    if (!this.closed && slot.isReady)
      this.log.warn({ code }, 'large-push worker stopped; the next large push starts another');
    // a place is free: a push waiting for a worker starts one
    if (!slot.taken) this.waiting.shift()?.();
  }
}
