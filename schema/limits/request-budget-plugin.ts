/**
 * The answer to a request stopped by its time budget: HTTP 504 and one REQUEST_TIMEOUT error naming
 * the budget, first among the errors (every field the stop reached would otherwise add its own
 * copy), beside whatever data was complete. A request whose execution had ended before the budget
 * did is answered as it stands.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { CLIENT_CLOSED_REQUEST, REQUEST_TIMEOUT } from '../../src/http/limits/request-budget';
import type { GraphQLContext } from '../context';

const STOP_CODES = new Set([REQUEST_TIMEOUT, CLIENT_CLOSED_REQUEST]);

/** Requests whose operation a heavy-lane worker executed and which were stopped while it did. */
const stoppedElsewhere = new WeakSet<GraphQLContext>();

/** Marks a request executed off this thread (schema/limits/heavy-lane-plugin.ts) as stopped meanwhile. */
export function stoppedWhileExecutingElsewhere(ctx: GraphQLContext): void {
  stoppedElsewhere.add(ctx);
}

export function requestBudgetPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let stoppedWhileExecuting = false;
      return {
        async executionDidStart({ contextValue }) {
          return {
            async executionDidEnd() {
              stoppedWhileExecuting = contextValue.signal?.aborted ?? false;
            },
          };
        },
        async willSendResponse({ contextValue, response }) {
          const stopped = stoppedWhileExecuting || stoppedElsewhere.has(contextValue);
          if (!stopped || response.body.kind !== 'single') return;
          const reason = contextValue.signal?.reason as
            { message: string; extensions?: Record<string, unknown> } | undefined;
          if (!reason?.extensions) return;
          const result = response.body.singleResult;
          const extensions: Record<string, unknown> = { code: reason.extensions.code };
          if (reason.extensions.budgetMs !== undefined) extensions.budgetMs = reason.extensions.budgetMs;
          const stop: GraphQLFormattedError = { message: reason.message, extensions };
          const others = (result.errors ?? []).filter(
            (e) => !STOP_CODES.has(String(e.extensions?.code ?? '')),
          );
          result.errors = [stop, ...others];
          if (reason.extensions.code === REQUEST_TIMEOUT) response.http.status = 504;
        },
      };
    },
  };
}
