/**
 * The big-push bench's hub, in a process of its own (forked by bench/big-push.bench.ts), so that
 * its peak RSS is the hub's alone and its event loop serves only HTTP. It registers the intake
 * bench's bank and 100 projects with agreements through GraphQL, raises the push size limits for a
 * 145 MB document, and answers the parent over IPC:
 *   → { type: 'ready', url, databaseUrl, token, bank, secret }
 *   ← { type: 'memory' } → { type: 'memory', rssMb, peakMb, lagP99Ms, lagMaxMs }
 *   ← { type: 'reset-peak' }   (VmHWM and the event-loop delay histogram start again)
 *   ← { type: 'close' }        (drops the database and exits)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBenchHub } from './bench-hub';
import type { HubMemory } from './hostile-hub';
import { BANK, SECRET, setUp } from './intake-runs';

export interface BigPushHubReady {
  type: 'ready';
  url: string;
  databaseUrl: string;
  /** city HRSS: the normal client */
  token: string;
  bank: string;
  secret: string;
}

const lag = monitorEventLoopDelay({ resolution: 10 });

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
  const maxBytes = process.env.BIG_PUSH_MAX_BYTES ?? String(256 * 2 ** 20);
  const bench = await startBenchHub({ RUN_JOBS: 'false', BANK_PUSH_MAX_BYTES: maxBytes });
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await bench.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  try {
    await setUp(bench, 100);
    // The XML adapters cap a document at 10 MiB unless the bank profile says more.
    await bench.sql.query(`update bank set adapter_options = adapter_options || $1::jsonb where code = $2`, [
      JSON.stringify({ maxBytes: Number(maxBytes) }),
      BANK,
    ]);
    const ready: BigPushHubReady = {
      type: 'ready',
      url: bench.hub.url,
      databaseUrl: bench.databaseUrl,
      token: bench.token({ org: 'HRSS', district: '210500' }),
      bank: BANK,
      secret: SECRET,
    };
    lag.enable();
    process.send!(ready);
  } catch (err) {
    console.error(`big-push hub: ${(err as Error).stack}`);
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
