import { Client } from 'pg';
import { createTestDatabase } from '../support/test-db';

/**
 * Each list the API pages through, in the order its service reads it. With sequential scans off,
 * PostgreSQL sorts only when no index gives that order: a Sort node means a page reads the table.
 */
const LIST_ORDERS: [string, string][] = [
  ['projects', 'select id from project order by created_at asc, id asc limit 21'],
  ['alerts', 'select id from alert order by due_date desc, id desc limit 21'],
  ['cases', 'select id from wage_case order by created_at desc, id desc limit 21'],
  ['penalties', 'select id from penalty order by created_at desc, id desc limit 21'],
  ['notices', 'select id from outbox_notice order by created_at desc, id desc limit 21'],
  ['inbound documents', 'select id from inbound_document order by received_at desc, id desc limit 21'],
  ['the credit feed', 'select seq from blacklist_change order by seq limit 500'],
  ['incidents', 'select id from incident order by occurred_at desc, id desc limit 21'],
  ['clues', 'select id from wage_clue order by created_at desc, id desc limit 21'],
  ['trusted documents', 'select id from trusted_document order by registered_at desc, id desc limit 21'],
  ['wage deposits', 'select id from wage_deposit order by created_at desc, id desc limit 21'],
  [
    "a project's wage deposits",
    `select id from wage_deposit where project_id = '${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}' order by created_at desc, id desc limit 21`,
  ],
  [
    "a project's workers",
    `select id from worker where project_id = '${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}' order by id limit 21`,
  ],
  [
    "a project's payment guarantees",
    `select id from payment_guarantee where project_id = '${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}' order by created_at desc, id desc limit 21`,
  ],
];

describe('every keyset order has its index', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query('set enable_seqscan = off');
    // on an empty table a bitmap scan plus a sort can look as cheap as the ordered index scan;
    // the question here is only whether an index gives the order
    await sql.query('set enable_bitmapscan = off');
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it.each(LIST_ORDERS)('%s', async (_list, query) => {
    const plan = (await sql.query(`explain ${query}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toMatch(/\bSort\b/);
    expect(plan).toMatch(/Index (Only )?Scan/);
  });
});
