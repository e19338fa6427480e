import { stopTracing } from './tracing/bootstrap'; // first: it must patch http, pg and graphql before they load
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import type { RunningHub } from './hub';
import { setClock } from './clock';
import { describeKeys } from './auth/jwt-keys';
import { startEmbeddedPostgresEarly } from './db/embedded-postgres';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 45_000;

/**
 * `npm start`: parse the environment, start the hub, say where it listens and how to get in.
 * stdout carries the JSON log lines only (log collectors read it line by line); the few lines for
 * a person (the banner, a start-up failure) go to stderr.
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
  const log = createLogger(config.logLevel);
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
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting for the shutdown');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    const hub = await starting.catch(() => null);
    await hub?.close();
    await stopTracing();
    log.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

  let hub: RunningHub;
  try {
    hub = await starting;
  } catch (err) {
    log.fatal({ reason: (err as Error).message }, 'wagewatch could not start');
    console.error(`wagewatch: could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  if (stopping) return; // stop() closes it
  log.info(
    {
      url: `${hub.url}/graphql`,
      database:
        hub.databaseMode === 'embedded' ? `embedded PostgreSQL 17 under ${config.dataDir}` : 'DATABASE_URL',
      queue: hub.queue.kind === 'redis' ? 'Redis (REDIS_URL)' : 'BullMQ PostgreSQL backend (no REDIS_URL)',
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
        `  database        ${hub.databaseMode === 'embedded' ? `embedded PostgreSQL under ${config.dataDir}/` : 'PostgreSQL at DATABASE_URL'}`,
        `  jobs            ${hub.queue.kind === 'redis' ? 'Redis at REDIS_URL' : 'BullMQ PostgreSQL backend in the same database'}`,
        `  get a token     npm run token -- --org HRSS --district 210500`,
        '',
      ].join('\n') + '\n',
    );
  }
}

void main();
