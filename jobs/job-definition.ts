import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

/** What a job handler may use: the ORM (fork its EntityManager per job) and a logger. */
export interface JobDeps {
  orm: MikroORM;
  log: Logger;
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
