/**
 * The hostile-client bench's hub, in a process of its own (forked by bench/hostile-client.bench.ts),
 * so that its peak RSS is the hub's alone and its event loop serves only HTTP, not the bench's
 * clients. It fills its database as the sweep bench does (projects, their owner and contractor,
 * accounts, agreements, a year of monthly credits, set-based SQL), sweeps it once so the projects
 * have their alerts, and answers the parent over IPC:
 *   → { type: 'ready', url, tokens, counts }      once filled
 *   ← memory, reset-peak, close                   (./hub-process.ts)
 */
import { serveBenchHub } from './hub-process';
import { loadSweepData, makePlan, BANK, type SweepLoad } from './sweep-data';
import { runSweep } from '../../src/services/compliance/sweep';

export type { HubMemory } from './hub-process';

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

const env = JSON.parse(process.env.HOSTILE_HUB_ENV ?? '{}') as Record<string, string>;
const projects = Number(process.env.HOSTILE_PROJECTS ?? 5000);
const started = Date.now();

void serveBenchHub('hostile hub', { RUN_JOBS: 'false', ...env }, async (bench): Promise<HubReady> => {
  const load: SweepLoad = {
    agreements: projects,
    enterprises: Math.max(10, projects / 10),
    seed: 20261202,
  };
  await loadSweepData(bench.sql, load, makePlan(load));
  await runSweep(bench.hub.orm.em, AS_OF);
  await bench.sql.query('vacuum analyze alert');
  // The heavy lane's workers start with the first heavy operation; here before either phase, so
  // that neither the normal client alone nor the attack sees them start.
  await bench.hub.heavyWorkers.started();
  const count = async (table: string) =>
    Number((await bench.sql.query(`select count(*) as n from ${table}`)).rows[0].n);
  return {
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
});
