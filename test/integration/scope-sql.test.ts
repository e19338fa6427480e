/**
 * The lists read with plain SQL (projects, alerts, cases) apply the scope rules as SQL
 * (src/auth/scope-sql.ts); everything else applies them as MikroORM filters (src/auth/scope.ts,
 * services/cases/scope.ts). Both must select the very same rows for every caller. Over one city
 * seeded with every combination that matters (six districts × five industries, two contractors,
 * special accounts at two banks or none; cases routed to HRSS or an industry authority, with a
 * project or without), each caller's set is read both ways and compared, and a few are spelled out.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormConfig } from '../../src/db/orm-config';
import { Project, WageCase } from '../../src/entities';
import { ORGS, type Caller, type Org } from '../../src/auth/caller';
import { projectScope } from '../../src/auth/scope';
import { caseScope } from '../../src/services/cases';
import { caseScopeSql, projectScopeSql } from '../../src/auth/scope-sql';
import { BENXI_DISTRICTS } from '../../src/domain/districts';
import { usccCheckCharacter } from '../../src/domain/identifiers';
import { createTestDatabase } from '../support/test-db';

const DISTRICTS = Object.keys(BENXI_DISTRICTS).sort();
const INDUSTRIES = ['HOUSING', 'TRANSPORT', 'WATER', 'BENGANG', 'OTHER'];
const uscc = (n: number) => {
  const body = `91210500MA${String(n).padStart(7, '0')}`;
  return body + usccCheckCharacter(body);
};
const [CONTRACTOR_1, CONTRACTOR_2] = [uscc(1), uscc(2)];

const callers: Caller[] = [];
for (const org of ORGS.filter((o) => !['BANK', 'CONTRACTOR'].includes(o)) as Org[]) {
  for (const district of ['210500', '210502', '210521']) callers.push({ sub: 's', org, district });
}
callers.push(
  { sub: 's', org: 'BANK', district: '210500', bank: 'SCOPE_A' },
  { sub: 's', org: 'BANK', district: '210500', bank: 'SCOPE_B' },
  { sub: 's', org: 'BANK', district: '210500', bank: 'SCOPE_NONE' },
  { sub: 's', org: 'CONTRACTOR', district: '210500', uscc: CONTRACTOR_1 },
  { sub: 's', org: 'CONTRACTOR', district: '210500', uscc: CONTRACTOR_2.toLowerCase() },
  { sub: 's', org: 'CONTRACTOR', district: '210500', uscc: uscc(9) },
);

describe('scope rules as SQL select what the MikroORM filters select', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Client;
  let orm: MikroORM;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    orm = await MikroORM.init(ormConfig(db.url));
    await sql.query(
      `insert into bank (code, name, webhook_secret) values ('SCOPE_A', 'A', 's'), ('SCOPE_B', 'B', 's')`,
    );
    await sql.query(
      `insert into enterprise (id, uscc, name) select gen_random_uuid(), u, 'firm ' || u from unnest($1::text[]) u`,
      [[CONTRACTOR_1, CONTRACTOR_2, uscc(3)]],
    );
    // every district × industry, each twice: contractor 1 or 2, account at A, at B or none
    await sql.query(
      `insert into project (id, name, district_code, industry, owner_id, contractor_id, contract_price_fen, contract_signed_on)
       select gen_random_uuid(), d || i || n, d, i, (select id from enterprise where uscc = $3),
              (select id from enterprise where uscc = case when n = 1 then $4 else $5 end), 100, date '2026-01-01'
         from unnest($1::text[]) d, unnest($2::text[]) i, generate_series(1, 2) n`,
      [DISTRICTS, INDUSTRIES, uscc(3), CONTRACTOR_1, CONTRACTOR_2],
    );
    await sql.query(
      `insert into special_account (id, bank_code, account_no, project_id)
       select gen_random_uuid(), case when x.k % 3 = 0 then 'SCOPE_A' else 'SCOPE_B' end, 'ACC' || x.k, x.id
         from (select id, row_number() over (order by name) as k from project) x where x.k % 3 <> 2`,
    );
    // cases: each project's, routed to HRSS or to its industry authority; and claims without a project
    await sql.query(
      `insert into wage_case (id, source, status, project_id, district_code, routed_org, employer_id, workers,
                              claimed_amount_fen, received_on)
       select gen_random_uuid(), 'HOTLINE', 'RECEIVED', p.id, p.district_code,
              case when p.industry = 'OTHER' or r = 1 then 'HRSS' else p.industry end, p.contractor_id, 1, 100,
              date '2026-06-01'
         from project p, generate_series(1, 2) r
       union all
       select gen_random_uuid(), 'HOTLINE', 'RECEIVED', null, d, o, (select id from enterprise where uscc = $2), 1,
              100, date '2026-06-01'
         from unnest($1::text[]) d, unnest(array['HRSS', 'HOUSING']) o`,
      [DISTRICTS, uscc(3)],
    );
  });
  afterAll(async () => {
    await orm?.close(true);
    await sql?.end();
    await db?.drop();
  });

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
  const bySql = async (table: string, alias: string, cond: { sql: string; params: unknown[] } | null) => {
    if (!cond) return [];
    // knex-style ? placeholders, numbered for node-postgres
    let n = 0;
    const text = cond.sql.replace(/\?/g, () => `$${++n}`);
    return ids(
      (await sql.query(`select ${alias}.id from ${table} ${alias} where ${text}`, cond.params)).rows,
    );
  };

  it.each(
    callers.map((c) => [
      `${c.org} ${c.district}${c.bank ? ` ${c.bank}` : ''}${c.uscc ? ` ${c.uscc}` : ''}`,
      c,
    ]),
  )('%s: the same projects and the same cases', async (_name, caller) => {
    const em = orm.em.fork();
    const projects = projectScope(caller as Caller);
    const viaOrm = projects ? ids(await em.find(Project, projects, { fields: ['id'] })) : [];
    expect(await bySql('project', 'p', projectScopeSql(caller as Caller, 'p'))).toEqual(viaOrm);
    const cases = caseScope(caller as Caller);
    const casesViaOrm = cases ? ids(await em.find(WageCase, cases, { fields: ['id'] })) : [];
    expect(await bySql('wage_case', 'w', caseScopeSql(caller as Caller, 'w'))).toEqual(casesViaOrm);
  });

  it('spells a few out: a district officer, an industry authority, a bank, a contractor in lower case', async () => {
    const count = async (table: string, alias: string, cond: ReturnType<typeof projectScopeSql>) =>
      (await bySql(table, alias, cond)).length;
    // 60 projects: 6 districts × 5 industries × 2
    expect(
      await count('project', 'p', projectScopeSql({ sub: 's', org: 'HRSS', district: '210500' }, 'p')),
    ).toBe(60);
    expect(
      await count('project', 'p', projectScopeSql({ sub: 's', org: 'HRSS', district: '210502' }, 'p')),
    ).toBe(10);
    expect(
      await count('project', 'p', projectScopeSql({ sub: 's', org: 'WATER', district: '210502' }, 'p')),
    ).toBe(2);
    expect(
      await count('project', 'p', projectScopeSql({ sub: 's', org: 'WATER', district: '210500' }, 'p')),
    ).toBe(12);
    expect(
      await count(
        'project',
        'p',
        projectScopeSql(
          { sub: 's', org: 'CONTRACTOR', district: '210500', uscc: CONTRACTOR_2.toLowerCase() },
          'p',
        ),
      ),
    ).toBe(30);
    expect(projectScopeSql({ sub: 's', org: 'CREDIT_PLATFORM', district: '210500' }, 'p')).toBeNull();
    // a district HRSS: its district's 20 project cases and its 2 claims without a project
    expect(
      await count('wage_case', 'w', caseScopeSql({ sub: 's', org: 'HRSS', district: '210503' }, 'w')),
    ).toBe(22);
    // a district's housing authority: its housing projects' 4 cases (2 routed to it) and the claim routed to it
    expect(
      await count('wage_case', 'w', caseScopeSql({ sub: 's', org: 'HOUSING', district: '210503' }, 'w')),
    ).toBe(5);
    expect(caseScopeSql({ sub: 's', org: 'BANK', district: '210500', bank: 'SCOPE_A' }, 'w')).toBeNull();
  });
});
