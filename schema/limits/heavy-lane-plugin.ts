/**
 * Puts an operation whose estimated cost is at least the heavy cost in the heavy lane
 * (src/http/limits/heavy-lane.ts) before it runs, and frees its place with the answer.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { agencyKey } from '../../src/http/limits/agency';
import type { HeavyLane, HeavyLaneLimits } from '../../src/http/limits/heavy-lane';
import type { GraphQLContext } from '../context';
import { limitExceeded, operationShape, type QueryLimits } from './query-limits';

export function heavyLanePlugin(
  lane: HeavyLane,
  limits: HeavyLaneLimits,
  queryLimits: QueryLimits,
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let leave: (() => void) | null = null;
      let answered = false;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation || !contextValue.caller) return;
          const shape = operationShape(schema, document, operation, request.variables);
          // Refused by the query limits (their plugin runs beside this one): nothing to wait for.
          if (shape.cost < limits.heavyCost || limitExceeded(shape, queryLimits)) return;
          const release = await lane.enter(agencyKey(contextValue.caller), contextValue.signal);
          // Another plugin's refusal may have sent the answer while this one waited.
          if (answered) release();
          else leave = release;
        },
        async willSendResponse() {
          answered = true;
          leave?.();
          leave = null;
        },
      };
    },
  };
}
