/**
 * The write-ahead log one small push writes, against the baseline's INSERT of the same rows:
 * `node -r ./src/register.js bench/support/push-wal.ts [events a push] [pushes]`. Both run one at a
 * time, on a hub started in this process, after a checkpoint (so each side pays the full-page
 * images a first change after one costs), and pg_walinspect's pg_get_wal_records_info sums the
 * records between the two LSNs by relation. Needs the superuser (pg_walinspect's functions).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startBenchHub, type BenchHub } from './bench-hub';
import { hubRun, inProcess, rawRun, reset, setUp, type Load } from './intake-runs';

const [eventsArg, pushesArg] = process.argv.slice(2);
const perPush = Number(eventsArg ?? 10);
const pushes = Number(pushesArg ?? 1000);
const load: Load = { events: perPush * pushes, batch: perPush, accounts: 100 };

interface WalShare {
  relation: string;
  records: number;
  bytes: number;
  fpi: number;
}

async function walBetween(b: BenchHub, from: string, to: string): Promise<WalShare[]> {
  const { rows } = await b.sql.query<WalShare>(
    `select coalesce(c.relname, w.resource_manager) as relation, count(*)::int as records,
            sum(w.record_length)::bigint as bytes, sum(w.fpi_length)::bigint as fpi
       from pg_get_wal_records_info($1, $2) w
       left join pg_class c on c.relfilenode = (regexp_match(w.block_ref, 'rel \\d+/\\d+/(\\d+)'))[1]::oid
      group by 1 order by 3 desc`,
    [from, to],
  );
  return rows.map((r) => ({ ...r, bytes: Number(r.bytes), fpi: Number(r.fpi) }));
}

/** CPU seconds of every postgres process on this machine (the bench's server is local). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, and (the postmaster's) cutime, cstime: backends that ended meanwhile
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}

async function measured(b: BenchHub, label: string, run: () => Promise<unknown>): Promise<void> {
  await b.sql.query('checkpoint');
  const from = (await b.sql.query('select pg_current_wal_insert_lsn()::text as l')).rows[0].l;
  const cpu = postgresCpuSeconds();
  const started = performance.now();
  await run();
  const ms = (performance.now() - started) / pushes;
  // the hub's follow-up (pay alerts) writes after the answers: let it finish first
  await new Promise((r) => setTimeout(r, 3000));
  const to = (await b.sql.query('select pg_current_wal_flush_lsn()::text as l')).rows[0].l;
  const pgMs = ((postgresCpuSeconds() - cpu) * 1000) / pushes;
  const shares = await walBetween(b, from, to);
  const total = shares.reduce((s, r) => s + r.bytes, 0);
  console.log(
    `${label}: ${(total / pushes / 1024).toFixed(1)} KiB of WAL a push (${pushes} pushes of ${perPush}); ${ms.toFixed(2)} ms a push, PostgreSQL's CPU ${pgMs.toFixed(2)} ms a push (with the follow-up's)`,
  );
  for (const r of shares.slice(0, 14))
    console.log(
      `  ${(r.bytes / pushes).toFixed(0).padStart(7)} B  ${(r.fpi / pushes).toFixed(0).padStart(6)} B of page images  ${(r.records / pushes).toFixed(2).padStart(6)} records  ${r.relation}`,
    );
}

async function main(): Promise<void> {
  const b = await startBenchHub();
  try {
    await b.sql.query('create extension if not exists pg_walinspect');
    await setUp(b, 100);
    if (process.env.PUSH_WAL_NO_MARKS) {
      // what the push costs without its pay alerts' follow-up: its marks are skipped at insert
      await b.sql
        .query(`create function bench_skip_mark() returns trigger language plpgsql as $$ begin return null; end $$;
        create trigger bench_skip_mark before insert on pay_alert_pending for each row execute function bench_skip_mark()`);
    }
    await hubRun(inProcess(b), 'warm', 1, { ...load, events: perPush * 50 });
    await reset(b);
    await measured(b, 'hub', () => hubRun(inProcess(b), 'wal', 1, load));
    await measured(b, 'raw INSERT', () => rawRun(b, 'wal', 1, load));
  } finally {
    await b.close();
  }
}

void main();
