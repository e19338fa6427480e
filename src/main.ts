import { stopTracing } from './tracing/bootstrap'; // first: it must patch http, pg and graphql before they load
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startHub } from './hub';
import { setClock } from './clock';
import { describeKeys } from './auth/jwt-keys';

/** `npm start`: parse the environment, start the hub, say where it listens and how to get in. */
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
  let hub;
  try {
    hub = await startHub(config, log);
  } catch (err) {
    console.error(`wagewatch: could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  log.info(
    {
      url: `${hub.url}/graphql`,
      database:
        hub.databaseMode === 'embedded'
          ? `embedded PostgreSQL (PGlite) in ${config.dataDir}`
          : 'DATABASE_URL',
      queue: hub.queue.kind === 'redis' ? 'Redis (REDIS_URL)' : 'BullMQ PostgreSQL backend (no REDIS_URL)',
      migrationsApplied: hub.migrationsApplied,
      jwtSecret: config.jwtSecretIsDevDefault
        ? 'development default (set JWT_SECRET or JWT_KEYS in production)'
        : describeKeys(config.jwtKeys),
    },
    'wagewatch is listening',
  );
  process.stdout.write(
    [
      '',
      `  wagewatch hub   ${hub.url}/graphql    (liveness: ${hub.url}/healthz)`,
      `  database        ${hub.databaseMode === 'embedded' ? `embedded PostgreSQL under ${config.dataDir}/` : 'PostgreSQL at DATABASE_URL'}`,
      `  jobs            ${hub.queue.kind === 'redis' ? 'Redis at REDIS_URL' : 'BullMQ PostgreSQL backend in the same database'}`,
      `  get a token     npm run token -- --org HRSS --district 210500`,
      '',
    ].join('\n') + '\n',
  );
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await hub.close();
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void main();
