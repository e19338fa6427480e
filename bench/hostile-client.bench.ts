import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { DEFAULT_RATE_LIMITS } from '../src/http/limits/rate-limit';
import { hostileQueries, measure, NORMAL_QUERY, type HostileQuery } from './support/hostile-queries';
import type { HubMemory, HubReady } from './support/hostile-hub';
import { nextMessage } from './support/hub-child';

/**
 * A hostile client beside a normal one (issue #9, "Done means"). A hub in its own process is filled
 * with HOSTILE_PROJECTS (5,000) projects, their agreements, a year of credits and the alerts of a
 * sweep; a normal client (city HRSS) asks for `projects(first: 50)` with contractor, agreement and
 * 5 alerts, one request at a time (the next when the last is answered) for HOSTILE_PHASE_S (40 s),
 * first alone and then while a hostile client (a bank's token, which sees every project) keeps HOSTILE_CONCURRENCY (64)
 * requests going: the worst documents the query limits still allow (a 500-project page with
 * everything, 20 aliased pages, a depth-12 nest, the longest search), and the big page given up
 * after 150 ms. Printed: the normal client's p50/p95/p99 alone and under attack, the p95 ratio
 * (aim ≤ 2×), its errors, what the hostile client got, and the hub's peak RSS (VmHWM, aim < 1 GB).
 *
 * The hub runs with the production defaults (rate limits included) unless HOSTILE_HUB_ENV (JSON,
 * e.g. '{"MAX_IN_FLIGHT":"8"}') says otherwise; HOSTILE_RATE_LIMITS=off lifts the rate limits
 * (a hostile holding many tokens). Knobs: HOSTILE_PROJECTS, HOSTILE_PHASE_S, HOSTILE_CONCURRENCY,
 * HOSTILE_RAMP_MS (3000). Also printed: the hub's event-loop delay (what every request waits behind).
 */
const PROJECTS = Number(process.env.HOSTILE_PROJECTS ?? 5000);
const PHASE_MS = Number(process.env.HOSTILE_PHASE_S ?? 40) * 1000;
const CONCURRENCY = Number(process.env.HOSTILE_CONCURRENCY ?? 64);
const RAMP_MS = Number(process.env.HOSTILE_RAMP_MS ?? 3000);
const HUB_ENV: Record<string, string> = {
  RATE_LIMIT_PER_SUBJECT_PER_MINUTE: String(DEFAULT_RATE_LIMITS.perSubject),
  RATE_LIMIT_PER_AGENCY_PER_MINUTE: String(DEFAULT_RATE_LIMITS.perAgency),
  ...(process.env.HOSTILE_RATE_LIMITS === 'off'
    ? { RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '100000000', RATE_LIMIT_PER_AGENCY_PER_MINUTE: '100000000' }
    : {}),
  ...(JSON.parse(process.env.HOSTILE_HUB_ENV ?? '{}') as Record<string, string>),
};

const register = path.join(__dirname, '..', 'src', 'register.js');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const ms = (n: number) => `${Math.round(n)} ms`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function child(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(path.join(__dirname, 'support', file), [], {
    execArgv: ['-r', register],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

const next = nextMessage;

interface Answer {
  ms: number;
  outcome: string;
}

async function ask(
  url: string,
  token: string,
  query: string,
  signal?: AbortSignal,
): Promise<Answer & { bytes: number }> {
  const t = now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    signal,
  });
  const text = await res.text();
  const elapsed = now() - t;
  let code = '';
  try {
    code = JSON.parse(text).errors?.[0]?.extensions?.code ?? '';
  } catch {
    code = 'not JSON';
  }
  return {
    ms: elapsed,
    outcome: res.status === 200 && !code ? 'ok' : `${res.status} ${code}`.trim(),
    bytes: text.length,
  };
}

/**
 * The normal client: one request at a time for PHASE_MS (at least 20 requests), never more often
 * than its rate limit allows (RATE_LIMIT_PER_SUBJECT_PER_MINUTE, with a tenth to spare): a fast
 * answer is followed by a short pause, a slow one by the next request at once.
 */
async function normalPhase(ready: HubReady): Promise<Answer[]> {
  const t0 = now();
  const answers: Answer[] = [];
  const everyMs = (60_000 / Number(HUB_ENV.RATE_LIMIT_PER_SUBJECT_PER_MINUTE)) * 1.1;
  let last = -Infinity;
  while (now() - t0 < PHASE_MS || answers.length < 20) {
    const pause = last + everyMs - now();
    if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    const t = (last = now());
    answers.push(
      await ask(ready.url, ready.tokens.normal, NORMAL_QUERY).catch((err: Error) => ({
        ms: now() - t,
        outcome: `failed: ${err.message}`,
      })),
    );
  }
  return answers;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(answers: Answer[]) {
  const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
  const outcomes: Record<string, number> = {};
  for (const a of answers) outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    requests: answers.length,
    errors: answers.length - (outcomes.ok ?? 0),
    outcomes,
  };
}

const line = (name: string, s: ReturnType<typeof summary>) =>
  `${name}: ${s.requests} requests, p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; ` +
  `${s.errors} not answered in full (${JSON.stringify(s.outcomes)})`;

const hubLine = (m: HubMemory) =>
  `hub peak RSS ${m.peakMb.toFixed(0)} MB, event-loop delay p99 ${ms(m.lagP99Ms)}, max ${ms(m.lagMaxMs)}`;

async function main(): Promise<void> {
  console.log(
    `hostile client: ${PROJECTS.toLocaleString('en-US')} projects; normal client projects(first: 50), one at a ` +
      `time for ${PHASE_MS / 1000} s a phase; hostile ${CONCURRENCY} in flight; ${cpus().length} cores, ` +
      `load average ${load()}`,
  );
  const limits = loadConfig(HUB_ENV).queryLimits;
  const queries: HostileQuery[] = hostileQueries(limits);
  const hub = child('hostile-hub.ts', {
    HOSTILE_HUB_ENV: JSON.stringify(HUB_ENV),
    HOSTILE_PROJECTS: String(PROJECTS),
  });
  let attacker: ChildProcess | undefined;
  let sql: Client | undefined;
  try {
    const ready = await next<HubReady>(hub, 'ready');
    console.log(
      `filled in ${ready.fillSeconds.toFixed(0)} s (not part of the figures): ${JSON.stringify(ready.counts)}; ` +
        `hub settings ${JSON.stringify(ready.env)}`,
    );
    sql = new Client({ connectionString: ready.databaseUrl });
    await sql.connect();
    const normalShape = measure(NORMAL_QUERY);
    console.log(`normal document: cost ${normalShape.cost}, depth ${normalShape.depth}`);
    // Each hostile document alone, once: it is allowed (not QUERY_TOO_COMPLEX), and what it costs the hub.
    for (const q of queries) {
      const signal = q.abandonAfterMs ? AbortSignal.timeout(q.abandonAfterMs) : undefined;
      const a = await ask(ready.url, ready.tokens.hostile, q.query, signal).catch(() => null);
      console.log(
        `  hostile "${q.name}": ${q.query.length} bytes, cost ${q.shape.cost} (limit ${limits.maxCost}), ` +
          `depth ${q.shape.depth}, aliases ${q.shape.aliases}; alone: ` +
          (a ? `${ms(a.ms)}, ${a.outcome}, ${(a.bytes / 1e6).toFixed(1)} MB` : 'given up, as meant'),
      );
      if (a && a.outcome.startsWith('400'))
        throw new Error(`"${q.name}" was refused: the bench must stay within the limits`);
    }
    for (let i = 0; i < 20; i++) await ask(ready.url, ready.tokens.normal, NORMAL_QUERY); // warm-up

    await next(hub, 'reset-peak', { type: 'reset-peak' });
    const alone = summary(await normalPhase(ready));
    const aloneHub = await next<HubMemory>(hub, 'memory', { type: 'memory' });
    console.log(`${line('normal alone       ', alone)}; ${hubLine(aloneHub)}; load ${load()}`);

    await next(hub, 'reset-peak', { type: 'reset-peak' });
    attacker = child('hostile-attacker.ts');
    attacker.send({
      type: 'start',
      url: ready.url,
      token: ready.tokens.hostile,
      concurrency: CONCURRENCY,
      queries,
    });
    await new Promise((r) => setTimeout(r, RAMP_MS));
    const attacked = summary(await normalPhase(ready));
    const stats = await next<{ sent: number; outcomes: Record<string, number>; seconds: number }>(
      attacker,
      'stats',
      { type: 'stop' },
    );
    const stoppedAt = now();
    const attackHub = await next<HubMemory>(hub, 'memory', { type: 'memory' });
    console.log(`${line('normal under attack', attacked)}; ${hubLine(attackHub)}; load ${load()}`);
    console.log(
      `hostile: ${stats.sent} requests in ${stats.seconds.toFixed(0)} s: ` +
        Object.entries(stats.outcomes)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} × ${v}`)
          .join(', '),
    );
    // The hostile client has gone with requests in flight: how long the hub goes on with them.
    let busyMs = 0;
    for (;;) {
      const { rows } = await sql.query(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = 'wagewatch-graphql' and state = 'active'`,
      );
      busyMs = now() - stoppedAt;
      if (rows[0].n === 0 || busyMs > 60_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = await ask(ready.url, ready.tokens.normal, NORMAL_QUERY);
    console.log(
      `after the attack: no GraphQL statement running ${ms(busyMs)} after the hostile client left; ` +
        `the next normal request took ${ms(after.ms)} (${after.outcome})`,
    );
    const ratio = attacked.p95 / alone.p95;
    const peak = Math.max(aloneHub.peakMb, attackHub.peakMb);
    console.log(
      `normal p95 under attack ${ms(attacked.p95)} vs alone ${ms(alone.p95)}: ratio ${ratio.toFixed(2)}× ` +
        `(aim ≤ 2×), ${attacked.errors} of ${attacked.requests} not answered in full; hub peak RSS ` +
        `${peak.toFixed(0)} MB (aim < 1024); load average ${load()}`,
    );
  } finally {
    attacker?.kill();
    await sql?.end().catch(() => undefined);
    if (hub.exitCode === null) {
      const exited = new Promise((r) => hub.once('exit', r));
      if (hub.connected) hub.send({ type: 'close' });
      else hub.kill();
      await exited;
    }
  }
}

main().catch((err: Error) => {
  console.error(`hostile-client bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
