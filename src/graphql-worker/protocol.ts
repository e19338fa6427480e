/**
 * What the hub's main thread and a heavy-lane worker (./worker.ts) say to each other. Everything
 * here crosses a thread by structured clone: plain data only, no errors, no functions.
 */
import type { GraphQLFormattedError } from 'graphql';
import type { Caller } from '../auth/caller';
import type { PersonalDataKeys } from '../personal-data/keys';

/** Given once, as the worker's workerData: what it needs to read as the hub's GraphQL requests do. */
export interface WorkerSettings {
  databaseUrl: string;
  requestTimeBudgetMs: number;
  /** the worker's pool: the connections one request may hold (GRAPHQL_DB_CONNECTIONS_PER_REQUEST) */
  graphqlDbConnectionsPerRequest: number;
  personalData: PersonalDataKeys;
  reportFont: { file: string; name: string };
  logLevel: string;
}

/** Why a request stops: its time budget, or its client gone (src/http/limits/request-budget.ts). */
export type StopCode = 'REQUEST_TIMEOUT' | 'CLIENT_CLOSED_REQUEST';

export type ToWorker =
  | {
      type: 'run';
      id: number;
      /** the document text Apollo parsed and validated (a trusted document's body, when sent by id) */
      source: string;
      operationName: string | null;
      variables: Record<string, unknown> | undefined;
      caller: Caller;
      requestId: string | undefined;
      /** the request logger's bindings, so the worker's lines carry the same request id */
      logBindings: Record<string, unknown>;
      /** the hub's clock now (tests and rehearsals set it; src/clock.ts) */
      clockMs: number;
    }
  | { type: 'stop'; id: number; code: StopCode };

export interface WorkerAnswer {
  type: 'answer';
  id: number;
  data?: Record<string, unknown> | null;
  /** formatted as the hub formats every error (schema/errors.ts), in the worker */
  errors?: GraphQLFormattedError[];
  /** an HTTP status an error asked for (`extensions.http.status`), as Apollo would have set it */
  httpStatus?: number;
  personalDataRead?: boolean;
  auditObjectIds?: string[];
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | WorkerAnswer
  /** a resolver saw PostgreSQL's statement_timeout first: the main thread stops the request as out of time */
  | { type: 'time-out'; id: number }
  /** one pino line, written to the hub's own log destination */
  | { type: 'log'; line: string };
