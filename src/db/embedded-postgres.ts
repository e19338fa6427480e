// An embedded PostgreSQL for running the hub with no database server: PGlite (Postgres compiled
// to WASM) served over the Postgres wire protocol by pglite-socket, so `pg`, MikroORM and BullMQ's
// PostgreSQL backend connect to it with an ordinary postgres:// URL.
//
// It runs in a worker thread, for two reasons:
// - PGlite loads its WASM and Node built-ins with dynamic import(), which Jest's module sandbox
//   refuses ("A dynamic import callback was invoked without --experimental-vm-modules"); a worker
//   thread is loaded by Node itself, in or out of Jest.
// - PGlite executes every query synchronously; off the main thread a slow query does not stall
//   HTTP requests and BullMQ timers.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

type FromWorker = { type: 'ready'; port: number } | { type: 'stopped' } | { type: 'error'; message: string };

// Plain CommonJS, evaluated by the worker; module paths are resolved by the caller.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const { PGLiteSocketServer } = require(workerData.socketPath);
(async () => {
  // initdb on an empty folder, the existing cluster otherwise. Its only database and role are
  // both "postgres", which the URL names.
  const db = await PGlite.create({ dataDir: workerData.dataDir });
  const server = new PGLiteSocketServer({
    db,
    host: workerData.host,
    port: workerData.port,
    // Every client shares PGlite's one session, so a connection costs a socket, not a backend.
    // The default is 1, and a client over the limit gets a plain-text "Too many connections"
    // that pg reports as "Connection terminated unexpectedly". MikroORM's pool plus each BullMQ
    // Queue/Worker/QueueEvents (a small pool and a LISTEN connection each) need dozens.
    maxConnections: workerData.maxConnections,
  });
  await server.start();
  parentPort.on('message', async () => {
    try {
      await server.stop();
      await db.close(); // flushes and releases the data folder
      parentPort.postMessage({ type: 'stopped' });
    } catch (err) {
      parentPort.postMessage({ type: 'error', message: String(err && err.stack || err) });
    }
  });
  parentPort.postMessage({ type: 'ready', port: Number(server.getServerConn().split(':').pop()) });
})().catch((err) => parentPort.postMessage({ type: 'error', message: String(err && err.stack || err) }));
`;

function nextMessage(worker: Worker): Promise<FromWorker> {
  return new Promise((resolveMsg, reject) => {
    const onMessage = (msg: FromWorker) => done(() => resolveMsg(msg));
    const onError = (err: Error) => done(() => reject(err));
    const onExit = (code: number) =>
      done(() => reject(new Error(`embedded PostgreSQL exited (code ${code})`)));
    const done = (settle: () => void) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      settle();
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number; // 0 = pick a free one
  host?: string;
}): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const host = opts.host ?? '127.0.0.1';
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dataDir,
      host,
      port: opts.port ?? 0,
      maxConnections: 100,
      pglitePath: require.resolve('@electric-sql/pglite'),
      socketPath: require.resolve('@electric-sql/pglite-socket'),
    },
  });
  const ready = await nextMessage(worker).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });
  if (ready.type !== 'ready') {
    await worker.terminate();
    throw new Error(
      `embedded PostgreSQL in ${dataDir} did not start: ${ready.type === 'error' ? ready.message : ready.type}`,
    );
  }
  let exited = false;
  worker.once('exit', () => (exited = true));
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${host.includes(':') ? `[${host}]` : host}:${ready.port}/postgres`,
    stop() {
      stopping ??= (async () => {
        if (exited) return; // crashed earlier: nothing left to stop, and no reply would come
        const stopped = nextMessage(worker);
        worker.postMessage('stop');
        const msg = await stopped.finally(() => worker.terminate());
        if (msg.type === 'error') throw new Error(`embedded PostgreSQL did not stop cleanly: ${msg.message}`);
      })();
      return stopping;
    },
  };
}
