import net from 'node:net';
import { Client } from 'pg';

/**
 * Whether the services the integration tests need answer. A missing one is named, with the
 * command that starts it on these machines (docs/STACK.md), instead of jest's bare ECONNREFUSED.
 */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

const reason = (err: unknown): string =>
  err instanceof AggregateError && err.errors.length > 0
    ? reason(err.errors[0])
    : err instanceof Error
      ? err.message || (err as NodeJS.ErrnoException).code || err.name
      : String(err);

export async function missingPostgres(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return (
      `PostgreSQL does not answer at ${redact(url)} (${reason(err)}).\n` +
      `  start it:  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n1) main start\n` +
      `  install:   apt-get install -y postgresql   (or point TEST_PG_ADMIN_URL at a server, as a superuser)`
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Any answer to PING counts (a server asking for a password answers too): it runs. */
function redisAnswers(url: string): Promise<void> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    socket.setTimeout(3000, () => socket.destroy(new Error('no answer within 3 s')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

export async function missingRedis(url: string): Promise<string | null> {
  try {
    await redisAnswers(url);
    return null;
  } catch (err) {
    return (
      `Redis does not answer at ${redact(url)} (${reason(err)}).\n` +
      `  start it:  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n` +
      `  install:   apt-get install -y redis-server   (or point TEST_REDIS_URL at a server)`
    );
  }
}

/** Throws one message naming every missing service; `npm run test:unit` needs none of them. */
export async function requireServices(pgUrl: string, redisUrl: string): Promise<void> {
  const missing = (await Promise.all([missingPostgres(pgUrl), missingRedis(redisUrl)])).filter(
    (m): m is string => m !== null,
  );
  if (missing.length === 0) return;
  const error = new Error(
    `\nThe integration and end-to-end tests need PostgreSQL and Redis (bash .ci/run starts both).\n\n` +
      missing.join('\n\n') +
      `\n\nThe unit tests need neither: npm run test:unit\n`,
  );
  error.stack = error.message; // jest prints the stack: this file's frames would bury the message
  throw error;
}
