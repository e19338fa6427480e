/**
 * A heavy-lane worker thread (started by ./heavy-workers.ts through src/typescript-worker.ts). It executes the
 * read-only operations the main thread hands it, each already parsed, validated, measured and
 * admitted there, exactly as the main thread would: the hub's own schema, a fork of a GraphQL pool
 * of its own (same application_name, statement_timeout and per-request connection bound), the same
 * loaders, masking and error formatting, each request in its own request scope so that a stop
 * cancels its SQL with pg_cancel_backend as on the main thread. A heavy document's long
 * synchronous blocks (hydrating and completing hundreds of objects) then hold this thread, not the
 * one every other caller's request is answered on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { execute, GraphQLError, parse, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { buildHubSchema } from '../../schema/build-schema';
import type { GraphQLContext } from '../../schema/context';
import { formatError } from '../../schema/errors';
import { setClock } from '../clock';
import { openGraphqlPool } from '../db/graphql-pool';
import { runInRequestScope, type RequestScope } from '../db/request-scope';
import { clientClosedRequest, requestTimeout } from '../http/limits/request-budget';
import { safeErrorMessage } from '../log-safe-error';
import { createLogger } from '../logger';
import { usePersonalDataKeys } from '../personal-data/cipher';
import { configureReportFont } from '../services/reports/font';
import type { FromWorker, StopCode, ToWorker, WorkerAnswer, WorkerSettings } from './protocol';
import { lowerThisThreadsPriority } from './thread-priority';

const port = parentPort!;
const settings = workerData as WorkerSettings;
const post = (msg: FromWorker) => port.postMessage(msg);

// The hub's log lines, written by the main thread to its own destination (a test's, or stdout).
const log = createLogger(settings.logLevel, { write: (line: string) => post({ type: 'log', line }) });

/** The request logger's own bindings (its request id), without those this logger already writes. */
function requestBindings(bindings: Record<string, unknown>): Record<string, unknown> {
  const own = log.bindings();
  return Object.fromEntries(Object.entries(bindings).filter(([key]) => !(key in own)));
}

/** A key crosses the thread as a Uint8Array; the cipher expects Buffers. */
const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

async function boot() {
  const keys = settings.personalData;
  usePersonalDataKeys({
    ...keys,
    keys: new Map([...keys.keys].map(([id, key]) => [id, asBuffer(key)])),
    lookupKey: asBuffer(keys.lookupKey),
  });
  configureReportFont(settings.reportFont);
  const pool = await openGraphqlPool(settings.databaseUrl, {
    graphqlDbPoolMax: settings.graphqlDbConnectionsPerRequest,
    graphqlDbConnectionsPerRequest: settings.graphqlDbConnectionsPerRequest,
    requestTimeBudgetMs: settings.requestTimeBudgetMs,
  });
  const schema = await buildHubSchema();
  return { pool, schema };
}

type Booted = Awaited<ReturnType<typeof boot>>;

/** Each running request's stop, by the main thread's id. */
const stops = new Map<number, (code: StopCode) => void>();

async function run(hub: Booted, msg: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const controller = new AbortController();
  const scope: RequestScope = { signal: controller.signal, running: new Set() };
  const stop = (reason: GraphQLError) => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    hub.pool.canceller
      .cancel(scope)
      .catch((err) => log.warn({ err: safeErrorMessage(err) }, 'heavy worker: statements not cancelled'));
  };
  stops.set(msg.id, (code) =>
    stop(code === 'REQUEST_TIMEOUT' ? requestTimeout(settings.requestTimeBudgetMs) : clientClosedRequest()),
  );
  setClock(new Date(msg.clockMs));
  const ctx: GraphQLContext = {
    em: hub.pool.orm.em.fork(),
    log: log.child(requestBindings(msg.logBindings)),
    caller: msg.caller,
    authError: null,
    requestId: msg.requestId,
    signal: controller.signal,
    timeOut: () => {
      stop(requestTimeout(settings.requestTimeBudgetMs));
      post({ type: 'time-out', id: msg.id });
    },
  };
  let result: ExecutionResult;
  try {
    result = await runInRequestScope(scope, () =>
      execute({
        schema: hub.schema,
        document: parse(msg.source),
        operationName: msg.operationName,
        variableValues: msg.variables,
        contextValue: ctx,
      }),
    );
  } catch (err) {
    // execute throws only when it cannot start (it reports resolvers' errors in its result)
    result = { errors: [err instanceof GraphQLError ? err : new GraphQLError(String(err))] };
  } finally {
    stops.delete(msg.id);
  }
  post(answerOf(msg.id, result, ctx));
}

function answerOf(id: number, result: ExecutionResult, ctx: GraphQLContext): WorkerAnswer {
  const answer: WorkerAnswer = { type: 'answer', id };
  if ('data' in result) answer.data = result.data;
  if (result.errors?.length) {
    const { errors, httpStatus } = formatErrors(result.errors);
    answer.errors = errors;
    if (httpStatus !== undefined) answer.httpStatus = httpStatus;
  }
  if (ctx.personalDataRead) answer.personalDataRead = true;
  if (ctx.auditObjectIds?.length) answer.auditObjectIds = ctx.auditObjectIds;
  return answer;
}

/**
 * As Apollo formats an execution's errors (its normalizeAndFormatErrors, not exported): a code
 * defaulted to INTERNAL_SERVER_ERROR, `extensions.http` taken out into the answer's status, then the
 * hub's formatError, which needs the original error and so must run where it was thrown.
 */
function formatErrors(errors: readonly GraphQLError[]): {
  errors: GraphQLFormattedError[];
  httpStatus?: number;
} {
  let httpStatus: number | undefined;
  const formatted = errors.map((error) => {
    try {
      const extensions: Record<string, unknown> = {
        ...error.extensions,
        code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR',
      };
      const http = extensions.http as { status?: unknown } | undefined;
      if (http && typeof http === 'object') {
        if (typeof http.status === 'number') httpStatus = http.status;
        delete extensions.http;
      }
      return formatError({ ...error.toJSON(), extensions }, error, (err) =>
        log.error({ err }, 'unexpected GraphQL error'),
      );
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
  return { errors: formatted, httpStatus };
}

function serve(hub: Booted, logger: Logger): void {
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'stop') return stops.get(msg.id)?.(msg.code);
    run(hub, msg).catch((err) => {
      logger.error({ err: safeErrorMessage(err) }, 'heavy worker: request failed outside execution');
      post({ type: 'answer', id: msg.id, errors: [internalError()], httpStatus: 500 });
    });
  });
}

const internalError = (): GraphQLFormattedError => ({
  message: 'Internal server error',
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
});

lowerThisThreadsPriority(log);
boot().then(
  (hub) => {
    serve(hub, log);
    post({ type: 'ready' });
  },
  (err: Error) => post({ type: 'failed', message: safeErrorMessage(err) }),
);
