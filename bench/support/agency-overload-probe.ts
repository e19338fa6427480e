/**
 * What a hub is doing while an agency query arrives past its capacity: every half second, from its
 * /metrics, the requests admission has let in and keeps waiting, the GraphQL pool's connections
 * (used, free, callers waiting for one) and the request thread's lateness; at the end, the answers
 * and the connections the kernel dropped before the hub accepted them (TcpExt ListenOverflows,
 * this machine's, from /proc/net/netstat).
 *
 * `AGENCY_KEEP_DB=1 npm run bench -- agency-queries` leaves its database; then
 * `node -r ./src/register.js bench/support/agency-overload-probe.ts <database url>` starts the hub
 * on it as the bench does (production, jobs off). Knobs: PROBE_QUERY (CityProjects), PROBE_RATE
 * (300 req/s), PROBE_SECONDS (6); the hub's settings from the environment (e.g.
 * MAX_IN_FLIGHT_PER_AGENCY=64, as the bench's one caller needs).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signToken } from '../../src/auth/tokens';
import { startAgencyHub } from './agency-children';
import { AGENCY_QUERIES, requestBody } from './agency-queries';
import { openLoop, type Target } from './agency-load';

const SECRET = `bench-${randomBytes(24).toString('hex')}`;
const QUERY = process.env.PROBE_QUERY ?? 'CityProjects';
const RATE = Number(process.env.PROBE_RATE ?? 300);
const SECONDS = Number(process.env.PROBE_SECONDS ?? 6);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('TcpExt:'));
  const names = lines[at].split(/\s+/);
  return Number(lines[at + 1].split(/\s+/)[names.indexOf('ListenOverflows')]);
}

const SHOWN =
  /^wagewatch_(event_loop_delay_ms|admission_requests\{[^}]*\}|graphql_db_pool_connections\{[^}]*\}) (\S+)$/gm;

async function main(): Promise<void> {
  const [databaseUrl] = process.argv.slice(2);
  if (!databaseUrl) throw new Error('usage: agency-overload-probe.ts <database url>');
  const q = AGENCY_QUERIES.find((x) => x.name === QUERY);
  if (!q) throw new Error(`PROBE_QUERY: no query ${QUERY}`);
  const hub = await startAgencyHub({
    databaseUrl,
    jwtSecret: SECRET,
    queuePrefix: `probe-${randomBytes(4).toString('hex')}`,
  });
  const base = hub.url;
  try {
    const authorization = `Bearer ${signToken({ sub: 'bench', ...q.caller }, SECRET, '2h')}`;
    const target: Target = { url: `${base}/graphql`, headers: { authorization }, body: requestBody(q) };
    await openLoop(target, 50, 4000); // warm
    const overflowsBefore = listenOverflows();
    let done = false;
    const started = Date.now();
    const polling = (async () => {
      while (!done) {
        const text = await (await fetch(`${base}/metrics`)).text();
        const shown = [...text.matchAll(SHOWN)].map(
          (m) => `${m[1].replace(/"/g, '')} ${Number(m[2]).toFixed(0)}`,
        );
        console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${shown.join('  ')}`);
        await sleep(500);
      }
    })();
    const run = await openLoop(target, RATE, SECONDS * 1000);
    done = true;
    await polling;
    console.log(
      `${QUERY} at ${RATE} req/s for ${SECONDS} s: ${run.ok} answered, ${run.errors} errors ${JSON.stringify(run.errorKinds)}; ` +
        `connections dropped before accept (ListenOverflows): ${listenOverflows() - overflowsBefore}`,
    );
  } finally {
    await hub.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
