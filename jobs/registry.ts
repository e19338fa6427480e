import { safeErrorMessage } from '../src/log-safe-error';
import { Queue, UnrecoverableError, Worker, type IQueueBackend } from 'bullmq';
import type { QueueBackend } from '../src/queue/backend';
import type { JobDefinition, JobDeps, JobSchedule } from './job-definition';

/** A queue on whichever backend the hub runs (Redis or PostgreSQL). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- BullMQ's generics, fixed only by the backend
export type HubQueue = Queue<any, any, string, any, any, string, IQueueBackend, any>;

export class JobRegistryError extends Error {
  override name = 'JobRegistryError';
}

/** Every job the hub runs, checked once at start-up: a name with two handlers stops the hub. */
export class JobRegistry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own data type
  private readonly byName = new Map<string, JobDefinition<any>>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own data type
  constructor(definitions: readonly JobDefinition<any>[]) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) {
        throw new JobRegistryError(
          `job "${definition.name}" has two handlers; each job name has exactly one`,
        );
      }
      this.byName.set(definition.name, definition);
    }
  }

  get queues(): string[] {
    return [...new Set([...this.byName.values()].map((d) => d.queue))];
  }

  handlerFor(name: string): JobDefinition<unknown> | undefined {
    return this.byName.get(name);
  }
}

export interface RunningJobs {
  /** adds a job under its deterministic id: adding the same work twice runs it once */
  enqueue<Data>(definition: JobDefinition<Data>, data: Data, opts?: { delay?: number }): Promise<void>;
  queue(name: string): HubQueue;
  /** registers (or updates) each schedule under its stable id, so restarts never double it */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job has its own data type
  schedule(schedules: readonly JobSchedule<any>[]): Promise<void>;
  close(): Promise<void>;
}

/** One Worker per queue, dispatching by job name; a job nobody handles fails for good. */
export function startJobWorkers(
  backend: QueueBackend,
  registry: JobRegistry,
  baseDeps: Omit<JobDeps, 'enqueue'>,
  opts: { work: boolean } = { work: true },
): RunningJobs {
  // eslint-disable-next-line prefer-const -- assigned below, used by handlers that run later
  let running: RunningJobs;
  const deps: JobDeps = { ...baseDeps, enqueue: (definition, data) => running.enqueue(definition, data) };
  const queues = new Map<string, HubQueue>();
  const workers = (opts.work ? registry.queues : []).map(
    (name) =>
      new Worker(
        name,
        async (job) => {
          const definition = registry.handlerFor(job.name);
          if (!definition || definition.queue !== name) {
            throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${name}"`);
          }
          const started = process.hrtime.bigint();
          const outcome = (o: string) => {
            deps.metrics?.jobRuns.inc({ job: definition.name, outcome: o });
            deps.metrics?.jobDuration.observe(
              { job: definition.name },
              Number(process.hrtime.bigint() - started) / 1e9,
            );
          };
          try {
            const result = await definition.handle(job.data, {
              ...deps,
              log: deps.log.child({ job: job.name, jobId: job.id }),
            });
            outcome('completed');
            return result;
          } catch (err) {
            outcome('failed');
            throw err;
          }
        },
        backend.queueOptions(),
        backend.factory,
      ),
  );
  for (const worker of workers) {
    worker.on('failed', (job, err) =>
      deps.log.warn({ job: job?.name, jobId: job?.id, err: safeErrorMessage(err) }, 'job failed'),
    );
    // Without a listener an 'error' event (a lost connection, a job's keys gone after a Redis
    // flush) is thrown and takes the whole hub down; logged, the worker reconnects and goes on.
    worker.on('error', (err) =>
      deps.log.error({ queue: worker.name, err: safeErrorMessage(err) }, 'job worker error'),
    );
  }
  const queue = (name: string): HubQueue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, backend.queueOptions(), backend.factory);
      q.on('error', (err) => deps.log.error({ queue: name, err: safeErrorMessage(err) }, 'job queue error'));
      queues.set(name, q);
    }
    return q;
  };
  running = {
    async enqueue(definition, data, opts) {
      if (registry.handlerFor(definition.name) !== (definition as JobDefinition<unknown>)) {
        throw new JobRegistryError(`job "${definition.name}" is not registered`);
      }
      await queue(definition.queue).add(definition.name, data, {
        jobId: definition.jobId(data),
        delay: opts?.delay,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      });
    },
    queue,
    async schedule(schedules) {
      for (const s of schedules) {
        if (registry.handlerFor(s.job.name) !== (s.job as JobDefinition<unknown>)) {
          throw new JobRegistryError(`schedule "${s.id}" runs job "${s.job.name}", which is not registered`);
        }
        // A tick every few seconds must not pile finished jobs up in Redis.
        try {
          await queue(s.job.queue).upsertJobScheduler(s.id, s.repeat, {
            name: s.job.name,
            data: s.data,
            opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
          });
        } catch (err) {
          // Hubs starting at once upsert the same scheduler: the one that lost the race finds the
          // iteration it would create made by the other, which is the schedule we want.
          if (!/job scheduler iteration - job ID already exists/.test((err as Error).message)) throw err;
        }
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
  return running;
}
