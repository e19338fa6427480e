/**
 * HTTP_PROCESSES > 1: this process starts the embedded database (when DATABASE_URL is unset) and
 * N serving processes (node:cluster), which share the one port and each run a whole hub: HTTP,
 * GraphQL, pushes. One request thread was the hub's ceiling (issue #9: a page of 50 costs 2.5–6 ms
 * of it); more processes use more cores. What they share lives where all of them see it: the data
 * and the jobs in PostgreSQL/Redis, the rate-limit counts in Redis or PostgreSQL, trusted documents
 * reloaded from the table. Only the first runs the jobs, so a schedule is not asserted N times;
 * it starts alone, and the others once it listens (its migrations in, its database created).
 *
 * This process serves nothing itself: it restarts a serving process that dies, sums the metrics
 * (cluster-metrics.ts), and on a signal stops the serving processes, then the database.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { now as clockNow } from '../clock';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres';
import { sumMetricsOnRequest } from './cluster-metrics';
import { isReadyMessage, STOP_MESSAGE, type ListeningSummary } from './messages';

/** A serving process that keeps dying is restarted after 1, 2, 4 … s, at most this. */
const MAX_RESTART_DELAY_MS = 30_000;

export interface PrimaryOptions {
  config: Config;
  log: Logger;
  /** how long the serving processes may take to stop before they are killed */
  shutdownLimitMs: number;
  /** called once every serving process listens, with the first one's summary */
  onListening(summary: ListeningSummary, databaseMode: 'embedded' | 'external'): void;
}

export interface Primary {
  stop(): Promise<void>;
  /** the serving processes now, by index */
  workers(): Worker[];
}

export async function startPrimary(opts: PrimaryOptions): Promise<Primary> {
  const { config, log } = opts;
  let embedded: EmbeddedPostgres | null = null;
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const serving = new Map<number, Worker>();
  const ready = new Set<number>();
  const failures = new Map<number, number>();
  let stopping = false;
  let allListening = false;
  let failStart: (err: Error) => void = () => undefined;
  let listening: () => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    listening = resolve;
    failStart = reject;
  });

  const fork = (index: number) => {
    const worker = cluster.fork({
      DATABASE_URL: databaseUrl,
      // the jobs in the first process only; its replacement takes them over
      RUN_JOBS: index === 0 && config.runJobs ? 'true' : 'false',
      HTTP_PROCESS_INDEX: String(index),
      // a rehearsal's clock: each process starts where this one's clock is now
      ...(config.clockAt ? { HUB_CLOCK_AT: clockNow().toISOString() } : {}),
    });
    serving.set(index, worker);
    sumMetricsOnRequest(worker, () => [...ready].map((i) => serving.get(i)!).filter(Boolean));
    worker.on('message', (m: unknown) => {
      if (!isReadyMessage(m)) return;
      ready.add(index);
      failures.delete(index);
      log.info({ process: index, pid: worker.process.pid }, 'serving process is listening');
      // the first is up (its migrations in, its database created): the others start together
      if (index === 0 && !allListening) for (let i = 1; i < config.httpProcesses; i++) fork(i);
      if (!allListening && ready.size === config.httpProcesses) {
        allListening = true;
        opts.onListening(m.summary, embedded ? 'embedded' : 'external');
        listening();
      }
    });
    worker.once('exit', (code, signal) => {
      ready.delete(index);
      if (serving.get(index) === worker) serving.delete(index);
      if (stopping) return;
      if (!allListening) {
        failStart(
          new Error(`serving process ${index} exited while starting (code ${code}, signal ${signal})`),
        );
        return;
      }
      const n = (failures.get(index) ?? 0) + 1;
      failures.set(index, n);
      const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (n - 1));
      log.error(
        { process: index, code, signal, restartInMs: delay },
        'serving process exited: restarting it',
      );
      setTimeout(() => {
        if (!stopping) fork(index);
      }, delay).unref();
    });
  };

  const stop = async () => {
    stopping = true;
    const left = [...serving.values()];
    await Promise.all(left.map((w) => stopWorker(w, opts.shutdownLimitMs)));
    await embedded?.stop();
  };

  // One first: N processes on a database that does not exist yet would race to create it, and all
  // would queue on the migration lock
  fork(0);
  try {
    await started;
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop, workers: () => [...serving.values()] };
}

/** Asks a serving process to shut down as the hub does on SIGTERM; kills it past the limit. */
function stopWorker(worker: Worker, limitMs: number): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), limitMs);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      worker.send(STOP_MESSAGE);
    } catch {
      worker.process.kill('SIGTERM');
    }
  });
}
