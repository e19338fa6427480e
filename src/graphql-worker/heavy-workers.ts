/**
 * The heavy lane's worker threads, on the main thread's side: GRAPHQL_MAX_HEAVY_IN_FLIGHT of them
 * (the lane lets no more heavy operations run at once). They start with the first heavy operation,
 * in the background: a worker loads the whole hub and opens a pool of its own (about 4 s of CPU at
 * load 7, tens of MB), which a hub that never sees a heavy document never pays, and which no
 * request waits for. Until a worker is ready, a heavy operation runs on the main thread, as it did
 * before the workers.
 *
 * A request is handed to the least busy ready worker. Its stop (budget spent, client gone) is
 * passed on, and the worker cancels its SQL; a worker that has not answered STOP_GRACE_MS after the
 * stop is ended. A worker that dies (or is ended) fails its requests with WorkerGone, never a hang,
 * and the next heavy operation starts another (not sooner than RESTART_AFTER_MS after a failed start).
 */
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../typescript-worker';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { safeErrorMessage } from '../log-safe-error';
import type { FromWorker, StopCode, ToWorker, WorkerAnswer, WorkerSettings } from './protocol';

export type HeavyRequest = Omit<Extract<ToWorker, { type: 'run' }>, 'type' | 'id'>;

/** How long a stopped request's worker may take to answer before it is ended. */
export const STOP_GRACE_MS = 5000;
/** After a worker failed to start, heavy operations run on the main thread this long before a retry. */
export const RESTART_AFTER_MS = 10_000;
/** A runaway document ends its worker (ERR_WORKER_OUT_OF_MEMORY), not the hub. */
const WORKER_HEAP_MB = 512;

export class WorkerGone extends Error {}

interface Pending {
  resolve(answer: WorkerAnswer): void;
  reject(err: Error): void;
  onTimeOut(): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  pending: Map<number, Pending>;
}

export class HeavyWorkers {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  /** no new worker before this (after one failed to start) */
  private notBefore = 0;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly size: number,
    private readonly log: Logger,
  ) {}

  /**
   * The worker's answer; null when no worker is ready yet, or the request was stopped before one
   * took it: the caller then runs it where it is (where a stopped one ends at its first field).
   */
  async run(request: HeavyRequest, signal: AbortSignal | undefined, onTimeOut: () => void) {
    const slot = this.pickReady();
    if (!slot || signal?.aborted) return null;
    const id = this.nextId++;
    return new Promise<WorkerAnswer>((resolve, reject) => {
      let grace: NodeJS.Timeout | undefined;
      const onAbort = () => {
        const code = (signal!.reason as { extensions?: { code?: StopCode } } | undefined)?.extensions?.code;
        this.send(slot, { type: 'stop', id, code: code ?? 'CLIENT_CLOSED_REQUEST' });
        grace = setTimeout(() => void slot.worker.terminate(), STOP_GRACE_MS);
        grace.unref();
      };
      const done = () => {
        slot.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(grace);
      };
      slot.pending.set(id, {
        resolve: (answer) => (done(), resolve(answer)),
        reject: (err) => (done(), reject(err)),
        onTimeOut,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send(slot, { type: 'run', id, ...request });
    });
  }

  /** Workers running (or starting), and the requests they hold. */
  stats(): { workers: number; running: number } {
    return { workers: this.slots.length, running: this.slots.reduce((n, s) => n + s.pending.size, 0) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  /** Starts every worker not yet running, and resolves once all are ready (benches, tests). */
  async started(): Promise<void> {
    this.startMissing();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  private pickReady(): Slot | null {
    this.startMissing();
    let best: Slot | null = null;
    for (const s of this.slots) if (s.isReady && (!best || s.pending.size < best.pending.size)) best = s;
    return best;
  }

  private startMissing(): void {
    if (this.closed || Date.now() < this.notBefore) return;
    while (this.slots.length < this.size) this.spawn();
  }

  private send(slot: Slot, msg: ToWorker): void {
    slot.worker.postMessage(msg);
  }

  private spawn(): Slot {
    const worker = startTypeScriptWorker(path.join(__dirname, 'worker.ts'), {
      workerData: this.settings,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const slot: Slot = { worker, pending: new Map(), ready: Promise.resolve(), isReady: false };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onBoot = (msg: FromWorker) => {
        if (msg.type === 'ready') {
          slot.isReady = true;
          resolve();
        }
        if (msg.type !== 'failed') return;
        this.log.error({ err: msg.message }, 'heavy-lane worker did not start; heavy operations run here');
        reject(new WorkerGone(`the heavy-lane worker did not start: ${msg.message}`));
        void worker.terminate();
      };
      worker.on('message', onBoot);
      worker.once('exit', () => reject(new WorkerGone('the heavy-lane worker stopped while starting')));
    });
    slot.ready.catch(() => undefined); // logged; until another starts, heavy operations run here
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    // an uncaught error's message may quote a statement's values: logged as every hub error is
    worker.on('error', (err) => this.log.error({ err: safeErrorMessage(err) }, 'heavy-lane worker failed'));
    worker.once('exit', (code) => this.onExit(slot, code));
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'answer') slot.pending.get(msg.id)?.resolve(msg);
    else if (msg.type === 'time-out') slot.pending.get(msg.id)?.onTimeOut();
    else if (msg.type === 'log') writeLine(this.log, msg.line);
  }

  private onExit(slot: Slot, code: number): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    if (!slot.isReady) this.notBefore = Date.now() + RESTART_AFTER_MS;
    for (const p of [...slot.pending.values()])
      p.reject(new WorkerGone(`the heavy-lane worker stopped (exit code ${code}) before its answer`));
    if (!this.closed && slot.isReady)
      this.log.warn({ code }, 'heavy-lane worker stopped; the next heavy operation starts another');
  }
}

/** A worker's pino line goes to the hub's own destination as it is (same format, same redaction). */
function writeLine(log: Logger, line: string): void {
  const stream = (log as unknown as Record<symbol, { write(s: string): void } | undefined>)[
    pino.symbols.streamSym
  ];
  if (stream) stream.write(line);
}
