import { isDeepStrictEqual } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { quantile, type Run } from './agency-load';

/** Printing and judging the agency-queries bench's runs. */

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
export const load1 = (): string => loadavg()[0].toFixed(1);

const ms = (v: number) => (v < 10 ? v.toFixed(1) : fmt(v));
export const percentiles = (r: Run): string =>
  `p50 ${ms(quantile(r.latencies, 0.5))} / p95 ${ms(quantile(r.latencies, 0.95))} / p99 ${ms(quantile(r.latencies, 0.99))} ms`;

export const errorsOf = (r: Run): string =>
  r.errors === 0
    ? '0 errors'
    : `${fmt(r.errors)} errors (${Object.entries(r.errorKinds)
        .map(([k, n]) => `${k} ×${fmt(n)}`)
        .join(', ')})`;

const perRequestMs = (cpuS: number, r: Run) => ((cpuS * 1000) / (r.ok + r.errors)).toFixed(2);

export const cpuPerRequest = (r: Run): string =>
  (r.serverCpuS === null || r.ok === 0 ? '' : `, ${perRequestMs(r.serverCpuS, r)} ms CPU/req`) +
  (r.postgresCpuS === null || r.ok === 0 ? '' : `, PostgreSQL ${perRequestMs(r.postgresCpuS, r)} ms`);

/**
 * CPU milliseconds a request costs the machine: the server's and PostgreSQL's together (the load
 * generator's own left out); null without both figures.
 */
export function machineMsPerRequest(r: Run): number | null {
  if (r.serverCpuS === null || r.postgresCpuS === null || r.ok + r.errors === 0) return null;
  return ((r.serverCpuS + r.postgresCpuS) * 1000) / (r.ok + r.errors);
}

/**
 * The most requests a second this machine's cores could answer at that cost: an upper bound (the
 * load generator, the kernel's network stack and other work share the cores). An arrival rate
 * above it cannot be met by any tuning of the server's latency, only by less CPU per request or
 * more cores.
 */
export function cpuCeiling(r: Run, cores = cpus().length): number | null {
  const cost = machineMsPerRequest(r);
  return cost === null || cost === 0 ? null : (cores * 1000) / cost;
}

const ceilingOf = (r: Run): string => {
  const ceiling = cpuCeiling(r);
  return ceiling === null ? '' : `; CPU ceiling ${fmt(ceiling)} req/s on ${cpus().length} cores`;
};

export const closedLine = (name: string, r: Run): string =>
  `${name} ${fmt(r.throughput).padStart(6)} req/s (${percentiles(r)}, ${errorsOf(r)}${cpuPerRequest(r)}${ceilingOf(r)})`;

export const openLine = (name: string, r: Run): string => `${name} ${percentiles(r)}, ${errorsOf(r)}`;

/** The first place two JSON answers differ, as a path; null when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${at}.${k}`,
      );
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
}

export interface QueryResult {
  name: string;
  hubClosed: Run;
  rawClosed: Run;
  open: { rate: number; hub: Run; raw: Run }[];
  load: string;
}

export const P95_AIM_MS = 50;
export const CLOSED_RATIO_AIM = 0.5;

/** Issue #9's aims for one query: which are met, which missed, and why. */
export function judge(r: QueryResult): { met: string[]; missed: string[] } {
  const met: string[] = [];
  const missed: string[] = [];
  const ratio = r.hubClosed.throughput / r.rawClosed.throughput;
  (ratio >= CLOSED_RATIO_AIM ? met : missed).push(
    `closed loop ${ratio.toFixed(2)}× raw (aim ≥ ${CLOSED_RATIO_AIM})`,
  );
  for (const step of r.open) {
    // 500 a second is asked of the hub only where the raw-SQL server itself does 1,000
    if (step.rate > 300 && r.rawClosed.throughput < 1000) continue;
    const p95 = quantile(step.hub.latencies, 0.95);
    const ok = step.hub.errors === 0 && p95 < P95_AIM_MS;
    (ok ? met : missed).push(
      `${step.rate}/s p95 ${ms(p95)} ms, ${step.hub.errors} errors${ok ? '' : beyond(step.rate, r)}`,
    );
  }
  return { met, missed };
}

/** For a missed rate past the CPU ceiling: the cores it would take at the closed loop's cost. */
function beyond(rate: number, r: QueryResult): string {
  const ceiling = cpuCeiling(r.hubClosed);
  const cost = machineMsPerRequest(r.hubClosed);
  if (ceiling === null || cost === null || rate <= ceiling) return '';
  return ` (past the CPU ceiling of ${fmt(ceiling)} req/s: ${fmt((rate * cost) / 1000, 1)} cores at ${cost.toFixed(1)} ms a request)`;
}
