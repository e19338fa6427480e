import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { WorkingCalendar } from '../../src/domain/calendar';
import { BENXI_DISTRICTS } from '../../src/domain/districts';
import { usccCheckCharacter } from '../../src/domain/identifiers';
import { INDUSTRIES } from '../../src/entities/project.entity';

/**
 * The sweep bench's data: a city of agreements with a year of monthly labour-cost CREDITs, loaded
 * with set-based SQL (generate_series), never through the API, and the generator's own account of
 * which alerts it planted, to check the sweep against.
 *
 * Agreement i (0-based) has account `0706` + i in 15 digits, laborCostPerCycle and dueDay as below,
 * startsOn 2025-12-01, and one of five things happens in each of its twelve months (a plan drawn
 * once from a seeded PRNG and passed to PostgreSQL as a bytea, so SQL and the model below read the
 * very same plan).
 */

export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BANK = 'BENCH_BX';
export const STARTS_ON = '2025-12-01';
export const MONTHS = 12;

export interface SweepLoad {
  agreements: number;
  enterprises: number;
  seed: number;
}

/** What happens to the transfer of one agreement-month. */
export const Kind = {
  /** paid in full 1–4 days before the nominal due date */
  ON_TIME: 0,
  /** 60 % on time, the rest together with next month's transfer */
  SHORT: 1,
  /** nothing this month, paid double next month */
  SKIPPED: 2,
  /** paid in full 12 days after the nominal due date (after any holiday shift, which is ≤ 9 days) */
  LATE: 3,
  /** nothing, never made up */
  MISSED: 4,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Per mille of agreement-months: 4.5 % missed or short, 2 % late. */
const ODDS: [Kind, number][] = [
  [Kind.SHORT, 20],
  [Kind.SKIPPED, 20],
  [Kind.MISSED, 5],
  [Kind.LATE, 20],
];
const LATE_DAYS = 12;

// The terms of agreement i; the SQL below computes the same (checked by the bench after loading).
export const dueDayOf = (i: number): number => 1 + ((i * 11) % 28);
export const perCycleFenOf = (i: number): number => 20_000_000 + (i % 31) * 1_000_000; // ¥200k–¥500k
const shortPartFen = (per: number): number => (per * 3) / 5;
/** days before the nominal due date an on-time transfer is booked */
const leadDays = (i: number, m: number): number => 1 + ((i + m) % 4);

export const accountNo = (i: number): string => `0706${String(i).padStart(15, '0')}`;
export const indexOfAccount = (no: string): number => Number(no.slice(4));

/** mulberry32: a small seeded PRNG, so every run plants the same months. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One byte per agreement-month (index i * 12 + m, m = 0 for December 2025): its Kind. */
export function makePlan(load: SweepLoad): Buffer {
  const rnd = prng(load.seed);
  const plan = Buffer.alloc(load.agreements * MONTHS);
  for (let n = 0; n < plan.length; n++) {
    let r = Math.floor(rnd() * 1000);
    let kind: Kind = Kind.ON_TIME;
    for (const [k, odds] of ODDS) {
      if (r < odds) {
        kind = k;
        break;
      }
      r -= odds;
    }
    plan[n] = kind;
  }
  return plan;
}

// ---- dates, as the generator means them (UTC arithmetic on 'YYYY-MM-DD', no host time zone) ----

const DAY_MS = 86_400_000;
const toDay = (d: string): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY_MS;
const fromDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
const plusDays = (d: string, n: number): string => fromDay(toDay(d) + n);
/** The nominal due date of month m (0 = the month of startsOn). */
function nominalDue(i: number, m: number): string {
  const y = 2025 + Math.floor((11 + m) / 12);
  const month = ((11 + m) % 12) + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(dueDayOf(i)).padStart(2, '0')}`;
}
const onTimeDate = (i: number, m: number): string => {
  const d = plusDays(nominalDue(i, m), -leadDays(i, m));
  return d < STARTS_ON ? STARTS_ON : d;
};

/** The CREDITs the generator books for agreement i, in booking order, as (Shanghai date, fen). */
export function plantedCredits(i: number, plan: Buffer): { on: string; fen: number }[] {
  const per = perCycleFenOf(i);
  const out: { on: string; fen: number }[] = [];
  for (let m = 0; m < MONTHS; m++) {
    const kind = plan[i * MONTHS + m] as Kind;
    const prev = m > 0 ? (plan[i * MONTHS + m - 1] as Kind) : Kind.ON_TIME;
    if (prev === Kind.SHORT) out.push({ on: onTimeDate(i, m), fen: per - shortPartFen(per) });
    if (prev === Kind.SKIPPED) out.push({ on: onTimeDate(i, m), fen: per });
    if (kind === Kind.ON_TIME) out.push({ on: onTimeDate(i, m), fen: per });
    if (kind === Kind.SHORT) out.push({ on: onTimeDate(i, m), fen: shortPartFen(per) });
    if (kind === Kind.LATE) out.push({ on: plusDays(nominalDue(i, m), LATE_DAYS), fen: per });
  }
  return out.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

export interface ExpectedAlert {
  i: number;
  dueDate: string;
  shortfallFen: number;
  resolvedOn: string | null;
}

export interface Expected {
  /** agreement-months the plan made other than on time, among the cycles due by asOf */
  plantedMonths: number;
  /** of which a transfer that never came (MISSED) */
  plantedMissedForGood: number;
  alerts: ExpectedAlert[];
  /** cycles due by asOf, over all agreements */
  cyclesDue: number;
  credits: number;
  creditFen: bigint;
}

/**
 * What the sweep should find, worked out from the plan alone: per agreement the credits the
 * generator booked, and for each cycle due by `asOf` (nominal due date moved to the next working
 * day) whether the cumulative total at the end of that day is short of per-cycle × k; an alert is
 * resolved on the first booking day (≤ asOf) that brings the total up. Every planted month gives
 * one alert; a MISSED one, an alert for every later cycle too (until a prepayment catches up).
 */
export function expectedAlerts(
  load: SweepLoad,
  plan: Buffer,
  calendar: WorkingCalendar,
  asOf: string,
): Expected {
  const out: Expected = {
    plantedMonths: 0,
    plantedMissedForGood: 0,
    alerts: [],
    cyclesDue: 0,
    credits: 0,
    creditFen: 0n,
  };
  for (let i = 0; i < load.agreements; i++) {
    const per = perCycleFenOf(i);
    const credits = plantedCredits(i, plan);
    out.credits += credits.length;
    for (const c of credits) out.creditFen += BigInt(c.fen);
    const counted = credits.filter((c) => c.on <= asOf);
    const totalThrough = (d: string): number =>
      counted.reduce((sum, c) => (c.on <= d ? sum + c.fen : sum), 0);
    for (let m = 0; m < MONTHS; m++) {
      const nominal = nominalDue(i, m);
      if (nominal > asOf) break;
      const due = calendar.nextWorkingDayOnOrAfter(nominal);
      if (due > asOf) break;
      if (plusDays(nominal, LATE_DAYS) <= due) throw new Error(`a late payment of ${nominal} is not late`);
      out.cyclesDue += 1;
      const kind = plan[i * MONTHS + m] as Kind;
      if (kind !== Kind.ON_TIME) out.plantedMonths += 1;
      if (kind === Kind.MISSED) out.plantedMissedForGood += 1;
      const required = per * (m + 1);
      const paid = totalThrough(due);
      if (paid >= required) continue;
      let sum = 0;
      const catchUp = counted.find((c) => (sum += c.fen) >= required);
      out.alerts.push({ i, dueDate: due, shortfallFen: required - paid, resolvedOn: catchUp?.on ?? null });
    }
  }
  return out;
}

// ---- the database ----

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database of the bench's own, `wagewatch_bench_sweep_<random>`; drop() removes it. */
export async function createBenchDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `wagewatch_bench_sweep_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  await admin(`create database "${name}"`);
  return { name, url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

const DISTRICT_CODES = Object.keys(BENXI_DISTRICTS).sort();
const sqlList = (xs: readonly string[]): string => `array[${xs.map((x) => `'${x}'`).join(',')}]`;
const id = (kind: string, expr: string): string => `md5('${kind}:' || ${expr})::uuid`;

/**
 * Loads the bank, enterprises, projects, accounts, agreements and events into a migrated database,
 * one set-based statement each, then VACUUM ANALYZE and a CHECKPOINT, so that the runs that follow
 * read settled tables (hint bits set, statistics current) and no checkpoint of the load falls
 * inside them. Ids are md5 UUIDs of the index, so the sweep's hash partitions are the same on
 * every run. Returns seconds per step.
 */
export async function loadSweepData(
  sql: Client,
  load: SweepLoad,
  plan: Buffer,
): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, text: string, params: unknown[] = []): Promise<void> => {
    const t = process.hrtime.bigint();
    await sql.query(text, params);
    seconds[name] = (seconds[name] ?? 0) + Number(process.hrtime.bigint() - t) / 1e9;
  };
  await sql.query(`set work_mem = '256MB'`);
  await sql.query(`set maintenance_work_mem = '512MB'`);
  await step(
    'bank',
    `insert into bank (code, name, webhook_secret) values ($1, '中国工商银行本溪分行', 'whsec_bench')`,
    [BANK],
  );
  const usccs = Array.from({ length: load.enterprises }, (_, e) => {
    const body = `91210500MA${String(e).padStart(7, '0')}`;
    return body + usccCheckCharacter(body);
  });
  await step(
    'enterprise',
    `insert into enterprise (id, uscc, name)
     select ${id('enterprise', 'e - 1')}, u, '本溪压测建设有限公司' || (e - 1)
       from unnest($1::text[]) with ordinality as x(u, e)`,
    [usccs],
  );
  await step(
    'project',
    `insert into project (id, name, district_code, industry, owner_id, contractor_id, contract_price_fen,
                          contract_signed_on, permit_issued_on)
     select ${id('project', 'i')}, '本溪压测项目' || i,
            (${sqlList(DISTRICT_CODES)})[1 + i % ${DISTRICT_CODES.length}],
            (${sqlList(INDUSTRIES)})[1 + (i / ${DISTRICT_CODES.length}) % ${INDUSTRIES.length}],
            ${id('enterprise', `i % ${load.enterprises}`)}, ${id('enterprise', `(i * 7 + 3) % ${load.enterprises}`)},
            (2000 + i % 97 * 100)::bigint * 1000000, date '2025-10-01' + i % 60, date '2025-11-01' + i % 25
       from generate_series(0, $1 - 1) as i`,
    [load.agreements],
  );
  await step(
    'special_account',
    `insert into special_account (id, bank_code, account_no, project_id)
     select ${id('account', 'i')}, $2, '0706' || lpad(i::text, 15, '0'), ${id('project', 'i')}
       from generate_series(0, $1 - 1) as i`,
    [load.agreements, BANK],
  );
  await step(
    'tripartite_agreement',
    `insert into tripartite_agreement (id, project_id, account_id, labor_cost_per_cycle_fen, due_day, starts_on)
     select ${id('agreement', 'i')}, ${id('project', 'i')}, ${id('account', 'i')},
            20000000 + (i % 31) * 1000000, 1 + (i * 11) % 28, $2::date
       from generate_series(0, $1 - 1) as i`,
    [load.agreements, STARTS_ON],
  );
  // Per agreement-month: the month's own transfer (R) and the catch-up of last month's (C), both as
  // plantedCredits() books them; booked 09:00–17:00 Shanghai; stored in booking order, as a bank
  // pushes them.
  await step(
    'account_event',
    `insert into account_event (bank_code, bank_event_id, account_no, type, amount_fen, booked_at, received_at,
                                counterparty_name, counterparty_account, memo, raw)
     select $2, x.event_id, x.account_no, 'CREDIT', x.fen, x.booked_at, x.booked_at + interval '2 minutes',
            '本溪压测建设有限公司' || (x.i % $5), '6222' || lpad((x.i % $5)::text, 15, '0'), x.memo,
            jsonb_build_object('bankEventId', x.event_id, 'accountNo', x.account_no, 'type', 'CREDIT',
                               'amount', to_char(x.fen / 100.0, 'FM999999990.00'), 'bookedAt', x.booked_at,
                               'memo', x.memo)
       from (
         select p.i, 'LC-' || p.i || '-' || p.m || '-' || t.part as event_id, '0706' || lpad(p.i::text, 15, '0') as account_no,
                t.fen, ((t.on_date + time '09:00') + (p.i % 480) * interval '1 minute') at time zone 'Asia/Shanghai' as booked_at,
                to_char(p.nominal, 'YYYY"年"MM"月"') || case t.part when 'R' then '人工费用拨付' else '人工费用补足' end as memo
           from (
             select g.i, g.m, g.per, g.nominal,
                    greatest(g.nominal - (1 + (g.i + g.m) % 4), $4::date) as on_time,
                    get_byte($3, g.i * ${MONTHS} + g.m) as kind,
                    case when g.m > 0 then get_byte($3, g.i * ${MONTHS} + g.m - 1) else ${Kind.ON_TIME} end as prev
               from (
                 select i, m, 20000000 + (i % 31) * 1000000::bigint as per,
                        (date_trunc('month', $4::timestamp) + make_interval(months => m))::date + (1 + (i * 11) % 28 - 1) as nominal
                   from generate_series(0, ${MONTHS - 1}) as m, generate_series(0, $1 - 1) as i
               ) g
           ) p
          cross join lateral (values
            ('R', case p.kind when ${Kind.ON_TIME} then p.per when ${Kind.SHORT} then p.per * 3 / 5
                              when ${Kind.LATE} then p.per end,
                  case when p.kind = ${Kind.LATE} then p.nominal + ${LATE_DAYS} else p.on_time end),
            ('C', case p.prev when ${Kind.SHORT} then p.per - p.per * 3 / 5 when ${Kind.SKIPPED} then p.per end,
                  p.on_time)
          ) as t(part, fen, on_date)
          where t.fen is not null
       ) x
      order by x.booked_at`,
    [load.agreements, BANK, plan, STARTS_ON, load.enterprises],
  );
  for (const table of [
    'bank',
    'enterprise',
    'project',
    'special_account',
    'tripartite_agreement',
    'account_event',
  ]) {
    await step('vacuum analyze', `vacuum analyze ${table}`);
  }
  await step('checkpoint', 'checkpoint');
  return seconds;
}

/**
 * The baseline: ONE SQL statement giving, for every agreement and every nominal due date up to
 * asOf (dueDay of each month from startsOn; no holiday shift), the cumulative credits booked from
 * startsOn through the end of that Shanghai day, beside what was due by then. Due dates and
 * per-day credits go into one window ordered by day (credits before the due date of the same day).
 */
export const BASELINE_SQL = `
  with ag as (
    select ag.id, ag.starts_on, ag.due_day, ag.labor_cost_per_cycle_fen as per, sa.bank_code, sa.account_no
      from tripartite_agreement ag join special_account sa on sa.id = ag.account_id
  ), x as (
    select ag.id, d.due::date as day, ag.per * d.k as required, 0::bigint as fen
      from ag cross join lateral generate_series(
             date_trunc('month', ag.starts_on::timestamp) + make_interval(days => ag.due_day - 1)
               + case when extract(day from ag.starts_on) > ag.due_day then interval '1 month' else interval '0' end,
             $1::date, interval '1 month') with ordinality as d(due, k)
    union all
    select ag.id, (e.booked_at at time zone 'Asia/Shanghai')::date, null, e.amount_fen
      from ag join account_event e on e.bank_code = ag.bank_code and e.account_no = ag.account_no
       and e.type = 'CREDIT'
       and e.booked_at >= (ag.starts_on::timestamp at time zone 'Asia/Shanghai')
       and e.booked_at < (($1::date + 1)::timestamp at time zone 'Asia/Shanghai')
  )
  select id, day::text as due_date, required::text, cumulative::text from (
    select id, day, required,
           sum(fen) over (partition by id order by day, required nulls first rows unbounded preceding) as cumulative
      from x
  ) w
  where required is not null`;
