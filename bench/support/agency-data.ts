import type { Client } from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { usccCheckCharacter } from '../../src/domain/identifiers';
import { ormConfig } from '../../src/db/orm-config';
import { migrateToLatest } from '../../src/db/migrate';
import { runSweep } from '../../src/services/compliance/sweep';
import type { Caller } from '../../src/auth/caller';
import { loadSweepData, makePlan } from './sweep-data';
import { seedFeed } from './credit-feed-data';

/**
 * The agency-queries bench's city: PROJECTS projects of ENTERPRISES firms (owner and contractor
 * drawn as in sweep-data.ts, so each firm is the contractor of PROJECTS / ENTERPRISES projects),
 * each with its special account, agreement and a year of monthly CREDITs (set-based, sweep-data.ts),
 * then the alerts the hub's own compliance sweep opens on them, wage cases filed through the API,
 * and the credit feed (credit-feed-data.ts: one case through the API, the entries and changes
 * set-based). Everything a list reads is what the hub itself would have written.
 */
export interface AgencyLoad {
  projects: number;
  enterprises: number;
  cases: number;
  feedChanges: number;
}

/** The sweep runs as of the end of the plan's last month: every monthly cycle of the year is due. */
export const SWEEP_AS_OF = '2026-11-30';

/** The USCC sweep-data.ts gives enterprise e (0-based). */
export function enterpriseUscc(e: number): string {
  const body = `91210500MA${String(e).padStart(7, '0')}`;
  return body + usccCheckCharacter(body);
}

/** Enterprise 3 is the contractor of projects 0, ENTERPRISES, 2 × ENTERPRISES, … (i × 7 + 3). */
export const BENCH_CONTRACTOR = 3;

export interface Seeder {
  sql: Client;
  token(caller: Omit<Caller, 'sub'>): string;
  gql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** Migrates, loads the projects, agreements and events, and runs the sweep: before any hub starts. */
export async function loadCity(databaseUrl: string, sql: Client, load: AgencyLoad): Promise<Timings> {
  const t = timer();
  const orm = await MikroORM.init(ormConfig(databaseUrl));
  try {
    await migrateToLatest(orm);
    t.lap('migrations');
    const plan = makePlan({ agreements: load.projects, enterprises: load.enterprises, seed: 9 });
    await loadSweepData(sql, { agreements: load.projects, enterprises: load.enterprises, seed: 9 }, plan);
    // sweep-data.ts inserts every project in one statement, so all share one created_at; a hub
    // registers them one by one. Spread over a year, in a shuffled (id) order, like registrations.
    await sql.query(
      `update project p set created_at = timestamptz '2025-09-01 09:00+08' + x.n * interval '97 minutes'
         from (select id, row_number() over (order by id) as n from project) x where x.id = p.id`,
    );
    await sql.query(
      `update enterprise e set created_at = timestamptz '2025-08-01 09:00+08' + x.n * interval '61 minutes'
         from (select id, row_number() over (order by id) as n from enterprise) x where x.id = e.id`,
    );
    t.lap('projects, agreements, events');
    await runSweep(orm.em, SWEEP_AS_OF);
    t.lap('compliance sweep');
  } finally {
    await orm.close(true);
  }
  return t.laps;
}

/** Cases filed through the hub's API, spread over the projects and 2026's working weeks. */
export async function fileCases(s: Seeder, load: AgencyLoad, concurrency = 16): Promise<void> {
  const hrss = s.token({ org: 'HRSS', district: '210500' });
  const { rows } = await s.sql.query<{ id: string; uscc: string }>(
    `select p.id, c.uscc from project p join enterprise c on c.id = p.contractor_id order by p.id`,
  );
  const sources = ['HOTLINE', 'NATIONAL_PLATFORM', 'PETITION', 'PROVINCIAL_SYSTEM', 'PUBLIC_OPINION'];
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < load.cases; n = next++) {
      const project = rows[(n * 37) % rows.length];
      const day = new Date(Date.UTC(2026, 0, 5) + (n % 320) * 86_400_000).toISOString().slice(0, 10);
      await s.gql(hrss, `mutation($i: WageClaimInput!) { fileWageClaim(input: $i) { id } }`, {
        i: {
          source: sources[n % sources.length],
          projectId: project.id,
          employerUscc: project.uscc,
          workers: 1 + (n % 40),
          amount: `${3000 + (n % 97) * 250}.00`,
          receivedOn: day,
        },
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The credit feed, then settled tables: statistics current, hint bits set, no checkpoint to come. */
export async function finishCity(s: Seeder, load: AgencyLoad): Promise<void> {
  await seedFeed(s, load.feedChanges);
  await s.sql.query('vacuum analyze');
  await s.sql.query('checkpoint');
}

export type Timings = Record<string, number>;

function timer() {
  let last = process.hrtime.bigint();
  const laps: Timings = {};
  return {
    laps,
    lap(name: string) {
      const at = process.hrtime.bigint();
      laps[name] = Number(at - last) / 1e9;
      last = at;
    },
  };
}
