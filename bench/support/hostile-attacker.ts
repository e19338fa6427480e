/**
 * The hostile client of bench/hostile-client.bench.ts, in a process of its own so that its work
 * (reading megabytes of answers) does not sit in the normal client's event loop. `concurrency`
 * loops each send the next document of the mix as soon as the last one is answered (or given up);
 * answers are read to the end, as a client would, but not parsed unless small (to see their code).
 *   ← { type: 'start', url, token, concurrency, queries }
 *   ← { type: 'stop' } → { type: 'stats', sent, outcomes, seconds }, then it exits, abandoning
 *     whatever it still has in flight
 */
import type { HostileQuery } from './hostile-queries';

interface Start {
  type: 'start';
  url: string;
  token: string;
  concurrency: number;
  queries: HostileQuery[];
}

const outcomes: Record<string, number> = {};
let sent = 0;
let running = false;
let started = 0;
const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);

async function one(start: Start, q: HostileQuery): Promise<void> {
  const abandon = q.abandonAfterMs ? AbortSignal.timeout(q.abandonAfterMs) : undefined;
  sent += 1;
  try {
    const res = await fetch(`${start.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${start.token}` },
      body: JSON.stringify({ query: q.query }),
      signal: abandon,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let code = '';
    if (bytes.length < 4096) {
      try {
        code = JSON.parse(bytes.toString('utf8')).errors?.[0]?.extensions?.code ?? '';
      } catch {
        code = 'not JSON';
      }
    }
    count(`${res.status}${code ? ` ${code}` : ''}`);
  } catch (err) {
    count(abandon?.aborted ? 'abandoned' : `failed: ${(err as Error).message}`);
  }
}

async function loop(start: Start, offset: number): Promise<void> {
  for (let i = offset; running; i++) await one(start, start.queries[i % start.queries.length]);
}

process.on('message', async (msg: Start | { type: 'stop' }) => {
  if (msg.type === 'start') {
    running = true;
    started = Date.now();
    for (let i = 0; i < msg.concurrency; i++) void loop(msg, i);
  } else if (msg.type === 'stop') {
    running = false;
    const seconds = (Date.now() - started) / 1000;
    // Then the client goes, leaving every request it has in flight: the hub is to stop their work.
    process.send!({ type: 'stats', sent, outcomes, seconds }, () => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
