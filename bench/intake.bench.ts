import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import type { ChildProcess } from 'node:child_process';
import { closeHub, forkHub, nextMessage } from './support/hub-child';
import type { IntakeHubReady } from './support/intake-hub';
import {
  BANK,
  BARE_TABLE,
  count,
  hubRun,
  RAW_TABLE,
  rawRun,
  reset,
  type Load,
  type RunResult,
} from './support/intake-runs';

/**
 * Intake throughput: signed canonical-JSON pushes to `POST /banks/{code}/events` on a hub in a
 * process of its own (support/intake-hub.ts), sent from this process, against a raw `pg`
 * multi-row INSERT … ON CONFLICT DO NOTHING of the same rows into a table of the same shape, sent
 * from this process too, with as many requests (or connections) in flight. The pushing client's
 * HTTP work is thus not on the hub's thread: the ratio measures the hub. Aim: the hub at least half
 * the raw rate. Hub and raw runs alternate and the median of the rounds counts, so a busy shared
 * machine shifts both sides alike.
 *
 * A second baseline runs in the same rounds: a bare HTTP receiver in a process of its own
 * (support/intake-bare-server.ts) that checks the signature, parses the body and INSERTs the rows as
 * the raw baseline does, pushed to by the same client. The raw INSERT has no HTTP at all; beside
 * the bare receiver, what is left of the hub's time is its own work (adapter, validation, archive,
 * idempotency, follow-up). The aim stays against the raw INSERT.
 *
 * Knobs: INTAKE_EVENTS (100000), INTAKE_BATCH (1000), INTAKE_ACCOUNTS (100), INTAKE_ROUNDS (3),
 * INTAKE_IN_FLIGHT (a list, "2" or "1,2,3,4"; the best is the headline), INTAKE_CPU_PROF (a
 * folder: the hub process writes a V8 CPU profile there when it exits), INTAKE_PERF (1: the hub runs
 * with --perf-basic-prof, for `perf record -e cpu-clock -g -t <its pid>`).
 */
const load: Load = {
  events: Number(process.env.INTAKE_EVENTS ?? 100_000),
  batch: Number(process.env.INTAKE_BATCH ?? 1000),
  accounts: Number(process.env.INTAKE_ACCOUNTS ?? 100),
};
const ROUNDS = Number(process.env.INTAKE_ROUNDS ?? 3);
// Measured on the 2-core machine (INTAKE_IN_FLIGHT=1,2,3,4, two sweeps): the hub did best with 3
// in flight (medians 19–21k ev/s against 14–17k at 2, 15–16k at 1 and 4); its one Node thread is
// then nearly saturated (0.95 cores), so more requests only queue.
const IN_FLIGHT = (process.env.INTAKE_IN_FLIGHT ?? '3').split(',').map(Number);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/**
 * A run and the CPU of the forked process serving it (the hub's or the bare receiver's), as a share
 * of the run's wall time (1.0 = one core busy all along); the run's own nodeCpu is the client's.
 */
async function measuredIn(child: ChildProcess, run: () => Promise<RunResult>) {
  const cpuOf = async () => (await nextMessage<{ us: number }>(child, 'cpu', { type: 'cpu' })).us;
  const before = await cpuOf();
  const result = await run();
  return { ...result, childCpu: ((await cpuOf()) - before) / 1e6 / result.seconds };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  console.log(
    `${fmt(load.events)} events in batches of ${fmt(load.batch)} over ${load.accounts} accounts; ` +
      `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}; median of ${ROUNDS} rounds`,
  );
  const profileDir = process.env.INTAKE_CPU_PROF;
  const proc = forkHub(
    'intake-hub.ts',
    { INTAKE_ACCOUNTS: String(load.accounts) },
    profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
      : process.env.INTAKE_PERF
        ? ['--perf-basic-prof']
        : [],
  );
  let sql: Client | undefined;
  let bareProc: ChildProcess | undefined;
  try {
    const hub = await nextMessage<IntakeHubReady>(proc, 'ready');
    sql = new Client({ connectionString: hub.databaseUrl });
    await sql.connect();
    const b = { sql, databaseUrl: hub.databaseUrl };
    bareProc = forkHub('intake-bare-server.ts', {
      BARE_DATABASE_URL: hub.databaseUrl,
      BARE_TABLE,
      BARE_BANK: BANK,
      BARE_SECRET: hub.secret,
    });
    const bare = { url: (await nextMessage<{ url: string }>(bareProc, 'ready')).url, secret: hub.secret };
    // Warm-up (JIT, pools, plan caches) on both paths, not measured.
    const warm = { ...load, events: 10 * load.batch };
    await hubRun(hub, 'warm', 2, warm);
    await rawRun(b, 'warm', 2, warm);
    await hubRun(bare, 'warm', 2, warm);
    let best = { hub: 0, raw: 0, bare: 0, n: 0 };
    for (const n of IN_FLIGHT) {
      const hubRates: number[] = [];
      const raw: number[] = [];
      const bareRates: number[] = [];
      let cpu = 0;
      let bareCores = 0;
      let clientCpu = 0;
      for (let round = 0; round < ROUNDS; round++) {
        await reset(b);
        const h = await measuredIn(proc, () => hubRun(hub, `h${n}r${round}`, n, load));
        const r = await rawRun(b, `r${n}r${round}`, n, load);
        const w = await measuredIn(bareProc, () => hubRun(bare, `b${n}r${round}`, n, load));
        bareCores = Math.max(bareCores, w.childCpu);
        const tables = ['account_event', RAW_TABLE, BARE_TABLE];
        const stored: number[] = [];
        for (const t of tables) stored.push(await count(b, t)); // one client: one query at a time
        if ([h, r, w].some((run) => run.accepted !== load.events) || stored.some((s) => s !== load.events)) {
          throw new Error(
            `rows: hub accepted ${h.accepted}, raw inserted ${r.accepted}, bare receiver ${w.accepted}, stored ${stored.join(' / ')}; want ${load.events} each`,
          );
        }
        hubRates.push(h.rate);
        raw.push(r.rate);
        bareRates.push(w.rate);
        cpu = Math.max(cpu, h.childCpu);
        clientCpu = Math.max(clientCpu, h.nodeCpu);
      }
      const [h, r, w] = [median(hubRates), median(raw), median(bareRates)];
      console.log(
        `  ${n} in flight: hub ${fmt(h)} ev/s  raw pg ${fmt(r)} ev/s  ratio ${(h / r).toFixed(2)}  ` +
          `(hub runs ${hubRates.map(fmt).join(', ')}; hub process CPU ≤ ${cpu.toFixed(2)} cores, client ≤ ${clientCpu.toFixed(2)}; ${fmt(load.events)} rows each ✓)\n` +
          `               bare HTTP receiver + INSERT ${fmt(w)} ev/s (runs ${bareRates.map(fmt).join(', ')}; its process ≤ ${bareCores.toFixed(2)} cores): hub/bare ${(h / w).toFixed(2)}, bare/raw ${(w / r).toFixed(2)}`,
      );
      if (h > best.hub) best = { hub: h, raw: r, bare: w, n };
    }
    console.log(
      `intake: hub ${fmt(best.hub)} ev/s  raw pg ${fmt(best.raw)} ev/s  ratio ${(best.hub / best.raw).toFixed(2)} (aim >= 0.5; ${best.n} in flight); ` +
        `beside the bare HTTP receiver ${(best.hub / best.bare).toFixed(2)}`,
    );
  } finally {
    await sql?.end().catch(() => undefined);
    if (bareProc) await closeHub(bareProc);
    await closeHub(proc);
  }
}

main().catch((err: Error) => {
  console.error(`intake bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
