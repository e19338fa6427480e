/**
 * The intake bench's hub, in a process of its own (forked by bench/intake.bench.ts), so that the
 * pushing client's HTTP work is not on the hub's thread and the ratio measures the hub alone. It
 * registers the bank and the projects with agreements (and the baseline's table) and answers the
 * parent over IPC:
 *   → { type: 'ready', url, databaseUrl, secret }
 *   ← cpu, memory, reset-peak, close   (./hub-process.ts)
 * INTAKE_ACCOUNTS says how many projects (100).
 */
import { serveBenchHub } from './hub-process';
import { SECRET, setUp, type PushTarget } from './intake-runs';

export interface IntakeHubReady extends PushTarget {
  type: 'ready';
  databaseUrl: string;
}

void serveBenchHub('intake hub', {}, async (bench): Promise<IntakeHubReady> => {
  await setUp(bench, Number(process.env.INTAKE_ACCOUNTS ?? 100));
  return { type: 'ready', url: bench.hub.url, databaseUrl: bench.databaseUrl, secret: SECRET };
});
