import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs SQL with `?` placeholders as bind parameters, on the transaction's connection when there is
 * one. `em.execute` would write the values into the SQL text (escaping them character by
 * character), which for a batch's JSON parameter costs more than the insert itself.
 */
export async function sql<T = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const trx = em.getTransactionContext();
  const positional = trx ? null : positionalText(text);
  if (positional !== null && params.every(isPlainValue))
    return direct<T>(em.getKnex().client as unknown as KnexClient, text, positional, params);
  const result = await (trx ?? em.getKnex()).raw(text, params as never);
  return (result.rows ?? []) as T[];
}

interface PgConnection {
  query(
    config: { text: string; values: unknown[] },
    callback: (err: Error | null, result?: { rows?: unknown[] }) => void,
  ): void;
}

interface KnexClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): unknown;
  emit(event: 'query', query: { sql: string; bindings: readonly unknown[]; method: 'raw' }): boolean;
}

/**
 * A read outside a transaction, on a connection of knex's pool but past knex's raw, runner and
 * query compiler: the agency pages send four to six such statements each, and around every one of
 * them knex cost about as much of the request thread as pg itself (issue #9's profiles). The
 * connection is still the pool's, so the per-request connection limit and the request scope's
 * tracking and cancellation (request-scope.ts) hold; the `query` event is emitted as knex does
 * (the tests that count statements listen to it).
 */
async function direct<T>(
  client: KnexClient,
  text: string,
  positional: string,
  params: readonly unknown[],
): Promise<T[]> {
  client.emit('query', { sql: text, bindings: params, method: 'raw' });
  const connection = await client.acquireConnection();
  try {
    const result = await new Promise<{ rows?: unknown[] }>((resolve, reject) =>
      connection.query({ text: positional, values: params as unknown[] }, (err, res) =>
        err ? reject(err) : resolve(res!),
      ),
    );
    return (result.rows ?? []) as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * Values pg binds as they are. Anything knex would treat otherwise takes knex's path: a knex raw
 * or query builder (inlined as SQL), and `undefined` (knex refuses it, naming the statement).
 */
function isPlainValue(value: unknown): boolean {
  if (value === undefined) return false;
  if (value === null || typeof value !== 'object') return true;
  return !('toSQL' in value);
}

/** The texts are the code's own (a bounded set); the cache is emptied if that ever stops holding. */
const POSITIONAL = new Map<string, string | null>();
const MAX_TEXTS = 5000;

/**
 * `?` → `$1, $2, …`, and `\?` → `?`, as knex's PostgreSQL dialect writes a raw statement; null for
 * a text with `??` (an identifier binding, which only knex writes).
 */
export function positionalText(text: string): string | null {
  let done = POSITIONAL.get(text);
  if (done !== undefined) return done;
  let n = 0;
  let identifier = false;
  const replaced = text.replace(/\\?\?\??/g, (match) => {
    if (match === '\\?') return '?';
    if (match === '??') identifier = true;
    n += 1;
    return `$${n}`;
  });
  done = identifier ? null : replaced;
  if (POSITIONAL.size >= MAX_TEXTS) POSITIONAL.clear();
  POSITIONAL.set(text, done);
  return done;
}
