import { defineConfig } from '@mikro-orm/postgresql';
import path from 'node:path';
import { ALL_ENTITIES } from '../entities';
import { BULLMQ_TABLES } from '../queue/backend';
import { trackRequestQueries } from './request-scope';

export interface PoolOptions {
  debug?: boolean;
  poolMax?: number;
  /** shown in pg_stat_activity, so an operator sees which pool a backend belongs to */
  applicationName?: string;
  /** PostgreSQL's statement_timeout on every connection of the pool (unset: none) */
  statementTimeoutMs?: number;
  /** how long a caller waits for a free connection before failing (knex's default is 60 s) */
  acquireTimeoutMs?: number;
  /** record each statement with its request, so a stopped request's SQL can be cancelled */
  trackRequests?: boolean;
}

/**
 * One MikroORM configuration for the hub, the CLI, tests and benches; only the URL and the pool
 * differ (the hub has two: GraphQL's, bounded in time, and one for its own work).
 */
export function ormConfig(clientUrl: string, opts: PoolOptions = {}) {
  const connection: Record<string, unknown> = {};
  if (opts.applicationName) connection.application_name = opts.applicationName;
  // Sent in the startup packet: in force from the connection's first statement, without a SET.
  if (opts.statementTimeoutMs) connection.statement_timeout = opts.statementTimeoutMs;
  return defineConfig({
    clientUrl,
    entities: ALL_ENTITIES,
    // No Migrator here: it loads some 900 modules, and a hub whose database is up to date never
    // needs it (migrate.ts registers it when a migration is pending; the CLI's config adds it).
    debug: opts.debug ?? false,
    // The global EntityManager is never used: requests and jobs fork their own.
    allowGlobalContext: false,
    pool: {
      min: 0,
      max: opts.poolMax ?? 10,
      ...(opts.trackRequests
        ? {
            afterCreate: (
              conn: Parameters<typeof trackRequestQueries>[0],
              done: (err: null, c: unknown) => void,
            ) => {
              trackRequestQueries(conn);
              done(null, conn);
            },
          }
        : {}),
    },
    driverOptions: {
      connection,
      ...(opts.acquireTimeoutMs ? { acquireConnectionTimeout: opts.acquireTimeoutMs } : {}),
    },
    // BullMQ's PostgreSQL backend keeps its own tables in the same database, and the rate limiter its
    // counts and the trusted documents (written only with SQL): never diff them away.
    schemaGenerator: { skipTables: [...BULLMQ_TABLES, 'rate_limit_hit', 'trusted_document'] },
    migrations: {
      path: path.join(__dirname, '..', 'migrations'),
      pathTs: path.join(__dirname, '..', 'migrations'),
      glob: '!(*.d).{js,ts}',
      transactional: true,
      // The hub reports applied migrations itself, in its JSON log; the migrator's own lines would bypass it.
      silent: true,
      allOrNothing: true,
      emit: 'ts',
      snapshot: false,
    },
  });
}
