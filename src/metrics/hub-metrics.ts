/**
 * The hub's Prometheus metrics, one registry per hub (tests run several hubs in one process). Label
 * values come from small fixed sets or are capped (operation names), so no caller can grow the
 * series without bound; none carries personal data.
 */
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';

/** Distinct operation names kept as labels; the rest are counted as "other". */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface HubMetrics {
  registry: Registry;
  graphqlRequests: Counter<'operation' | 'outcome'>;
  graphqlDuration: Histogram<'operation'>;
  httpRequests: Counter<'route' | 'status'>;
  jobRuns: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job'>;
  intakeEvents: Counter<'bank' | 'adapter' | 'outcome'>;
  /** stored pushes by how they were stored: in one statement (push-fast.ts) or the full transaction */
  bankPushes: Counter<'path'>;
  /** gauges filled when scraped (pool, queues, outbox) register their collectors here */
  onScrape(collect: () => Promise<void>): void;
  operationLabel(name: string | null | undefined): string;
  /**
   * A gauge filled at scrape time. `across` says how the hub's processes (HTTP_PROCESSES) combine
   * it: `sum` for what each process holds (its pool), `max` for a fact every process reads alike
   * (a queue's depth, the outbox), which a sum would count once per process.
   */
  gauge(name: string, help: string, labels: string[], across?: 'sum' | 'max'): Gauge<string>;
  /** this process's metrics as prom-client's JSON, scrape-time gauges refreshed (for the cluster's sum) */
  snapshot(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

export function createHubMetrics(): HubMetrics {
  const registry = new Registry();
  const seen = new Set<string>();
  const collectors: (() => Promise<void>)[] = [];
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const metrics: HubMetrics = {
    registry,
    graphqlRequests: new Counter({
      name: 'wagewatch_graphql_requests_total',
      help: 'GraphQL operations answered, by operation name and outcome (ok or the error code)',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'wagewatch_graphql_request_duration_seconds',
      help: 'GraphQL operation latency, by operation name',
      labelNames: ['operation'],
      buckets: seconds,
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'wagewatch_http_requests_total',
      help: 'HTTP requests by route and status class',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'wagewatch_job_runs_total',
      help: 'job runs by job name and outcome (completed, failed)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'wagewatch_job_duration_seconds',
      help: 'job run time by job name (the compliance sweep among them)',
      labelNames: ['job'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: [registry],
    }),
    intakeEvents: new Counter({
      name: 'wagewatch_intake_events_total',
      help: 'bank events in signed pushes, by bank, adapter and outcome (accepted, duplicates, rejected)',
      labelNames: ['bank', 'adapter', 'outcome'],
      registers: [registry],
    }),
    bankPushes: new Counter({
      name: 'wagewatch_bank_pushes_total',
      help: 'signed pushes stored, by path: one_statement (a small plain push) or transaction',
      labelNames: ['path'],
      registers: [registry],
    }),
    onScrape: (collect) => void collectors.push(collect),
    operationLabel(name) {
      if (!name) return 'anonymous';
      if (!OPERATION_NAME.test(name)) return 'other';
      if (seen.has(name)) return name;
      if (seen.size >= MAX_OPERATION_NAMES) return 'other';
      seen.add(name);
      return name;
    },
    gauge: (name, help, labelNames, across = 'sum') =>
      new Gauge({ name, help, labelNames, aggregator: across, registers: [registry] }),
    snapshot: async () => {
      await refresh();
      return registry.getMetricsAsJSON();
    },
  };
  // Scrape-time gauges: each collector refreshes its gauges before the registry is rendered.
  const refresh = () => Promise.all(collectors.map((c) => c().catch(() => undefined)));
  const render = registry.metrics.bind(registry);
  registry.metrics = async () => {
    await refresh();
    return render();
  };
  return metrics;
}
