import { stopTracing } from './tracing/bootstrap'; // first: it must patch http, pg and graphql before they load
import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import type { RunningHub } from './hub';
import { setClock } from './clock';
import { describeKeys } from './auth/jwt-keys';
import { startEmbeddedPostgresEarly } from './db/embedded-postgres';
import { isStopMessage, readyMessage, type ListeningSummary } from './cluster/messages';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 45_000;

/**
 * `npm start`: parse the environment, start the hub, say where it listens and how to get in.
 * stdout carries the JSON log lines only (log collectors read it line by line); the few lines for
 * a person (the banner, a start-up failure) go to stderr. With HTTP_PROCESSES > 1 this process is
 * the cluster's primary (src/cluster/primary.ts) and each serving process runs this file too.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`wagewatch: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  // A rehearsal or an end-to-end test puts the hub at a date of its choosing; the clock runs on from it.
  if (config.clockAt) setClock(config.clockAt);
  const rootLog = createLogger(config.logLevel);
  if (config.httpProcesses > 1 && cluster.isPrimary) return runPrimary(config, rootLog);
  const inCluster = cluster.isWorker;
  // each serving process's lines say which it is
  const log = inCluster ? rootLog.child({ process: Number(process.env.HTTP_PROCESS_INDEX) }) : rootLog;
  // The embedded server starts first, and the hub's modules (seconds of TypeScript to compile)
  // load while it does: ./hub is imported only after.
  if (!config.databaseUrl) startEmbeddedPostgresEarly({ dataDir: config.dataDir, log });
  const starting = Promise.resolve().then(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startHub } = require('./hub') as typeof import('./hub');
    return startHub(config, log);
  });

  // Signals are taken from the start: a hub stopped while it is still starting (its embedded
  // PostgreSQL half up) finishes starting, then closes everything, rather than dying and leaving
  // the server running. SIGHUP too: a closed terminal must not orphan the embedded server.
  const { stop, stopping } = shutdownOnce(log, async () => {
    const hub = await starting.catch(() => null);
    await hub?.close();
    await stopTracing();
  });
  if (inCluster) {
    // The primary decides: a Ctrl-C reaches the whole process group, and the primary then asks
    // each serving process to stop (a message), or it is gone (the channel closes).
    for (const signal of ['SIGINT', 'SIGHUP'] as const) process.on(signal, () => undefined);
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('message', (m) => {
      if (isStopMessage(m) && !stopping()) void stop('SIGTERM');
    });
    process.once('disconnect', () => {
      if (!stopping()) void stop('SIGTERM');
    });
  } else {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => void stop(signal));
  }

  let hub: RunningHub;
  try {
    hub = await starting;
  } catch (err) {
    return couldNotStart(log, err);
  }
  if (stopping()) return; // stop() closes it
  const summary: ListeningSummary = {
    url: hub.url,
    queue: hub.queue.kind,
    migrationsApplied: hub.migrationsApplied,
  };
  if (inCluster) {
    log.info({ pid: process.pid, url: `${hub.url}/graphql` }, 'hub process is listening');
    process.send?.(readyMessage(summary));
    return;
  }
  announce(config, log, summary, hub.databaseMode, 1);
}

/** The cluster's primary: the serving processes, then the same "listening" line and banner. */
async function runPrimary(config: Config, log: ReturnType<typeof createLogger>): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startPrimary } = require('./cluster/primary') as typeof import('./cluster/primary');
  let primary: Awaited<ReturnType<typeof startPrimary>> | null = null;
  const starting = startPrimary({
    config,
    log,
    shutdownLimitMs: SHUTDOWN_LIMIT_MS - 5_000,
    onListening: (summary, mode) => announce(config, log, summary, mode, config.httpProcesses),
  });
  const { stop } = shutdownOnce(
    log,
    async () => {
      await starting.catch(() => null);
      await primary?.stop();
    },
    () => {
      for (const w of primary?.workers() ?? []) w.process.kill('SIGKILL');
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  try {
    primary = await starting;
  } catch (err) {
    couldNotStart(log, err);
  }
}

/**
 * The shutdown a signal starts: `close`, then exit 0; past SHUTDOWN_LIMIT_MS, exit 1 anyway. A
 * second signal exits at once (after `onSecond`).
 */
function shutdownOnce(
  log: ReturnType<typeof createLogger>,
  close: () => Promise<void>,
  onSecond: () => void = () => undefined,
): { stop(signal: NodeJS.Signals): Promise<void>; stopping(): boolean } {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting for the shutdown');
      onSecond();
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    await close();
    log.info('stopped');
    process.exit(0);
  };
  return { stop, stopping: () => stopping };
}

function couldNotStart(log: ReturnType<typeof createLogger>, err: unknown): never {
  log.fatal({ reason: (err as Error).message }, 'wagewatch could not start');
  console.error(`wagewatch: could not start: ${(err as Error).message}`);
  process.exit(1);
}

function announce(
  config: Config,
  log: ReturnType<typeof createLogger>,
  hub: ListeningSummary,
  databaseMode: 'embedded' | 'external',
  processes: number,
): void {
  log.info(
    {
      url: `${hub.url}/graphql`,
      processes,
      database:
        databaseMode === 'embedded' ? `embedded PostgreSQL 17 under ${config.dataDir}` : 'DATABASE_URL',
      queue: hub.queue === 'redis' ? 'Redis (REDIS_URL)' : 'BullMQ PostgreSQL backend (no REDIS_URL)',
      migrationsApplied: hub.migrationsApplied,
      jwtSecret: config.jwtSecretIsDevDefault
        ? 'development default (set JWT_SECRET or JWT_KEYS in production)'
        : describeKeys(config.jwtKeys),
      // key ids only, never a key
      personalDataKeys: config.personalData.isDevDefault
        ? 'development keys (set PERSONAL_DATA_KEYS and PERSONAL_DATA_LOOKUP_KEY in production)'
        : `${[...config.personalData.keys.keys()].join(', ')}; writing with ${config.personalData.writeKeyId}`,
    },
    'wagewatch is listening',
  );
  if (config.nodeEnv !== 'production') {
    process.stderr.write(
      [
        '',
        `  wagewatch hub   ${hub.url}/graphql    (liveness: ${hub.url}/healthz)`,
        `  database        ${databaseMode === 'embedded' ? `embedded PostgreSQL under ${config.dataDir}/` : 'PostgreSQL at DATABASE_URL'}`,
        `  jobs            ${hub.queue === 'redis' ? 'Redis at REDIS_URL' : 'BullMQ PostgreSQL backend in the same database'}`,
        ...(processes > 1 ? [`  processes       ${processes} serving HTTP (HTTP_PROCESSES)`] : []),
        `  get a token     npm run token -- --org HRSS --district 210500`,
        '',
      ].join('\n') + '\n',
    );
  }
}

void main();
