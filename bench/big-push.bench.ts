import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signedHeaders } from '../src/http/webhook-signature';
import type { BigPushHubReady } from './support/big-push-hub';
import { buildCamt054 } from './support/camt054-data';
import type { HubMemory } from './support/hostile-hub';
import { nextMessage } from './support/hub-child';

/**
 * A 100,000-entry camt.054 (145 MB, camt054.bench.ts's document) pushed signed through the real
 * route to a hub in a process of its own, while a normal client (city HRSS) runs a trivial agency
 * query, `projects(first: 1) { totalCount }`, one at a time in a loop. The normal client first runs
 * alone for BIG_PUSH_ALONE_S seconds, then for as long as the push takes, then alone again.
 * Printed: the push's time and answer (every event stored, checked by counting), the hub's peak
 * RSS (VmHWM) in each phase, and the normal client's p50/p95 alone and during the push, with their
 * ratio (aim ≤ 2×, RSS < 1 GB; also the ratio to both alone phases together).
 *
 * Knobs: BIG_PUSH_ENTRIES (100000), BIG_PUSH_ACCOUNTS (100), BIG_PUSH_ALONE_S (15); BIG_PUSH_PROF=DIR
 * writes the hub's CPU profile (its main thread) there when it exits, to see what held the thread.
 */
const ENTRIES = Number(process.env.BIG_PUSH_ENTRIES ?? 100_000);
const ACCOUNTS = Number(process.env.BIG_PUSH_ACCOUNTS ?? 100);
const ALONE_S = Number(process.env.BIG_PUSH_ALONE_S ?? 15);
const PROF = process.env.BIG_PUSH_PROF;
const QUERY = '{ projects(first: 1) { totalCount } }';

const register = path.join(__dirname, '..', 'src', 'register.js');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (n: number) => `${n.toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const next = nextMessage;

/** The normal client: one query at a time until `until()` says stop; each answer's time. */
async function normalClient(
  hub: BigPushHubReady,
  until: () => boolean,
): Promise<{ times: number[]; errors: number }> {
  const times: number[] = [];
  let errors = 0;
  while (!until()) {
    const started = now();
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await res.json()) as { data?: { projects: { totalCount: number } } };
    times.push(now() - started);
    if (res.status !== 200 || body.data?.projects.totalCount !== ACCOUNTS) errors += 1;
  }
  return { times, errors };
}

async function push(
  hub: BigPushHubReady,
  doc: Buffer,
  id: string,
): Promise<{ status: number; body: { accepted?: number }; seconds: number }> {
  const headers = { 'content-type': 'application/xml', ...signedHeaders(hub.secret, doc, id) };
  const started = now();
  const res = await fetch(`${hub.url}/banks/${hub.bank}/events`, { method: 'POST', headers, body: doc });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), seconds: (now() - started) / 1000 };
}

const summary = (times: number[]) =>
  `p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, max ${ms(Math.max(...times))} (${times.length} queries)`;

async function main(): Promise<void> {
  const doc = buildCamt054('BIG', { entries: ENTRIES, accounts: ACCOUNTS });
  console.log(
    `camt.054 of ${ENTRIES.toLocaleString('en-US')} entries, ${(doc.length / 1e6).toFixed(0)} MB; ` +
      `${cpus().length} cores, load average ${load()}`,
  );
  const proc = fork(path.join(__dirname, 'support', 'big-push-hub.ts'), [], {
    execArgv: ['-r', register, ...(PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROF}`] : [])],
    env: { ...process.env, BIG_PUSH_MAX_BYTES: String(doc.length + 2 ** 20) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const hub = await next<BigPushHubReady>(proc, 'ready');
  const pg = new Client({ connectionString: hub.databaseUrl });
  await pg.connect();
  try {
    // Warm-up (JIT, pools): a 2,000-entry push and a few seconds of the normal client.
    const warm = await push(hub, buildCamt054('WARM', { entries: 2000, accounts: ACCOUNTS }), 'msg_warm');
    if (warm.status !== 200) throw new Error(`warm-up push: ${warm.status} ${JSON.stringify(warm.body)}`);
    const warmUntil = now() + 3000;
    await normalClient(hub, () => now() > warmUntil);

    await next(proc, 'reset-peak', { type: 'reset-peak' });
    const aloneUntil = now() + ALONE_S * 1000;
    const alone = await normalClient(hub, () => now() > aloneUntil);
    const memAlone = await next<HubMemory>(proc, 'memory', { type: 'memory' });
    console.log(
      `  normal client alone (load ${load()}): ${summary(alone.times)}, errors ${alone.errors}; ` +
        `hub peak RSS ${mb(memAlone.peakMb)}, event-loop delay p99 ${ms(memAlone.lagP99Ms)}`,
    );

    await next(proc, 'reset-peak', { type: 'reset-peak' });
    let pushing = true;
    const during = normalClient(hub, () => !pushing);
    const big = await push(hub, doc, 'msg_big').finally(() => {
      pushing = false;
    });
    const beside = await during;
    const memPush = await next<HubMemory>(proc, 'memory', { type: 'memory' });
    const stored = Number(
      (
        await pg.query(
          `select count(*)::int n from account_event where bank_code = $1 and bank_event_id like 'camt:%:A:SVBIG%'`,
          [hub.bank],
        )
      ).rows[0].n,
    );
    if (big.status !== 200 || big.body.accepted !== ENTRIES || stored !== ENTRIES) {
      throw new Error(
        `push answered ${big.status} ${JSON.stringify(big.body).slice(0, 300)}; ${stored} stored`,
      );
    }
    console.log(
      `  the push (load ${load()}): ${big.seconds.toFixed(1)} s, ${ENTRIES.toLocaleString('en-US')} events stored ✓; ` +
        `hub peak RSS ${mb(memPush.peakMb)} (aim < 1,000 MB), event-loop delay p99 ${ms(memPush.lagP99Ms)}, max ${ms(memPush.lagMaxMs)}`,
    );
    console.log(`  normal client during the push: ${summary(beside.times)}, errors ${beside.errors}`);
    // Alone again once the push has answered: on a shared machine the load drifts over the minutes
    // of a push, and one alone phase before it says little about which way. The aim is judged on
    // the phase before (as always); the ratio to both alone phases together is printed beside it.
    const afterUntil = now() + ALONE_S * 1000;
    const after = await normalClient(hub, () => now() > afterUntil);
    console.log(
      `  normal client alone after the push (load ${load()}): ${summary(after.times)}, errors ${after.errors}`,
    );
    const ratio = pct(beside.times, 95) / pct(alone.times, 95);
    const both = pct(beside.times, 95) / pct([...alone.times, ...after.times], 95);
    console.log(
      `big-push: normal p95 ${ms(pct(alone.times, 95))} alone → ${ms(pct(beside.times, 95))} during the push, ` +
        `ratio ${ratio.toFixed(1)}× (aim ≤ 2×; ${both.toFixed(1)}× to the alone phases before and after together); ` +
        `hub peak RSS ${mb(memPush.peakMb)} (aim < 1 GB); push ${big.seconds.toFixed(1)} s`,
    );
  } finally {
    await pg.end().catch(() => undefined);
    if (proc.connected) proc.send({ type: 'close' });
    await new Promise((resolve) => proc.once('exit', resolve));
  }
}

main().catch((err: Error) => {
  console.error(`big-push bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
