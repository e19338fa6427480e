import type { ApolloServerPlugin } from '@apollo/server';
import type { HubMetrics } from './hub-metrics';

/** Counts and times every GraphQL operation by its (capped) name and outcome. */
export function graphqlMetricsPlugin<T extends object>(metrics: HubMetrics): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName }) {
          const operation = metrics.operationLabel(operationName ?? request.operationName);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          metrics.graphqlRequests.inc({
            operation,
            outcome: errors?.length ? String(code ?? 'ERROR') : 'ok',
          });
          metrics.graphqlDuration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
