import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runSweep } from '../../src/services/compliance/sweep';
import { addDays } from '../../src/domain/dates';
import { startTestHub, type TestHub } from '../support/test-hub';
import { freshUscc } from '../support/fixtures';

/**
 * The contract's promise: the stored alerts after any set of sweeps, in any order, are those one
 * sweep as of the latest of their dates would give. Random agreements, credits and sweep dates.
 */
describe('sweeps in any order', () => {
  let t: TestHub;
  let pg: Client;
  let em: EntityManager;
  let ownerId: string;
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    em = t.hub.orm.em as EntityManager;
    ownerId = randomUUID();
    await pg.query(`insert into enterprise (id, uscc, name) values ($1, $2, 'owner')`, [
      ownerId,
      freshUscc(),
    ]);
    await pg.query(`insert into bank (code, name, webhook_secret) values ('PROP', 'p', 'whsec_x')`);
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const day = fc.integer({ min: 0, max: 300 }).map((n) => addDays('2026-01-05', n));
  const agreement = fc.record({
    laborFen: fc.integer({ min: 1, max: 50 }).map((n) => n * 1_000_000),
    dueDay: fc.integer({ min: 1, max: 28 }),
    startsOn: fc.integer({ min: 0, max: 120 }).map((n) => addDays('2026-01-01', n)),
    credits: fc.array(
      fc.record({ on: day, fen: fc.integer({ min: 1, max: 60 }).map((n) => n * 1_000_000) }),
      { maxLength: 12 },
    ),
  });

  type AgreementCase = typeof agreement extends fc.Arbitrary<infer T> ? T : never;

  async function seed(agreements: AgreementCase[]): Promise<void> {
    await pg.query(`truncate alert, account_event, tripartite_agreement, special_account, project cascade`);
    for (const a of agreements) {
      const [projectId, accountId, agreementId] = [randomUUID(), randomUUID(), randomUUID()];
      const accountNo = `PROP-${accountId.slice(0, 8)}`;
      await pg.query(
        `insert into project (id, name, district_code, industry, owner_id, contractor_id, contract_price_fen, contract_signed_on)
         values ($1, 'p', '210502', 'HOUSING', $2, $2, 100, '2026-01-01')`,
        [projectId, ownerId],
      );
      await pg.query(
        `insert into special_account (id, bank_code, account_no, project_id) values ($1, 'PROP', $2, $3)`,
        [accountId, accountNo, projectId],
      );
      await pg.query(
        `insert into tripartite_agreement (id, project_id, account_id, labor_cost_per_cycle_fen, due_day, starts_on)
         values ($1, $2, $3, $4, $5, $6)`,
        [agreementId, projectId, accountId, a.laborFen, a.dueDay, a.startsOn],
      );
      for (const [i, c] of a.credits.entries()) {
        await pg.query(
          `insert into account_event (bank_code, bank_event_id, account_no, type, amount_fen, booked_at, raw)
           values ('PROP', $1, $2, 'CREDIT', $3, ($4::date + time '10:00') at time zone 'Asia/Shanghai', '{}')`,
          [`${accountNo}-${i}`, accountNo, c.fen, c.on],
        );
      }
    }
  }

  const snapshot = async () =>
    (
      await pg.query(
        `select agreement_id, due_date::text, status, shortfall_fen::text, resolved_on::text, bank_notice_deadline::text,
                contractor_report_deadline::text, escalations
           from alert order by agreement_id, due_date`,
      )
    ).rows;

  it('gives the same alerts as one sweep at the latest date', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(agreement, { minLength: 1, maxLength: 4 }),
        fc.array(day, { minLength: 1, maxLength: 4 }),
        async (agreements, dates) => {
          await seed(agreements);
          for (const d of dates) await runSweep(em, d);
          const inAnyOrder = await snapshot();
          await pg.query(`delete from alert; update tripartite_agreement set swept_through = null`);
          await runSweep(
            em,
            dates.reduce((a, b) => (a > b ? a : b)),
          );
          expect(inAnyOrder).toEqual(await snapshot());
        },
      ),
      { numRuns: 12 },
    );
  });
});
