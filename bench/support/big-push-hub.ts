/**
 * The big-push bench's hub, in a process of its own (forked by bench/big-push.bench.ts), so that
 * its peak RSS is the hub's alone and its event loop serves only HTTP. It registers the intake
 * bench's bank and 100 projects with agreements through GraphQL, raises the push size limits for a
 * 145 MB document, and answers the parent over IPC:
 *   → { type: 'ready', url, databaseUrl, token, bank, secret }
 *   ← memory, reset-peak, close   (./hub-process.ts)
 */
import { serveBenchHub } from './hub-process';
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

const maxBytes = process.env.BIG_PUSH_MAX_BYTES ?? String(256 * 2 ** 20);

void serveBenchHub(
  'big-push hub',
  { RUN_JOBS: 'false', BANK_PUSH_MAX_BYTES: maxBytes },
  async (bench): Promise<BigPushHubReady> => {
    await setUp(bench, 100);
    // The XML adapters cap a document at 10 MiB unless the bank profile says more.
    await bench.sql.query(`update bank set adapter_options = adapter_options || $1::jsonb where code = $2`, [
      JSON.stringify({ maxBytes: Number(maxBytes) }),
      BANK,
    ]);
    return {
      type: 'ready',
      url: bench.hub.url,
      databaseUrl: bench.databaseUrl,
      token: bench.token({ org: 'HRSS', district: '210500' }),
      bank: BANK,
      secret: SECRET,
    };
  },
);
