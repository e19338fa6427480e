// The one place that decides where BullMQ keeps its jobs: Redis when REDIS_URL is set (the
// production default), otherwise BullMQ's PostgreSQL backend in the hub's own database.
import { Redis } from 'ioredis';
import pg from 'pg';
import { createPostgresBackend, createRedisBackend, runMigrations } from 'bullmq';
import type { BackendFactory, IQueueBackend } from 'bullmq';

export interface QueueBackend {
  kind: 'redis' | 'postgres';
  /** options to spread into new Queue(name, ...), new Worker(name, processor, ...), new QueueEvents(...) */
  queueOptions(): QueueConnectionOptions;
  /**
   * Last constructor argument of Queue, Worker, QueueEvents and FlowProducer. BullMQ 6 takes the
   * datastore as a constructor argument, not as an option: without it a class falls back to the
   * process-wide default (Redis) and would treat the PostgreSQL options as Redis options.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each backend has its own connection type
  factory: BackendFactory<IQueueBackend, any>;
  /** throws with a clear message when the backend does not answer (used by /healthz) */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface QueueConnectionOptions {
  prefix: string;
  connection: unknown;
}

/**
 * The tables BullMQ 6.7's PostgreSQL backend creates in schema `bullmq_<prefix>`. MikroORM's
 * schema diff (migration:create) wants to drop every table it has no entity for, in any schema:
 * give it these as `schemaGenerator.skipTables` (or the schema as `ignoreSchema`).
 */
export const BULLMQ_TABLES = [
  'dedup',
  'dedup_next',
  'event',
  'job',
  'job_dependency',
  'job_log',
  'meta',
  'metrics',
  'migration',
  'rate_limit',
  'relay_inbox',
  'relay_node',
  'relay_retained',
  'relay_subscription',
  'scheduler',
];

const PING_TIMEOUT_MS = 3000;

/** The URL without its password, for messages and logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return errorText(err.errors[0]);
  return err instanceof Error ? err.message || err.name : String(err);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function createQueueBackend(opts: {
  redisUrl: string | null;
  databaseUrl: string;
  prefix: string;
}): Promise<QueueBackend> {
  return opts.redisUrl
    ? createRedis(opts.redisUrl, opts.prefix)
    : createPostgres(opts.databaseUrl, opts.prefix);
}

async function createRedis(redisUrl: string, prefix: string): Promise<QueueBackend> {
  const where = `Redis at ${redact(redisUrl)}`;
  let connectedOnce = false;
  const redis = new Redis(redisUrl, {
    maxRetriesPerRequest: null, // BullMQ workers refuse a connection that gives up on commands
    lazyConnect: true, // so the first connect can be awaited and fail fast
    connectTimeout: 3000,
    // Until the first connect succeeds, give up at once: start-up must fail with a message, not
    // retry forever. Afterwards reconnect with back-off, as BullMQ expects of a long-lived client.
    retryStrategy: (times) => (connectedOnce ? Math.min(times * 200, 2000) : null),
  });
  let lastError: unknown;
  redis.on('error', (err) => (lastError = err)); // kept for ping(); an unhandled 'error' only logs
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      5000,
      'connecting',
    );
  } catch (err) {
    redis.disconnect();
    throw new Error(
      // ioredis rejects with "Connection is closed."; the socket error says why.
      `${where} did not answer (${errorText(lastError ?? err)}): start Redis or unset REDIS_URL to keep jobs in PostgreSQL`,
    );
  }
  connectedOnce = true;
  return {
    kind: 'redis',
    // BullMQ shares this client with every Queue and duplicates it for blocking Workers and
    // QueueEvents; it never closes a client it did not create, so close() below does.
    queueOptions: () => ({ prefix, connection: redis }),
    factory: createRedisBackend,
    async ping() {
      if (redis.status !== 'ready') {
        throw new Error(`${where} is ${redis.status}${lastError ? ` (${errorText(lastError)})` : ''}`);
      }
      try {
        await withTimeout(redis.ping(), PING_TIMEOUT_MS, 'PING');
      } catch (err) {
        throw new Error(`${where} did not answer: ${errorText(err)}`);
      }
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

/**
 * BullMQ's PostgreSQL backend ignores `prefix` (a Redis key concept) and namespaces by schema, so
 * the prefix becomes the schema: hubs with different QUEUE_PREFIX can share one database.
 */
function schemaFor(prefix: string): string {
  return `bullmq_${prefix.replace(/-/g, '_')}`;
}

async function createPostgres(databaseUrl: string, prefix: string): Promise<QueueBackend> {
  const where = `PostgreSQL at ${redact(databaseUrl)}`;
  const schema = schemaFor(prefix);
  // For ping() and the migration only; every BullMQ object builds its own pool from the options.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 1,
    connectionTimeoutMillis: 5000,
  });
  pool.on('error', () => undefined); // an idle client dropping is reported by the next ping()
  try {
    // Create or upgrade BullMQ's tables once here (idempotent, advisory-locked), so start-up fails
    // with one clear message; the queue classes then only check the schema version.
    const client = await pool.connect();
    try {
      await runMigrations(client, schema);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end();
    throw new Error(`${where} did not take the job queues (${errorText(err)}): check DATABASE_URL`);
  }
  const connection = {
    connectionString: databaseUrl,
    schema,
    // Each Queue/Worker/QueueEvents opens its own pool plus one LISTEN connection: keep the pools
    // small so a handful of queues stays well inside max_connections.
    max: 4,
    connectionTimeoutMillis: 10000,
  };
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    queueOptions: () => ({ prefix, connection: { ...connection } }),
    factory: createPostgresBackend,
    async ping() {
      try {
        await withTimeout(pool.query('SELECT 1'), PING_TIMEOUT_MS, 'SELECT 1');
      } catch (err) {
        throw new Error(`${where} did not answer: ${errorText(err)}`);
      }
    },
    close() {
      closing ??= pool.end(); // pg throws when a pool is ended twice
      return closing;
    },
  };
}
