import type { HubMetrics } from '../src/metrics/hub-metrics';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../src/config';

/**
 * What a job handler may use: the ORM (fork its EntityManager per job), a logger, the hub's
 * configuration, and `enqueue` to fan work out as further jobs (a tick only fans out).
 */
export interface JobDeps {
  orm: MikroORM;
  log: Logger;
  config: Config;
  /** counts and times each run (absent where a test starts workers without a hub) */
  metrics?: HubMetrics;
  enqueue<Data>(definition: JobDefinition<Data>, data: Data): Promise<void>;
}

/**
 * One kind of job: its name, the queue it runs on, the deterministic id that makes a replay a
 * duplicate (Immich's `${id}-${name}`), and its one handler. Handlers are idempotent: BullMQ
 * delivers at least once, and the daily sweep re-creates lost work.
 */
export interface JobDefinition<Data = unknown> {
  name: string;
  queue: string;
  jobId(data: Data): string;
  handle(data: Data, deps: JobDeps): Promise<unknown>;
}

export const defineJob = <Data>(definition: JobDefinition<Data>): JobDefinition<Data> => definition;

/** A job the hub runs on a timetable, registered with BullMQ's `upsertJobScheduler` under a stable id. */
export interface JobSchedule<Data = unknown> {
  id: string;
  job: JobDefinition<Data>;
  repeat: { pattern: string; tz: string } | { every: number };
  data: Data;
}
