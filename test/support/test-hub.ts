import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { loadConfig } from '../../src/config';
import { startHub, type RunningHub } from '../../src/hub';
import { signToken } from '../../src/auth/tokens';
import type { Caller } from '../../src/auth/caller';
import { signedHeaders } from '../../src/http/webhook-signature';
import { createTestDatabase } from './test-db';
import { REDIS_URL } from './test-env';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export { TEST_PERSONAL_DATA_ENV } from './test-env';
import { TEST_PERSONAL_DATA_ENV } from './test-env';

export interface TestHub {
  hub: RunningHub;
  url: string;
  databaseUrl: string;
  token(caller: Partial<Caller> & Pick<Caller, 'org'>, ttl?: string | number): string;
  gql<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>>;
  push(
    bankCode: string,
    secret: string,
    body: string | Buffer,
    opts?: PushOptions,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export interface GqlResult<T> {
  data: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface PushOptions {
  contentType?: string;
  now?: Date;
  id?: string;
  headers?: Record<string, string>;
}

/**
 * A real hub on a fresh migrated database and real Redis (its own queue prefix), on a free port;
 * silent unless the test hands it a logger to read.
 */
export async function startTestHub(
  env: Record<string, string> = {},
  /** `databaseUrl`: another hub's database (a second hub process on it; not dropped at close) */
  opts: { log?: Logger; databaseUrl?: string } = {},
): Promise<TestHub> {
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `test_${randomBytes(4).toString('hex')}`,
    JWT_SECRET: TEST_JWT_SECRET,
    ...TEST_PERSONAL_DATA_ENV,
    PORT: '1',
    LOG_LEVEL: 'silent',
    // Tests drive one hub hard from one token; the limits' own test sets them low.
    RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_AGENCY_PER_MINUTE: '1000000',
    ...env,
  });
  config.port = 0; // any free port
  const hub = await startHub(config, opts.log ?? pino({ level: 'silent' }));
  return {
    hub,
    url: hub.url,
    databaseUrl: db.url,
    token: (caller, ttl = '1h') =>
      signToken({ sub: 'test-user', district: '210500', ...caller } as Caller, TEST_JWT_SECRET, ttl),
    async gql(token, query, variables) {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult<any>;
    },
    async push(bankCode, secret, body, opts = {}) {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      const headers = {
        'content-type': opts.contentType ?? 'application/json',
        ...signedHeaders(secret, bytes, opts.id ?? `msg_${randomBytes(6).toString('hex')}`, opts.now),
        ...opts.headers,
      };
      const res = await fetch(`${hub.url}/banks/${bankCode}/events`, {
        method: 'POST',
        headers,
        body: bytes,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // non-JSON answers stay text for the assertion to show
      }
      // the headers not enumerable: tests compare whole answers ({ status, body }) with toEqual
      return Object.defineProperty({ status: res.status, body: parsed }, 'headers', {
        value: res.headers,
      }) as Awaited<ReturnType<TestHub['push']>>;
    },
    async close() {
      await hub.close();
      await db.drop();
    },
  };
}

/** A fresh webhook secret in the Standard Webhooks form. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
