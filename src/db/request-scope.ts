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

interface KnexClient {
  acquireConnection(): Promise<object>;
  releaseConnection(connection: object): unknown;
}

interface Turns {
  held: number;
  waiting: { admit(): void; refuse(err: Error): void }[];
  /** one listener per request on its signal, however many of its statements wait */
  listening: boolean;
}

/**
 * At most `max` connections of the pool for one request at once: a document of twenty aliased
 * pages asks for forty statements together, and would otherwise take every connection of the pool
 * while other callers' single statements wait behind its queue. Its further statements wait for
 * its own connections instead (or for its stop).
 */
export function limitConnectionsPerRequest(client: KnexClient, max: number): void {
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const turns = new WeakMap<RequestScope, Turns>();
  const owners = new WeakMap<object, Turns>();
  const giveBack = (t: Turns) => {
    t.held -= 1;
    t.waiting.shift()?.admit();
  };
  client.acquireConnection = async () => {
    const scope = scopes.getStore();
    if (!scope) return acquire();
    let t = turns.get(scope);
    if (!t) turns.set(scope, (t = { held: 0, waiting: [], listening: false }));
    if (t.held >= max) await waitTurn(scope.signal, t);
    else t.held += 1;
    try {
      const connection = await acquire();
      owners.set(connection, t);
      return connection;
    } catch (err) {
      giveBack(t);
      throw err;
    }
  };
  client.releaseConnection = (connection: object) => {
    const t = owners.get(connection);
    if (t) {
      owners.delete(connection);
      giveBack(t);
    }
    return release(connection);
  };
}

/** Resolves holding one of the request's turns (handed on by giveBack), or rejects on its stop. */
function waitTurn(signal: AbortSignal, t: Turns): Promise<void> {
  if (signal.aborted) return Promise.reject(abortedError(signal));
  if (!t.listening) {
    t.listening = true;
    signal.addEventListener(
      'abort',
      () => {
        for (const w of t.waiting.splice(0)) w.refuse(abortedError(signal));
      },
      { once: true },
    );
  }
  return new Promise((resolve, reject) => {
    t.waiting.push({
      // giveBack() has counted the turn out: taking it here counts it back in.
      admit: () => {
        t.held += 1;
        resolve();
      },
      refuse: reject,
    });
  });
}
