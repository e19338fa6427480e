/**
 * Which PostgreSQL backends a request is using right now, so that its SQL can be stopped when the
 * request is: its time budget ran out, or its client went away. A request runs inside an
 * AsyncLocalStorage scope (src/http/limits/request-budget.ts); each connection of the GraphQL pool
 * has its `query` wrapped (trackRequestQueries, from the pool's afterCreate) so that a statement
 * sent on behalf of a scope is recorded with the backend's pid while it runs, and a statement asked
 * for after the scope was aborted is refused without reaching the database. On abort the scope's
 * running statements are cancelled with pg_cancel_backend, on a connection of the canceller's own
 * (the pools may be exhausted by the very requests being stopped).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool } from 'pg';

export interface RequestScope {
  readonly signal: AbortSignal;
  /** backends running one of this request's statements now (a pid appears once per statement) */
  readonly running: Set<{ pid: number }>;
}

const scopes = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return scopes.run(scope, work);
}

export function currentRequestScope(): RequestScope | undefined {
  return scopes.getStore();
}

type QueryCallback = (err: Error | null, result?: unknown) => void;
interface PgConnection {
  processID: number | null;
  query: (...args: unknown[]) => unknown;
}

/**
 * A transaction must always be able to end: a ROLLBACK refused here would hand the connection back
 * to the pool inside an aborted transaction.
 */
const ALWAYS_SENT = /^\s*rollback\b/i;

/** Wraps one pool connection's `query` (knex always passes a callback as the last argument). */
export function trackRequestQueries(connection: PgConnection): void {
  const query = connection.query;
  connection.query = function (this: PgConnection, ...args: unknown[]) {
    const scope = scopes.getStore();
    const last = args.length - 1;
    const callback = args[last];
    if (!scope || typeof callback !== 'function') return query.apply(this, args);
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    if (scope.signal.aborted && !ALWAYS_SENT.test(text)) {
      process.nextTick(callback as QueryCallback, abortedError(scope.signal));
      return undefined;
    }
    const entry = { pid: this.processID ?? 0 };
    scope.running.add(entry);
    args[last] = (err: Error | null, result?: unknown) => {
      scope.running.delete(entry);
      (callback as QueryCallback)(err, result);
    };
    return query.apply(this, args);
  };
}

function abortedError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the request was stopped');
}

export interface BackendCanceller {
  cancel(scope: RequestScope): Promise<number>;
  close(): Promise<void>;
}

/**
 * pg_cancel_backend for each statement the scope is running. A statement that ends while the
 * cancel is on its way is not harmed (an idle backend ignores it); the window in which the
 * connection could already be running another request's next statement is the cancel's own round
 * trip, and that statement would fail as cancelled, not run wrong.
 */
export function backendCanceller(databaseUrl: string, applicationName: string): BackendCanceller {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 2,
    idleTimeoutMillis: 10_000,
    application_name: applicationName,
  });
  pool.on('error', () => undefined); // an idle connection dropped by the server is simply replaced
  return {
    async cancel(scope) {
      const pids = [...new Set([...scope.running].map((r) => r.pid).filter((pid) => pid > 0))];
      if (pids.length === 0) return 0;
      await pool.query('select pg_cancel_backend(pid) from unnest($1::int[]) as pid', [pids]);
      return pids.length;
    },
    close: () => pool.end(),
  };
}
