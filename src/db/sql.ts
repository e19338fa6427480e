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

interface PgQuery {
  name?: string;
  text: string;
  values: unknown[];
  rowMode?: 'array';
}

interface PgArrayResult {
  rows?: unknown[][];
  fields?: { name: string }[];
}

interface PgConnection {
  query(config: PgQuery, callback: (err: Error | null, result?: PgArrayResult) => void): void;
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
    const name = statementName(positional, connection);
    try {
      return await run<T>(connection, { name, text: positional, values: params as unknown[] });
    } catch (err) {
      if (!name || (err as { code?: string }).code !== CACHED_PLAN_CHANGED) throw err;
      // the table changed under the prepared statement (a migration while this process ran): this
      // connection plans the text anew from now on
      staleOn(connection).add(name);
      return await run<T>(connection, { text: positional, values: params as unknown[] });
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

async function run<T>(connection: PgConnection, query: PgQuery): Promise<T[]> {
  const result = await new Promise<PgArrayResult>((resolve, reject) =>
    connection.query({ ...query, rowMode: 'array' }, (err, res) => (err ? reject(err) : resolve(res!))),
  );
  const rows = result.rows ?? [];
  if (!rows.length) return [];
  const make = rowMakerOf(result.fields ?? []);
  const objects = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) objects[i] = make(rows[i]) as T;
  return objects;
}

/**
 * Rows come from pg as arrays and are made objects here, by a function written once per list of
 * column names: an object literal of fixed keys, so every row of a statement is built the same
 * fast way and shares one hidden class. pg's own object rows copy a prototype object
 * (`{ ...empty }`) and then store each column by its name: with a page's 40–60 columns V8 takes the
 * slow path for both (CloneObjectIC_Slow, megamorphic keyed stores), about a tenth of a cases
 * page's request-thread CPU (issue #9's on-CPU profile). Same keys, same order, same values: a
 * name given twice keeps its last value, as pg's rows do.
 */
type RowMaker = (values: unknown[]) => Record<string, unknown>;
const ROW_MAKERS = new Map<string, RowMaker>();
// the code's own statements give a bounded set of column lists; emptied if that ever stops holding
const MAX_ROW_MAKERS = 2000;

function rowMakerOf(fields: readonly { name: string }[]): RowMaker {
  const names = fields.map((f) => f.name);
  const key = names.join('\u0000');
  let make = ROW_MAKERS.get(key);
  if (!make) {
    // a literal `"__proto__": …` would set the prototype; such a column is stored as pg stores it
    make = names.includes('__proto__')
      ? (values) => {
          const row: Record<string, unknown> = {};
          names.forEach((name, i) => (row[name] = values[i]));
          return row;
        }
      : (new Function(
          'v',
          `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}};`,
        ) as RowMaker);
    if (ROW_MAKERS.size >= MAX_ROW_MAKERS) ROW_MAKERS.clear();
    ROW_MAKERS.set(key, make);
  }
  return make;
}

/**
 * A page's LIMIT written into the statement's text, not bound. With `limit $n` PostgreSQL's generic
 * plan must assume a tenth of the rows, costs more than the custom plan for 51, and so the
 * statement was planned again at every request (a cases page: 2.3 ms of bind, 1.1 ms of execute);
 * with the number in the text the generic plan is the custom one and is kept. A page size is one
 * of few numbers (`first` is 0–500), so the texts stay few.
 */
export function limitLiteral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_LIMIT) throw new Error(`${n} is not a page's limit`);
  return String(n);
}
const MAX_LIMIT = 10_000;

/** PostgreSQL's "cached plan must not change result type" (feature_not_supported). */
const CACHED_PLAN_CHANGED = '0A000';

/**
 * Reads are prepared statements, named by their text: PostgreSQL then plans a text once per
 * connection (and keeps a generic plan when it is no worse) instead of at every request. An agency
 * page's join of a case with its project, owner, contractor, employer and debtor took 2.4 ms to
 * plan and 0.7 ms to run (issue #9, EXPLAIN ANALYZE on the bench's data); planning was most of
 * the database's CPU for such a page. The names are never reused for another text, and there are
 * at most MAX_NAMED of them (the code's own texts; a text past that runs unnamed), so a
 * connection holds a bounded set.
 */
const NAMED = new Map<string, string>();
// each prepared statement keeps its plan in every backend that ran it: 500 bound that memory
const MAX_NAMED = 500;
const stale = new WeakMap<PgConnection, Set<string>>();
const staleOn = (connection: PgConnection): Set<string> => {
  let names = stale.get(connection);
  if (!names) stale.set(connection, (names = new Set()));
  return names;
};

function statementName(text: string, connection: PgConnection): string | undefined {
  let name = NAMED.get(text);
  if (name === undefined) {
    if (NAMED.size >= MAX_NAMED) return undefined;
    name = `wagewatch_read_${NAMED.size + 1}`;
    NAMED.set(text, name);
  }
  return stale.get(connection)?.has(name) ? undefined : name;
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
