/**
 * Every GraphQL request has a time budget. When it runs out, or when the client goes away before
 * its answer, the request is stopped: its AbortSignal fires (resolvers check it before they start,
 * schema/limits/stop-when-aborted.ts), its statements still running in PostgreSQL are cancelled,
 * and any statement it asks for afterwards is refused before reaching the database
 * (src/db/request-scope.ts). Without this a 318-byte query ran 102 s, and work went on 77–98 s
 * after its client had gone.
 */
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { runInRequestScope, type BackendCanceller, type RequestScope } from '../../db/request-scope';
import { safeErrorMessage } from '../../log-safe-error';
import type { HubMiddleware, HubResponse } from '../plain-http';
import { requestLogger } from '../request-log';

export const DEFAULT_REQUEST_TIME_BUDGET_MS = 10_000;

export const REQUEST_TIMEOUT = 'REQUEST_TIMEOUT';
export const CLIENT_CLOSED_REQUEST = 'CLIENT_CLOSED_REQUEST';

/** What the caller gets when its request ran out of time (HTTP 504: the hub gave up, not the caller). */
export function requestTimeout(budgetMs: number): GraphQLError {
  return new GraphQLError(
    `the request ran past its time budget of ${budgetMs} ms (REQUEST_TIME_BUDGET_MS) and was stopped: ask for less (smaller pages, fewer nested lists) or retry later`,
    { extensions: { code: REQUEST_TIMEOUT, budgetMs, http: { status: 504 } } },
  );
}

/** Why a request whose client left stops (nobody reads it; logs and metrics do). */
export function clientClosedRequest(): GraphQLError {
  return new GraphQLError('the client closed the connection before the answer; the request was stopped', {
    extensions: { code: CLIENT_CLOSED_REQUEST },
  });
}

export interface RequestBudgetOptions {
  budgetMs: number;
  /** null: nothing to cancel with (running statements then end by statement_timeout) */
  canceller: BackendCanceller | null;
  log: Logger;
}

const SCOPE = Symbol('requestScope');

interface BudgetedScope extends RequestScope {
  /** stops the request as out of time now (PostgreSQL's statement_timeout may come first) */
  timeOut(): void;
}

/** The request's signal and its timeOut(), for its GraphQL context. */
export function requestStop(res: HubResponse): { signal?: AbortSignal; timeOut?: () => void } {
  const scope = res.locals[SCOPE as unknown as string] as BudgetedScope | undefined;
  return scope ? { signal: scope.signal, timeOut: scope.timeOut } : {};
}

export function requestBudget(opts: RequestBudgetOptions): HubMiddleware {
  return (req, res, next) => {
    const controller = new AbortController();
    const scope: BudgetedScope = {
      signal: controller.signal,
      running: new Set(),
      timeOut: () => stop(requestTimeout(opts.budgetMs)),
    };
    res.locals[SCOPE as unknown as string] = scope;
    const stop = (reason: GraphQLError) => {
      if (controller.signal.aborted) return;
      controller.abort(reason);
      // No statement text, no variables: what stopped, and how many statements it cancelled.
      const log = requestLogger(req) ?? opts.log;
      const code = reason.extensions.code;
      const statements = scope.running.size;
      if (!opts.canceller) return void log.info({ code, statements }, 'request stopped');
      opts.canceller
        .cancel(scope)
        .then((cancelled) => log.info({ code, statements, cancelled }, 'request stopped'))
        .catch((err) =>
          log.warn({ code, err: safeErrorMessage(err) }, 'request stopped; statements not cancelled'),
        );
    };
    const timer = setTimeout(scope.timeOut, opts.budgetMs);
    res.once('finish', () => clearTimeout(timer));
    // 'close' without 'finish': the client went away before the answer was written.
    res.once('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) stop(clientClosedRequest());
    });
    runInRequestScope(scope, next);
  };
}
