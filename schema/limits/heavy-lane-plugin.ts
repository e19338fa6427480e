/**
 * Puts an operation whose estimated cost is at least the heavy cost in the heavy lane
 * (src/http/limits/heavy-lane.ts) before it runs, and frees its place with the answer. With
 * workers (src/graphql-worker/), a heavy query is then executed on one of them and this thread
 * only waits for its answer; mutations stay here, in the transactions they always ran in.
 */
import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { getVariableValues, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import { agencyKey } from '../../src/http/limits/agency';
import type { HeavyLane, HeavyLaneLimits } from '../../src/http/limits/heavy-lane';
import type { HeavyWorkers } from '../../src/graphql-worker/heavy-workers';
import { nowMs } from '../../src/clock';
import { safeErrorMessage } from '../../src/log-safe-error';
import type { GraphQLContext } from '../context';
import { limitExceeded, operationShape, type QueryLimits } from './query-limits';
import { stoppedWhileExecutingElsewhere } from './request-budget-plugin';

export function heavyLanePlugin(
  lane: HeavyLane,
  limits: HeavyLaneLimits,
  queryLimits: QueryLimits,
  workers?: { pool: HeavyWorkers; log: Logger },
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let leave: (() => void) | null = null;
      let answered = false;
      let cost = 0;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation || !contextValue.caller) return;
          const shape = operationShape(schema, document, operation, request.variables);
          // Refused by the query limits (their plugin runs beside this one): nothing to wait for.
          if (shape.cost < limits.heavyCost || limitExceeded(shape, queryLimits)) return;
          cost = shape.cost;
          const release = await lane.enter(agencyKey(contextValue.caller), contextValue.signal);
          // Another plugin's refusal may have sent the answer while this one waited.
          if (answered) release();
          else leave = release;
        },
        async responseForOperation(requestContext) {
          if (!workers || !leave || requestContext.operation?.operation !== 'query') return null;
          if (cost < limits.workerCost) return null;
          return runOnWorker(requestContext, workers);
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

async function runOnWorker(
  { source, request, operation, schema, contextValue: ctx }: GraphQLRequestContext<GraphQLContext>,
  workers: { pool: HeavyWorkers; log: Logger },
): Promise<GraphQLResponse | null> {
  // Variables that do not coerce fail before any resolver: Apollo's own answer (400) is given here.
  if (!source || !ctx.caller || !variablesCoerce(schema, operation!, request.variables)) return null;
  let answer;
  try {
    answer = await workers.pool.run(
      {
        source,
        operationName: request.operationName ?? null,
        variables: request.variables,
        caller: ctx.caller,
        requestId: ctx.requestId,
        logBindings: ctx.log.bindings(),
        clockMs: nowMs(),
      },
      ctx.signal,
      () => ctx.timeOut?.(),
    );
  } catch (err) {
    workers.log.error({ err: safeErrorMessage(err) }, 'heavy operation not answered by its worker');
    return {
      http: { status: 500, headers: new HeaderMap() },
      body: {
        kind: 'single',
        singleResult: {
          errors: [
            {
              message: 'the worker running this operation stopped before its answer; retry later',
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            },
          ],
        },
      },
    };
  }
  if (!answer) return null;
  // what the audit plugin reads from the context, as resolvers on this thread would have set it
  if (answer.personalDataRead) ctx.personalDataRead = true;
  if (answer.auditObjectIds) ctx.auditObjectIds = [...(ctx.auditObjectIds ?? []), ...answer.auditObjectIds];
  if (ctx.signal?.aborted) stoppedWhileExecutingElsewhere(ctx);
  const singleResult: Record<string, unknown> = {};
  if (answer.errors) singleResult.errors = answer.errors;
  if ('data' in answer) singleResult.data = answer.data;
  return {
    http: { status: answer.httpStatus, headers: new HeaderMap() },
    body: { kind: 'single', singleResult },
  };
}

function variablesCoerce(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): boolean {
  if (!operation.variableDefinitions?.length) return true;
  return !('errors' in getVariableValues(schema, operation.variableDefinitions, variables ?? {}));
}
