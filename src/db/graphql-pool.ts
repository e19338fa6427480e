/**
 * GraphQL requests read and write through a pool of their own (GRAPHQL_DB_POOL_MAX connections),
 * apart from the pool of the hub's own work (DB_POOL_MAX: bank pushes, jobs, the audit log): once,
 * overlapping attacks took every connection and bank pushes waited behind them. On this pool every
 * statement is bounded by statement_timeout = the request budget, a caller waits for a connection
 * at most that long, one request holds at most GRAPHQL_DB_CONNECTIONS_PER_REQUEST of its
 * connections at once, and each statement is recorded with its request so a stopped request's SQL
 * can be cancelled (src/db/request-scope.ts).
 */
import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { ormConfig } from './orm-config';
import { backendCanceller, limitConnectionsPerRequest, type BackendCanceller } from './request-scope';

/** as shown in pg_stat_activity.application_name */
export const APPLICATION_NAMES = {
  hub: 'wagewatch',
  graphql: 'wagewatch-graphql',
  cancel: 'wagewatch-cancel',
} as const;

export interface GraphqlPool {
  orm: MikroORM;
  canceller: BackendCanceller;
  close(): Promise<void>;
}

export async function openGraphqlPool(
  databaseUrl: string,
  config: Pick<Config, 'graphqlDbPoolMax' | 'requestTimeBudgetMs' | 'graphqlDbConnectionsPerRequest'>,
): Promise<GraphqlPool> {
  const orm = await MikroORM.init(
    ormConfig(databaseUrl, {
      poolMax: config.graphqlDbPoolMax,
      applicationName: APPLICATION_NAMES.graphql,
      statementTimeoutMs: config.requestTimeBudgetMs,
      acquireTimeoutMs: config.requestTimeBudgetMs,
      trackRequests: true,
    }),
  );
  limitConnectionsPerRequest(
    orm.em.getKnex().client as unknown as Parameters<typeof limitConnectionsPerRequest>[0],
    config.graphqlDbConnectionsPerRequest,
  );
  const canceller = backendCanceller(databaseUrl, APPLICATION_NAMES.cancel);
  return {
    orm,
    canceller,
    async close() {
      await orm.close(true);
      await canceller.close();
    },
  };
}
