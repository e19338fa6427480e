import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormConfig } from '../../src/db/orm-config';
import { limitLiteral, positionalText, sql } from '../../src/db/sql';
import { createTestDatabase } from '../support/test-db';

/**
 * Reads outside a transaction run as prepared statements (src/db/sql.ts): PostgreSQL plans a
 * text once per connection instead of at every request. A pool of one connection, so that
 * pg_prepared_statements (which shows one session's) is the connection's that ran the reads.
 */
describe('prepared reads', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let admin: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init(ormConfig(db.url, { poolMax: 1 }));
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`create table prepared_probe (id int primary key, label text)`);
    await admin.query(`insert into prepared_probe values (1, 'one'), (2, 'two')`);
    // a table big enough that a tenth of it (a bound limit's guess) is not the page of 2 asked for
    await admin.query(`create table prepared_pages as select g as id from generate_series(1, 20000) g`);
    await admin.query(`alter table prepared_pages add primary key (id)`);
    await admin.query(`analyze prepared_pages`);
  });
  afterAll(async () => {
    await admin.end();
    await orm.close(true);
    await db.drop();
  });

  const probe = `select * from prepared_probe where id >= ? order by id`;

  it('prepares a read once on its connection and answers from it again', async () => {
    const em = orm.em.fork();
    expect(await sql(em, probe, [1])).toEqual([
      { id: 1, label: 'one' },
      { id: 2, label: 'two' },
    ]);
    expect(await sql(em, probe, [2])).toEqual([{ id: 2, label: 'two' }]);
    const prepared = await sql<{ statement: string }>(
      em,
      `select statement from pg_prepared_statements where statement = ?`,
      [positionalText(probe)],
    );
    expect(prepared).toHaveLength(1);
  });

  it('keeps one plan for a page whose limit is in its text; a bound limit is planned every time', async () => {
    const em = orm.em.fork();
    const literal = `select id from prepared_pages where id >= ? order by id limit ${limitLiteral(2)}`;
    const bound = `select id from prepared_pages where id >= ? order by id limit ?`;
    for (let i = 0; i < 8; i++) {
      await sql(em, literal, [1]);
      await sql(em, bound, [1, 2]);
    }
    const plans = await sql<{ statement: string; generic_plans: string; custom_plans: string }>(
      em,
      `select statement, generic_plans, custom_plans from pg_prepared_statements where statement = any(?)`,
      [[positionalText(literal), positionalText(bound)]],
    );
    const of = (text: string) => plans.find((p) => p.statement === positionalText(text))!;
    // PostgreSQL plans a statement 5 times for its parameters, then keeps the generic plan if it is no worse
    expect(Number(of(literal).generic_plans)).toBeGreaterThanOrEqual(3);
    expect(Number(of(bound).generic_plans)).toBe(0);
    expect(Number(of(bound).custom_plans)).toBe(8);
  });

  it('makes each row the object pg would: the same keys in the same order, types, nulls and a name given twice', async () => {
    const em = orm.em.fork();
    const text = `select p.id, p.label, null::text as note, 12345678901234::bigint as big, '{"a":[1]}'::jsonb as doc,
                         timestamptz '2026-12-08 10:00:00+08' as at, array[1, 2] as ints, p.label as id,
                         'x' as "__proto__", 'ü' as "列 名"
                    from prepared_probe p where p.id <= ? order by p.id`;
    const ours = await sql<Record<string, unknown>>(em, text, [2]);
    // the same connection's types, through knex's raw in a transaction, where pg makes the objects
    const pgs = await orm.em.fork().transactional((tx) => sql<Record<string, unknown>>(tx, text, [2]));
    expect(ours).toHaveLength(2);
    expect(ours).toEqual(pgs);
    expect(ours.map((r) => Object.keys(r))).toEqual(pgs.map((r) => Object.keys(r)));
    // the second id (the label) wins, as in pg's rows; the prototype is never a column's value
    expect(ours[0].id).toBe('one');
    expect(ours[0].big).toBe('12345678901234');
    expect(new Date(String(ours[0].at)).toISOString()).toBe('2026-12-08T02:00:00.000Z');
    expect(Object.getPrototypeOf(ours[0])).toBe(Object.getPrototypeOf(pgs[0]));
  });

  it('answers with the new shape when the table changes under the prepared statement', async () => {
    const em = orm.em.fork();
    await sql(em, probe, [1]);
    // a migration while the hub runs: the cached plan's result type no longer holds
    await admin.query(`alter table prepared_probe add column note text default 'added'`);
    expect(await sql(em, probe, [2])).toEqual([{ id: 2, label: 'two', note: 'added' }]);
    expect(await sql(em, probe, [1])).toHaveLength(2);
  });
});
