/**
 * Where integration tests find their services. Defaults match the CI machine (.ci/run starts
 * them); override with TEST_PG_ADMIN_URL / TEST_REDIS_URL.
 */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Set by the global setup for this run, so that two runs on one machine never share a template. */
export const templateDb = (): string => {
  const name = process.env.WAGEWATCH_TEST_TEMPLATE;
  if (!name)
    throw new Error('WAGEWATCH_TEST_TEMPLATE is unset: integration tests run through jest (global setup)');
  return name;
};

export function databaseUrl(name: string): string {
  // Refuse anything that does not say it is for tests: a mistyped URL must never reach real data.
  if (!/^wagewatch_test_[a-z0-9_]+$/.test(name)) throw new Error(`refusing non-test database name "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Test database names carry their creation time (Unix seconds), so that a run removes only the
 * leftovers of runs that died long ago, never a template another run on this machine is using.
 */
/**
 * Unix seconds by the database server's clock. A run under faketime (CI checks a far date) has a
 * machine clock years off; stamping and judging by the server's clock means such a run never
 * mistakes another live run's databases for leftovers. Global setup measures the offset once and
 * the test workers inherit it.
 */
export const serverSeconds = (): number =>
  Math.floor(Date.now() / 1000) + Number(process.env.WAGEWATCH_TEST_DB_CLOCK_OFFSET ?? 0);

export const stampedName = (kind: string): string =>
  `wagewatch_test_${kind}_${serverSeconds()}_${Math.random().toString(16).slice(2, 10)}`;

export const STALE_AFTER_SECONDS = 3 * 3600;

export function isStale(name: string, nowSeconds = serverSeconds()): boolean {
  const stamp = /_(\d{10})_[0-9a-f]+$/.exec(name);
  return stamp ? nowSeconds - Number(stamp[1]) > STALE_AFTER_SECONDS : true;
}

/** Workers' numbers at rest (src/personal-data/keys.ts): production refuses the development keys. */
export const TEST_PERSONAL_DATA_ENV = {
  PERSONAL_DATA_KEYS: 'test1:00112233445566778899aabbccddeeff',
  PERSONAL_DATA_KEY_ID: 'test1',
  PERSONAL_DATA_LOOKUP_KEY: 'ab'.repeat(32),
} as const;
