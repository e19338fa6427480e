import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { startHub, type RunningHub } from '../../src/hub';
import { signToken } from '../../src/auth/tokens';
import type { Caller } from '../../src/auth/caller';

/** Where benches find their services; the defaults are this machine's. */
export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;

export interface BenchHub {
  hub: RunningHub;
  /** a direct connection to the bench database, for resets, baselines and checks */
  sql: Client;
  databaseUrl: string;
  token(caller: Omit<Caller, 'sub'>): string;
  gql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A hub started in this process on a database of its own (`wagewatch_bench_…`, dropped by
 * close()), real Redis under a queue prefix of its own, silent logs, any free port. `env` adds
 * settings (e.g. BANK_PUSH_MAX_BYTES for a large document).
 */
export async function startBenchHub(env: Record<string, string> = {}): Promise<BenchHub> {
  const name = `wagewatch_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await admin(`create database "${name}"`);
  const drop = () => admin(`drop database if exists "${name}" with (force)`);
  let hub: RunningHub | undefined;
  try {
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      LOG_LEVEL: 'silent',
      JWT_SECRET,
      QUEUE_PREFIX: name,
      // A bench measures the hub's speed, not its per-caller limits.
      RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_AGENCY_PER_MINUTE: '100000000',
      ...env,
    });
    config.port = 0; // PORT=0 is refused by loadConfig; 0 asks the OS for any free port
    hub = await startHub(config, pino({ level: 'silent' }));
    const sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    const running = hub;
    return {
      hub: running,
      sql,
      databaseUrl,
      token: (caller) => signToken({ sub: 'bench', ...caller }, JWT_SECRET, '2h'),
      async gql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
        const res = await fetch(`${running.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data: T; errors?: unknown[] };
        if (body.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
        return body.data;
      },
      async close() {
        await sql.end().catch(() => undefined);
        await running.close();
        await drop();
        await dropQueueKeys(name);
      },
    };
  } catch (err) {
    await hub?.close().catch(() => undefined);
    await drop();
    await dropQueueKeys(name);
    throw err;
  }
}

/** The hub's job schedulers leave keys under its queue prefix; the bench removes its own. */
async function dropQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // best effort: a leftover key under a random prefix harms nothing
  } finally {
    redis.disconnect();
  }
}
