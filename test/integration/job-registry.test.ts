import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createQueueBackend, type QueueBackend } from '../../src/queue/backend';
import { JobRegistry, JobRegistryError, startJobWorkers, type RunningJobs } from '../../jobs/registry';
import { defineJob } from '../../jobs/job-definition';
import { REDIS_URL } from '../support/test-env';
import { loadConfig } from '../../src/config';

describe('job registry', () => {
  let backend: QueueBackend;
  let jobs: RunningJobs | undefined;
  const runs: string[] = [];
  const echo = defineJob<{ key: string }>({
    name: 'echo',
    queue: 'registry-test',
    jobId: (d) => `echo-${d.key}`,
    handle: async (d) => {
      runs.push(d.key);
      return d.key;
    },
  });

  beforeAll(async () => {
    backend = await createQueueBackend({
      redisUrl: REDIS_URL,
      databaseUrl: '',
      prefix: `reg_${randomBytes(4).toString('hex')}`,
    });
  });
  afterAll(async () => {
    await jobs?.close();
    await backend.close();
  });

  it('refuses a job name with two handlers at start-up', () => {
    expect(() => new JobRegistry([echo, { ...echo }])).toThrow(JobRegistryError);
    expect(() => new JobRegistry([echo, { ...echo }])).toThrow(/"echo" has two handlers/);
  });

  it('runs the same work once however often it is enqueued (deterministic job ids)', async () => {
    jobs = startJobWorkers(backend, new JobRegistry([echo]), {
      orm: {} as MikroORM,
      log: pino({ level: 'silent' }),
      config: loadConfig({}),
    });
    await jobs.enqueue(echo, { key: 'a' });
    await jobs.enqueue(echo, { key: 'a' });
    await jobs.enqueue(echo, { key: 'b' });
    const deadline = Date.now() + 10_000;
    while (runs.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(runs.sort()).toEqual(['a', 'b']);
  });

  it('refuses to enqueue a job that is not registered', async () => {
    const stray = defineJob<{ key: string }>({ ...echo, name: 'stray' });
    await expect(jobs!.enqueue(stray, { key: 'x' })).rejects.toThrow(/"stray" is not registered/);
  });

  it('fails a job no handler knows for good instead of retrying it', async () => {
    const queue = jobs!.queue('registry-test');
    const job = await queue.add('unknown-job', {}, { attempts: 3 });
    const deadline = Date.now() + 10_000;
    let state = await job.getState();
    while (state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      state = await job.getState();
    }
    expect(state).toBe('failed');
    const failed = await queue.getJob(job.id!);
    expect(failed?.failedReason).toMatch(/no handler for job "unknown-job"/);
    expect(failed?.attemptsMade).toBe(1);
  });
});
