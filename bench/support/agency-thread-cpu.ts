/**
 * The hub's request-thread CPU per agency query, read from /proc/<pid>/schedstat (nanoseconds the
 * main thread ran), over 12 batches of 4 concurrent clients; the first two batches warm up, and
 * the minimum and median of the rest are printed. On a machine shared with other work, the
 * closed-loop throughput of agency-queries.bench.ts moves 2× between runs, this figure far less: it
 * is what to compare before and after a change to the request path.
 *
 * `AGENCY_KEEP_DB=1 npm run bench -- agency-queries` leaves its database; then
 * `node -r ./src/register.js bench/support/agency-thread-cpu.ts <database url> [hub checkout]`
 * starts the hub of that checkout (default: this one) on it, as the bench does (production, jobs
 * off), and measures. Knobs: THREAD_CPU_QUERIES=A,B; THREAD_CPU_NODE_ARGS (flags for the hub's node);
 * THREAD_CPU_CLIENTS (4); THREAD_CPU_BATCHES (12: more gives a steadier median on a busy machine).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { signToken } from '../../src/auth/tokens';
import { startAgencyHub } from './agency-children';
import { AGENCY_QUERIES, requestBody } from './agency-queries';

const [databaseUrl, checkout = path.resolve(__dirname, '../..')] = process.argv.slice(2);
const ONLY = (process.env.THREAD_CPU_QUERIES ?? '').split(',').filter(Boolean);
const NODE_ARGS = (process.env.THREAD_CPU_NODE_ARGS ?? '').split(' ').filter(Boolean);
const SECRET = `bench-${randomBytes(24).toString('hex')}`;
const BATCHES = Number(process.env.THREAD_CPU_BATCHES ?? 12);
const WARM_BATCHES = 2;
const CLIENTS = Number(process.env.THREAD_CPU_CLIENTS ?? 4);
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(port: number, body: string, authorization: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const threadNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);

async function main(): Promise<void> {
  if (!databaseUrl) throw new Error('usage: agency-thread-cpu.ts <database url> [hub checkout]');
  const hub = await startAgencyHub({
    databaseUrl,
    jwtSecret: SECRET,
    queuePrefix: `thread-cpu-${randomBytes(4).toString('hex')}`,
    checkout,
    nodeArgs: NODE_ARGS,
  });
  const port = Number(new URL(hub.url).port);
  try {
    console.log(`hub of ${checkout}, request thread's CPU per request (ms), ${CLIENTS} clients`);
    for (const q of AGENCY_QUERIES.filter((x) => !ONLY.length || ONLY.includes(x.name))) {
      const authorization = `Bearer ${signToken({ sub: 'bench', ...q.caller }, SECRET, '2h')}`;
      const body = requestBody(q);
      const first = await post(port, body, authorization);
      if (!first.startsWith('{"data"') || first.includes('"errors"'))
        throw new Error(`${q.name}: ${first.slice(0, 300)}`);
      // about half a second of the thread a batch
      const n = q.name === 'ProjectsTotal' ? 400 : q.name === 'CreditFeed' ? 40 : 120;
      const perRequest: number[] = [];
      for (let b = 0; b < BATCHES; b++) {
        const before = threadNs(hub.process.pid!);
        let left = n;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (left-- > 0) await post(port, body, authorization);
          }),
        );
        perRequest.push((threadNs(hub.process.pid!) - before) / n / 1e6);
      }
      const warm = perRequest.slice(WARM_BATCHES).sort((a, b) => a - b);
      console.log(
        `  ${q.name.padEnd(20)} min ${warm[0].toFixed(2)}  median ${warm[Math.floor(warm.length / 2)].toFixed(2)}`,
      );
    }
  } finally {
    await hub.stop();
    agent.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
