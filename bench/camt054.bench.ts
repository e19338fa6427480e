import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { signedHeaders } from '../src/http/webhook-signature';
import { startBenchHub, type BenchHub } from './support/bench-hub';
import { buildCamt054, type Camt054Load } from './support/camt054-data';
import { intakeStages, parseWithLibraryAlone, timedAsync } from './support/camt054-stages';
import { BANK, SECRET, count, setUp } from './support/intake-runs';

/**
 * One 100,000-entry camt.054 (OCA's camt.054.001.04 sample's structure, CNY, 100 accounts), pushed
 * signed to `POST /banks/{code}/events` on a hub started in this process, timed from the request to
 * the answer with every event stored and the document archived; beside it, in the same run, the same
 * bytes parsed by fast-xml-parser alone with the adapter's options. That baseline leaves out (issue
 * #9 item 9) receiving the body over HTTP, the signature, strict decoding, the safety checks
 * (well-formedness, DTD, depth), mapping entries to events with their raw copies, storing the
 * 100,000 rows and archiving the 145 MB document: the ratio is the whole intake against one parse,
 * not against an equal amount of work. Then the intake step by step.
 *
 * Knobs: CAMT054_ENTRIES (100000), CAMT054_ACCOUNTS (100), CAMT054_ROUNDS (3; the median counts),
 * CAMT054_HEAP_MB (unset: Node's default heap, as the hub runs; set: the bench re-runs itself with it).
 */
if (process.env.CAMT054_HEAP_MB && !process.env.CAMT054_BENCH_CHILD) {
  // Node's default heap (about 4 GiB here) is what a hub runs with; a larger one shows what the
  // parse trees' garbage collection costs.
  const run = spawnSync(
    process.execPath,
    [`--max-old-space-size=${process.env.CAMT054_HEAP_MB}`, ...process.execArgv, __filename],
    { stdio: 'inherit', env: { ...process.env, CAMT054_BENCH_CHILD: '1' } },
  );
  process.exit(run.status ?? 1);
}
setFlagsFromString('--expose-gc');
/** Each measurement starts from a collected heap, so one step's garbage is not the next one's cost. */
const collect = runInNewContext('gc') as () => void;

const load: Camt054Load = {
  entries: Number(process.env.CAMT054_ENTRIES ?? 100_000),
  accounts: Number(process.env.CAMT054_ACCOUNTS ?? 100),
};
const ROUNDS = Number(process.env.CAMT054_ROUNDS ?? 3);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (s: number) => `${s.toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

async function reset(b: BenchHub): Promise<void> {
  await b.sql.query('truncate account_event, inbound_document');
  await b.sql.query('checkpoint');
}

/** One signed push; the body and signature are made before the clock starts. */
async function push(b: BenchHub, doc: Buffer, id: string): Promise<{ seconds: number; peakHeap: number }> {
  const headers = { 'content-type': 'application/xml', ...signedHeaders(SECRET, doc, id) };
  let peakHeap = 0;
  const sample = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  try {
    const { value: res, seconds } = await timedAsync(async () => {
      const r = await fetch(`${b.hub.url}/banks/${BANK}/events`, { method: 'POST', headers, body: doc });
      return { status: r.status, body: (await r.json()) as { accepted?: number; rejected?: unknown[] } };
    });
    if (res.status !== 200 || (res.body.rejected?.length ?? 0) > 0) {
      throw new Error(`push answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return { seconds, peakHeap };
  } finally {
    clearInterval(sample);
  }
}

async function main(): Promise<void> {
  const doc = buildCamt054('R', load);
  console.log(
    `camt.054 of ${fmt(load.entries)} entries over ${load.accounts} accounts, ${fmt(doc.length)} bytes; ` +
      `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}, heap limit ${gb(getHeapStatistics().heap_size_limit)}; ` +
      `median of ${ROUNDS} round(s)`,
  );
  const limit = String(doc.length + 2 ** 20);
  const b = await startBenchHub({ BANK_PUSH_MAX_BYTES: limit });
  try {
    await setUp(b, load.accounts);
    // The XML adapters cap a document at 10 MiB unless the bank profile says more.
    await b.sql.query(`update bank set adapter_options = adapter_options || $1::jsonb where code = $2`, [
      JSON.stringify({ maxBytes: Number(limit) }),
      BANK,
    ]);
    await push(b, buildCamt054('W', { entries: 2000, accounts: load.accounts }), 'msg_warm'); // JIT, pools
    parseWithLibraryAlone(buildCamt054('W', { entries: 2000, accounts: load.accounts }));
    const hub: number[] = [];
    const lib: number[] = [];
    let peak = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await reset(b);
      collect();
      const h = await push(b, doc, `msg_camt054_${round}`);
      const stored = await count(b, 'account_event');
      const archived = await b.sql.query(`select size from inbound_document`);
      if (stored !== load.entries || archived.rows.length !== 1 || archived.rows[0].size !== doc.length) {
        throw new Error(`round ${round}: ${stored} events stored, archive ${JSON.stringify(archived.rows)}`);
      }
      hub.push(h.seconds);
      peak = Math.max(peak, h.peakHeap);
      collect();
      lib.push((await timedAsync(() => parseWithLibraryAlone(doc))).seconds);
    }
    const [h, l] = [median(hub), median(lib)];
    console.log(
      `  hub intake, end to end: ${secs(h)} (${fmt(load.entries / h)} entries/s; runs ${hub.map(secs).join(', ')}; ` +
        `peak heap ${gb(peak)}; ${fmt(load.entries)} events stored and the document archived ✓)`,
    );
    console.log(
      `  fast-xml-parser alone:  ${secs(l)} (${fmt(load.entries / l)} entries/s; runs ${lib.map(secs).join(', ')}; ` +
        `parse only: no HTTP, signature, checks, mapping, storing or archive)`,
    );
    console.log(
      `camt054: hub ${secs(h)}  fast-xml-parser alone ${secs(l)}  ratio ${(h / l).toFixed(2)} ` +
        `(the hub's whole intake / one parse that stores nothing)`,
    );

    console.log('where the intake goes (one run of each step, same document):');
    const { stages, rowsJson } = await intakeStages(b, doc, () => reset(b), collect);
    const total = stages.reduce((s, x) => s + x.seconds, 0);
    for (const s of stages) {
      console.log(
        `  ${s.what.padEnd(56)} ${secs(s.seconds).padStart(9)}  ${((100 * s.seconds) / total).toFixed(0).padStart(3)} %`,
      );
    }
    console.log(`  ${'sum of the steps'.padEnd(56)} ${secs(total).padStart(9)}`);
    console.log(
      `  (inside ingestForBank: the rows as one JSON parameter are ${fmt(rowsJson.chars / 2 ** 20)} MiB of text, ` +
        `${secs(rowsJson.seconds)} to stringify; the raw Ntry kept per event is most of it)`,
    );
  } finally {
    await b.close();
  }
}

main().catch((err: Error) => {
  console.error(`camt054 bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
