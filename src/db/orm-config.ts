import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { ALL_ENTITIES } from '../entities';
import { BULLMQ_TABLES } from '../queue/backend';

/** One MikroORM configuration for the hub, the CLI, tests and benches; only the URL differs. */
export function ormConfig(clientUrl: string, opts: { debug?: boolean; poolMax?: number } = {}) {
  return defineConfig({
    clientUrl,
    entities: ALL_ENTITIES,
    extensions: [Migrator],
    debug: opts.debug ?? false,
    // The global EntityManager is never used: requests and jobs fork their own.
    allowGlobalContext: false,
    pool: { min: 0, max: opts.poolMax ?? 10 },
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
