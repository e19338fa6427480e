import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      databaseUrl: null,
      redisUrl: null,
      queuePrefix: 'hub',
      dataDir: '.data',
    });
    expect(c.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(c.jwtSecretIsDevDefault).toBe(true);
  });

  it('takes every variable it documents', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/hub',
      REDIS_URL: 'redis://cache:6379',
      QUEUE_PREFIX: 'benxi',
      JWT_SECRET: 'x'.repeat(32),
      LOG_LEVEL: 'warn',
      DATA_DIR: '/var/lib/hub',
      BANK_PUSH_MAX_BYTES: '1048576',
      HUB_CLOCK_AT: '2027-03-01T09:00:00+08:00',
    });
    expect(c.clockAt?.toISOString()).toBe('2027-03-01T01:00:00.000Z');
    expect(c).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@db:5432/hub',
      redisUrl: 'redis://cache:6379',
      queuePrefix: 'benxi',
      jwtSecretIsDevDefault: false,
      logLevel: 'warn',
      dataDir: '/var/lib/hub',
      bankPushMaxBytes: 1048576,
    });
  });

  it('takes the time budget, the pools and the shares (defaults: 10 s; 8 and 10 connections, 2 a request)', () => {
    expect(loadConfig({})).toMatchObject({
      requestTimeBudgetMs: 10_000,
      graphqlDbPoolMax: 8,
      graphqlDbConnectionsPerRequest: 2,
      dbPoolMax: 10,
      heavyLane: { heavyCost: 5000, maxHeavyInFlight: 2 },
      admission: { maxPerAgency: 8 },
    });
    const c = loadConfig({
      REQUEST_TIME_BUDGET_MS: '2500',
      GRAPHQL_DB_POOL_MAX: '4',
      GRAPHQL_DB_CONNECTIONS_PER_REQUEST: '1',
      DB_POOL_MAX: '6',
      GRAPHQL_HEAVY_COST: '3000',
      GRAPHQL_MAX_HEAVY_IN_FLIGHT: '1',
      GRAPHQL_WORKER_COST: '9000',
      MAX_IN_FLIGHT_PER_AGENCY: '3',
    });
    expect(c).toMatchObject({
      requestTimeBudgetMs: 2500,
      graphqlDbPoolMax: 4,
      graphqlDbConnectionsPerRequest: 1,
      dbPoolMax: 6,
      heavyLane: { heavyCost: 3000, maxHeavyInFlight: 1, workerCost: 9000 },
      admission: { maxPerAgency: 3 },
    });
  });

  it("watches the request thread's lateness at 1 s unless MAX_EVENT_LOOP_DELAY_MS says otherwise, or off", () => {
    expect(loadConfig({}).admission.maxLoopDelayMs).toBe(1000);
    expect(loadConfig({ MAX_EVENT_LOOP_DELAY_MS: '200' }).admission.maxLoopDelayMs).toBe(200);
    expect(loadConfig({ MAX_EVENT_LOOP_DELAY_MS: 'off' }).admission.maxLoopDelayMs).toBeUndefined();
  });

  it('serves HTTP from one process unless HTTP_PROCESSES says more', () => {
    expect(loadConfig({}).httpProcesses).toBe(1);
    expect(loadConfig({ HTTP_PROCESSES: '4' }).httpProcesses).toBe(4);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ REQUEST_TIME_BUDGET_MS: '0' }, /REQUEST_TIME_BUDGET_MS must be a whole number from 1 to 600000/],
    [{ REQUEST_TIME_BUDGET_MS: '3600000' }, /REQUEST_TIME_BUDGET_MS/],
    [{ GRAPHQL_DB_POOL_MAX: 'many' }, /GRAPHQL_DB_POOL_MAX must be a whole number/],
    [{ DB_POOL_MAX: '0' }, /DB_POOL_MAX/],
    [{ MAX_IN_FLIGHT_PER_AGENCY: '-1' }, /MAX_IN_FLIGHT_PER_AGENCY/],
    [{ MAX_EVENT_LOOP_DELAY_MS: '0' }, /MAX_EVENT_LOOP_DELAY_MS must be a whole number from 1 to 60000/],
    [
      { MAX_EVENT_LOOP_DELAY_MS: 'none' },
      /MAX_EVENT_LOOP_DELAY_MS must be a whole number from 1 to 60000, or off/,
    ],
    [{ PORT: '70000' }, /PORT must be a whole number from 1 to 65535/],
    [{ HTTP_PROCESSES: '0' }, /HTTP_PROCESSES must be a whole number from 1 to 32/],
    [{ HTTP_PROCESSES: '64' }, /HTTP_PROCESSES must be a whole number from 1 to 32/],
    [{ HTTP_PROCESSES: 'two' }, /HTTP_PROCESSES/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL must start with redis:/],
    [{ QUEUE_PREFIX: 'has space' }, /QUEUE_PREFIX may hold only/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 bytes/],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hub' },
      /JWT_SECRET is required when NODE_ENV=production/,
    ],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) },
      /DATABASE_URL is required when NODE_ENV=production/,
    ],
    [{ BANK_PUSH_MAX_BYTES: '0' }, /BANK_PUSH_MAX_BYTES/],
    [{ HUB_CLOCK_AT: 'tomorrow' }, /HUB_CLOCK_AT must be an ISO date-time/],
    [
      {
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(32),
        DATABASE_URL: 'postgres://db/hub',
        HUB_CLOCK_AT: '2027-01-01T00:00:00Z',
      },
      /HUB_CLOCK_AT is refused when NODE_ENV=production/,
    ],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
