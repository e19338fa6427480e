import { loadavg, cpus } from 'node:os';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { setClock } from '../src/clock';
import { migrateToLatest } from '../src/db/migrate';
import { ormConfig } from '../src/db/orm-config';
import { BENXI_DISTRICTS } from '../src/domain/districts';
import { usccCheckCharacter } from '../src/domain/identifiers';
import { dutyOfKindPairs, K3_CASE_SOURCES, K4_INCIDENT_KINDS } from '../src/domain/scorecard';
import { INDUSTRIES } from '../src/entities/project.entity';
import { CASE_SOURCES } from '../src/entities/wage-case.entity';
import { scorecard, type Scorecard } from '../src/services/scorecard';
import { createBenchDatabase } from './support/sweep-data';

/**
 * The scorecard (R22, K1–K4) for a year over a city of SCORECARD_PROJECTS (5,000) projects, with
 * alerts of every duty, 3,000 cases, 1,500 clues and 60 incidents loaded set-based, as of
 * 2026-11-20: `scorecard()` (the service: its six statements, the JS deadlines of K3, the evidence)
 * against ONE raw SQL aggregate of the same counts (K3's case deadlines in SQL from calendar_year),
 * in the same run; the counts of both are checked equal. Runs alternate; the best of
 * SCORECARD_ROUNDS (5) each counts. No case is filed in the data, so every deadline (an order's, or
 * 10 working days from receipt) stays inside the loaded 2026 calendar.
 */
const PROJECTS = Number(process.env.SCORECARD_PROJECTS ?? 5000);
const ROUNDS = Number(process.env.SCORECARD_ROUNDS ?? 5);
const AS_OF = '2026-11-20';
const CITY = { sub: 'bench', org: 'HRSS', district: '210500' } as const;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const list = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;
const DISTRICTS = Object.keys(BENXI_DISTRICTS).sort();

async function load(sql: Client): Promise<void> {
  const usccs = Array.from({ length: 200 }, (_, e) => {
    const body = `91210500MA${String(e).padStart(7, '0')}`;
    return body + usccCheckCharacter(body);
  });
  await sql.query(
    `insert into enterprise (id, uscc, name) select md5('e' || e)::uuid, u, '本溪压测建设有限公司' || e
       from unnest($1::text[]) with ordinality as x(u, e)`,
    [usccs],
  );
  await sql.query(
    `insert into project (id, name, district_code, industry, owner_id, contractor_id, contract_price_fen,
                          contract_signed_on, permit_issued_on, completed_on)
     select md5('p' || i)::uuid, '本溪压测项目' || i, (${list(DISTRICTS)})[1 + i % 6], (${list(INDUSTRIES)})[1 + (i / 6) % 5],
            md5('e' || (1 + i % 200))::uuid, md5('e' || (1 + (i * 7 + 3) % 200))::uuid, 100000000,
            date '2025-09-01' + i % 420, case when i % 5 <> 0 then date '2025-10-01' + i % 300 end,
            case when i % 17 = 0 then date '2025-12-15' end
       from generate_series(0, $1 - 1) i`,
    [PROJECTS],
  );
  // every duty's kinds, open, resolved either side of 2026-01-01, withdrawn; and a kind no duty has
  await sql.query(
    `insert into alert (id, kind, status, project_id, due_date, shortfall_fen, opened_on, resolved_on,
                        bank_notice_deadline, contractor_report_deadline, escalations)
     select md5('a' || i || '-' || k)::uuid, kind, case (i / 9 + k) % 3 when 0 then 'WITHDRAWN' when 1 then 'OPEN' else 'RESOLVED' end,
            md5('p' || i)::uuid, d, 100, d, case when (i / 9 + k) % 3 = 2 then date '2025-12-30' + i % 4 end, d, d, '[]'
       from generate_series(0, $1 - 1) i,
            unnest($2::text[]) with ordinality as x(kind, k),
            lateral (select date '2025-11-01' + (i + k::int) % 300 as d) dd
      where (i + k) % 9 = 0`,
    [PROJECTS, [...dutyOfKindPairs().kinds, 'RECONCILIATION_MISMATCH', 'SPECIAL_ACCOUNT_FREEZE']],
  );
  await sql.query(
    `insert into wage_case (id, source, status, project_id, district_code, routed_org, employer_id, workers,
                            claimed_amount_fen, received_on, order_issued_on, order_deadline, closed_on)
     select md5('c' || j)::uuid, (${list(CASE_SOURCES)})[1 + j % 6], case when j % 3 = 0 then 'VERIFIED' else 'CLOSED' end,
            case when j % 50 <> 0 then md5('p' || j % $2)::uuid end, (${list(DISTRICTS)})[1 + j % 6],
            case when j % 50 = 0 then 'HRSS' else coalesce((select p.industry from project p where p.id = md5('p' || j % $2)::uuid and p.industry <> 'OTHER'), 'HRSS') end,
            md5('e' || (1 + j % 200))::uuid, 3, 900000, r,
            case when j % 4 = 0 then r + 2 end, case when j % 4 = 0 then r + 15 end,
            case when j % 3 <> 0 then r + j % 25 end
       from generate_series(0, $1 - 1) j, lateral (select date '2025-12-20' + j % 330 as r) rr`,
    [3000, PROJECTS],
  );
  // routed as the case rule routes (the district's authority of the project's industry, else HRSS)
  await sql.query(
    `update wage_case w set district_code = p.district_code from project p where p.id = w.project_id`,
  );
  await sql.query(
    `insert into wage_clue (id, source, source_number, fingerprint, project_id, district_code, routed_org, employer_uscc,
                            workers, claimed_amount_fen, received_on, summary, close_within_working_days, due_on,
                            outcome, closed_on, received_by)
     select md5('k' || k)::uuid, case when k % 2 = 0 then 'NATIONAL_PLATFORM' else 'PROVINCIAL_SYSTEM' end, 'GZ-' || k, md5('f' || k),
            case when k % 40 <> 0 then md5('p' || k % $2)::uuid end, coalesce(p.district_code, '210502'),
            coalesce(nullif(p.industry, 'OTHER'), 'HRSS'), $3, 2, 500000, r, '压测线索', 10, r + 14,
            case when k % 3 <> 0 then 'VERIFIED_PAID' end, case when k % 3 <> 0 then r + k % 20 end, 'HRSS:210500'
       from generate_series(0, $1 - 1) k
       cross join lateral (select date '2025-12-25' + k % 320 as r) rr
       left join project p on p.id = md5('p' || k % $2)::uuid and k % 40 <> 0`,
    [1500, PROJECTS, usccs[0]],
  );
  await sql.query(
    `insert into incident (id, kind, district_code, project_id, occurred_at, note, reported_by)
     select md5('i' || n)::uuid, (${list(K4_INCIDENT_KINDS)})[1 + n % 4], (${list(DISTRICTS)})[1 + n % 6],
            case when n % 2 = 0 then md5('p' || n * 37)::uuid end, timestamptz '2025-12-20 10:00+08' + n * interval '6 days', '压测', 'HRSS:210500'
       from generate_series(0, 59) n`,
  );
  await sql.query('vacuum analyze');
}

/** The same counts in one statement, working days from calendar_year; `$1` from, `$2` asOf. */
const RAW = `
with days as (
  select d::date as d, ((extract(isodow from d) < 6 and not exists (select 1 from calendar_year c where d::date = any(c.holidays)))
                         or exists (select 1 from calendar_year c where d::date = any(c.workdays))) as working
    from generate_series(date '2025-01-01', date '2026-12-31', interval '1 day') d),
rank as (select d, working, count(*) filter (where working) over (order by d) as upto from days),
wd as (select d, upto as n from rank where working),
lib as (select p.id, (coalesce(p.permit_issued_on <= $2, false) or exists (select 1 from tripartite_agreement ag where ag.project_id = p.id and ag.starts_on <= $2)
                      or exists (select 1 from special_account sa where sa.project_id = p.id)) as evidenced
          from project p where p.contract_signed_on <= $2 and (p.completed_on is null or p.completed_on >= $1)),
fails as (select distinct a.project_id, d.duty from alert a join lib on lib.id = a.project_id
            join unnest($3::text[], $4::text[]) d(kind, duty) on d.kind = a.kind
           where a.status <> 'WITHDRAWN' and a.opened_on <= $2 and (a.resolved_on is null or a.resolved_on >= $1)),
cases as (select w.received_on,
                 case when least(w.closed_on, w.paid_in_full_on) <= $2 then least(w.closed_on, w.paid_in_full_on) end as ended,
                 case when w.order_issued_on <= $2 and w.order_deadline is not null then w.order_deadline
                      else (select wd.d from wd where wd.n = r.upto + 10) end as deadline
            from wage_case w join rank r on r.d = w.received_on
           where w.source = any($5::text[]) and w.received_on <= $2
             and (least(w.closed_on, w.paid_in_full_on) is null or least(w.closed_on, w.paid_in_full_on) >= $1)
          union all
          select k.received_on, case when k.closed_on <= $2 then k.closed_on end, k.due_on
            from wage_clue k where k.received_on <= $2 and (k.closed_on is null or k.closed_on >= $1))
select (select count(*) from lib)::int as projects,
       (select count(distinct project_id) from fails)::int as failing,
       (select json_object_agg(duty, n) from (select duty, count(*)::int n from fails group by duty) f) as duties,
       (select count(*) filter (where evidenced) from lib)::int as evidenced,
       (select count(*) from wage_case w where w.project_id is null and w.received_on between $1 and $2)::int as unregistered_cases,
       (select count(*) from wage_clue k where k.project_id is null and k.received_on between $1 and $2)::int as unregistered_clues,
       (select count(*) from cases where ended is not null and ended <= deadline)::int as on_time,
       (select count(*) from cases where (ended is not null and ended > deadline) or (ended is null and deadline < $2))::int as late,
       (select count(*) from cases where ended is null and deadline >= $2)::int as pending,
       (select count(*) from incident i where i.occurred_at >= ($1::date)::timestamp at time zone 'Asia/Shanghai'
                                          and i.occurred_at < ($2::date + 1)::timestamp at time zone 'Asia/Shanghai')::int as incidents`;

interface RawCounts {
  projects: number;
  failing: number;
  duties: Record<string, number> | null;
  evidenced: number;
  unregistered_cases: number;
  unregistered_clues: number;
  on_time: number;
  late: number;
  pending: number;
  incidents: number;
}

function countsOf(s: Scorecard): RawCounts {
  const duties: Record<string, number> = {};
  for (const d of s.k1.duties)
    if (d.failing && d.failing.totalCount > 0) duties[d.duty] = d.failing.totalCount;
  return {
    projects: s.k1.projects,
    failing: s.k1.failing.totalCount,
    duties,
    evidenced: s.k2.withConstructionEvidence,
    unregistered_cases: s.k2.unregisteredCases.totalCount,
    unregistered_clues: s.k2.unregisteredClues.totalCount,
    on_time: s.k3.onTime,
    late: s.k3.late,
    pending: s.k3.pending,
    incidents: s.k4.count,
  };
}

const sorted = (o: object) => JSON.stringify(o, Object.keys(o).sort());
const canon = (c: RawCounts) => sorted({ ...c, duties: sorted(c.duties ?? {}) });

async function main(): Promise<void> {
  setClock(`${AS_OF}T12:00:00+08:00`, { frozen: true });
  console.log(
    `scorecard for 2026 as of ${AS_OF} over ${PROJECTS.toLocaleString('en-US')} projects; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`,
  );
  const db = await createBenchDatabase();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void db.drop().finally(() => process.exit(130)));
  let orm: MikroORM | undefined;
  const sql = new Client({ connectionString: db.url });
  try {
    orm = await MikroORM.init(ormConfig(db.url));
    await migrateToLatest(orm);
    await sql.connect();
    let t = now();
    await load(sql);
    const sizes = (
      await sql.query(
        `select (select count(*) from project) p, (select count(*) from alert) a, (select count(*) from wage_case) c,
                (select count(*) from wage_clue) k, (select count(*) from incident) i`,
      )
    ).rows[0];
    console.log(`load (not part of the figures): ${ms(now() - t)}; ${JSON.stringify(sizes)}`);
    const pairs = dutyOfKindPairs();
    const rawParams = ['2026-01-01', AS_OF, pairs.kinds, pairs.duties, [...K3_CASE_SOURCES]];
    const svc: number[] = [];
    const raw: number[] = [];
    let card: Scorecard | undefined;
    let rawCounts: RawCounts | undefined;
    for (let r = 0; r < ROUNDS + 1; r++) {
      t = now();
      card = await scorecard({ em: orm.em.fork(), caller: CITY }, { year: 2026 });
      if (r > 0) svc.push(now() - t); // the first round of each warms up
      t = now();
      rawCounts = (await sql.query<RawCounts>(RAW, rawParams)).rows[0];
      if (r > 0) raw.push(now() - t);
    }
    const mine = canon(countsOf(card!));
    const theirs = canon(rawCounts!);
    if (mine !== theirs) throw new Error(`the counts differ:\n service ${mine}\n raw     ${theirs}`);
    console.log(`counts (service = raw ✓): ${mine}`);
    const best = (xs: number[]) => Math.min(...xs);
    console.log(
      `scorecard() ${ms(best(svc))} best of ${svc.map(ms).join(', ')}; raw aggregate ${ms(best(raw))} best of ${raw
        .map(ms)
        .join(', ')}; ratio ${(best(svc) / best(raw)).toFixed(2)}× (load average ${loadavg()[0].toFixed(1)})`,
    );
  } finally {
    await sql.end().catch(() => undefined);
    await orm?.close(true).catch(() => undefined);
    await db.drop();
  }
}

main().catch((err: Error) => {
  console.error(`scorecard bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
