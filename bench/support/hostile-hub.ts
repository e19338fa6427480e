/**
 * The hostile-client bench's hub, in a process of its own (forked by bench/hostile-client.bench.ts),
 * so that its peak RSS is the hub's alone and its event loop serves only HTTP, not the bench's
 * clients. It fills its database as the sweep bench does (projects, their owner and contractor,
 * accounts, agreements, a year of monthly credits, set-based SQL), sweeps it once so the projects
 * have their alerts, and answers the parent over IPC:
 *   → { type: 'ready', url, tokens, counts }      once filled
 *   ← { type: 'memory' } → { type: 'memory', rssMb, peakMb, lagP99Ms, lagMaxMs }
 *       (VmRSS and VmHWM of /proc/self/status; the event loop's delay since the last reset)
 *   ← { type: 'reset-peak' }                      (VmHWM and the delay histogram start again)
 *   ← { type: 'close' }                           (drops the database and exits)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBenchHub, type BenchHub } from './bench-hub';
import { loadSweepData, makePlan, BANK, type SweepLoad } from './sweep-data';
import { runSweep } from '../../src/services/compliance/sweep';

export interface HubReady {
  type: 'ready';
  url: string;
  databaseUrl: string;
  tokens: { normal: string; hostile: string };
  counts: { projects: number; agreements: number; events: number; alerts: number };
  fillSeconds: number;
  env: Record<string, string>;
}

const AS_OF = '2026-11-20';

const lag = monitorEventLoopDelay({ resolution: 10 });

export interface HubMemory {
  rssMb: number;
  peakMb: number;
  /** how late the event loop ran a timer: what every request waited behind */
  lagP99Ms: number;
  lagMaxMs: number;
}

function memory(): HubMemory {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
  return {
    rssMb: kb('VmRSS') / 1024,
    peakMb: kb('VmHWM') / 1024,
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
  };
}

async function main(): Promise<void> {
  const env = JSON.parse(process.env.HOSTILE_HUB_ENV ?? '{}') as Record<string, string>;
  const projects = Number(process.env.HOSTILE_PROJECTS ?? 5000);
  const started = Date.now();
  const bench: BenchHub = await startBenchHub({ RUN_JOBS: 'false', ...env });
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await bench.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  try {
    const load: SweepLoad = {
      agreements: projects,
      enterprises: Math.max(10, projects / 10),
      seed: 20261202,
    };
    await loadSweepData(bench.sql, load, makePlan(load));
    await runSweep(bench.hub.orm.em, AS_OF);
    await bench.sql.query('vacuum analyze alert');
    const count = async (table: string) =>
      Number((await bench.sql.query(`select count(*) as n from ${table}`)).rows[0].n);
    const ready: HubReady = {
      type: 'ready',
      url: bench.hub.url,
      databaseUrl: bench.databaseUrl,
      tokens: {
        normal: bench.token({ org: 'HRSS', district: '210500' }),
        // A bank's token sees every project on its accounts: here, all of them.
        hostile: bench.token({ org: 'BANK', district: '210500', bank: BANK }),
      },
      counts: {
        projects: await count('project'),
        agreements: await count('tripartite_agreement'),
        events: await count('account_event'),
        alerts: await count('alert'),
      },
      fillSeconds: (Date.now() - started) / 1000,
      env,
    };
    lag.enable();
    process.send!(ready);
  } catch (err) {
    console.error(`hostile hub: ${(err as Error).stack}`);
    await close();
    return;
  }
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'memory') process.send!({ type: 'memory', ...memory() });
    // Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current one.
    if (msg.type === 'reset-peak') {
      writeFileSync('/proc/self/clear_refs', '5');
      lag.reset();
      process.send!({ type: 'reset-peak' });
    }
    if (msg.type === 'close') void close();
  });
}

void main();
