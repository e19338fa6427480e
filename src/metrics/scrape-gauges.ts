/**
 * Gauges read when Prometheus scrapes: the database pool, each queue's jobs by state, and the
 * outbox's undelivered notices. Each is one cheap read; a failing one leaves its gauge as it was.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { HubMetrics } from './hub-metrics';
import type { RunningJobs } from '../../jobs/registry';
import { sql } from '../db/sql';
import type { LoopDelay } from '../http/limits/loop-delay';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export function registerScrapeGauges(
  metrics: HubMetrics,
  orm: MikroORM,
  jobs: RunningJobs,
  queues: readonly string[],
  graphqlOrm?: MikroORM,
): void {
  poolGauge(
    metrics,
    orm,
    'wagewatch_db_pool_connections',
    "the hub's own database pool (pushes, jobs, audit)",
  );
  if (graphqlOrm) {
    poolGauge(
      metrics,
      graphqlOrm,
      'wagewatch_graphql_db_pool_connections',
      "GraphQL requests' database pool",
    );
  }

  const depth = metrics.gauge(
    'wagewatch_queue_jobs',
    'jobs in each queue by state',
    ['queue', 'state'],
    'max',
  );
  metrics.onScrape(async () => {
    for (const name of queues) {
      const counts = await jobs.queue(name).getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) depth.set({ queue: name, state }, counts[state] ?? 0);
    }
  });

  const outbox = metrics.gauge(
    'wagewatch_outbox_notices',
    'notices not yet delivered, by status',
    ['status'],
    'max',
  );
  metrics.onScrape(async () => {
    const rows: { status: string; n: string }[] = await sql(
      orm.em.fork(),
      `select status, count(*) as n from outbox_notice where status in ('PENDING', 'FAILED') group by status`,
    );
    for (const status of ['PENDING', 'FAILED']) {
      outbox.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
    }
  });
}

function poolGauge(metrics: HubMetrics, orm: MikroORM, name: string, what: string): void {
  const pool = metrics.gauge(name, `${what}: connections by state`, ['state']);
  metrics.onScrape(async () => {
    // knex's tarn pool; its counters are plain numbers
    const tarn = (orm.em.getKnex().client as { pool?: Record<string, () => number> }).pool;
    if (!tarn) return;
    pool.set({ state: 'used' }, tarn.numUsed());
    pool.set({ state: 'free' }, tarn.numFree());
    pool.set({ state: 'pending' }, tarn.numPendingAcquires());
  });
}

/**
 * What admission sees: the request thread's lateness it watches (MAX_EVENT_LOOP_DELAY_MS; over
 * serving processes, the worst) and the GraphQL requests it has let in and keeps waiting.
 */
export function watchAdmission(
  metrics: HubMetrics,
  delay: LoopDelay,
  admission: { stats(): { inFlight: number; queued: number } },
): void {
  const requests = metrics.gauge(
    'wagewatch_admission_requests',
    'GraphQL requests, boards and reports admission has let in (in_flight) and keeps waiting (queued)',
    ['state'],
  );
  metrics.onScrape(async () => {
    const { inFlight, queued } = admission.stats();
    requests.set({ state: 'in_flight' }, inFlight);
    requests.set({ state: 'queued' }, queued);
  });
  const late = metrics.gauge(
    'wagewatch_event_loop_delay_ms',
    "how late the request thread ran at the median turn of the last half second (admission's MAX_EVENT_LOOP_DELAY_MS)",
    [],
    'max',
  );
  metrics.onScrape(async () => late.set(delay.lateMs()));
}
