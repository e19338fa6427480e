import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SWEEP_PARTITIONS, resolveAtIntake, sweepPartition } from '../../src/services/compliance/sweep';
import { recordContractorNotified, recordContractorReport } from '../../src/services/compliance/chain-steps';
import { WorkingCalendar } from '../../src/domain/calendar';
import { addDays, shanghaiDateOf } from '../../src/domain/dates';
import { cycleDueDates, evaluateLaborCost, type AgreementTerms } from '../../src/domain/labor-cost-rule';
import { DomainError } from '../../src/domain/errors';
import type { Caller } from '../../src/auth/caller';
import { now as clockNow, setClock } from '../../src/clock';
import { startTestHub, type TestHub } from '../support/test-hub';
import { freshUscc } from '../support/fixtures';

/**
 * The contract's promise with late facts: credits, reversals, the bank's notices and the
 * contractor's reports arrive in any order, with stated dates back in the past, interleaved with
 * sweeps of any days; after the last sweep the stored alerts are exactly what ONE evaluation as of
 * the latest day swept, with all the facts, gives (the pure rule is the oracle): the same misses,
 * shortfalls, resolutions and deadlines, the same CURRENT escalations (retracted ones stay listed,
 * with retractedOn), and no escalation left standing on a withdrawn alert.
 *
 * The facts arrive on that latest day (the clock's today), as intake and the chain steps see them:
 * each one evaluates the account's stored alerts as of today and opens or withdraws nothing, since
 * today has not ended. So the promise is checked after a sweep has followed the facts, as the
 * daily job does every night. Each case is one agreement on a truncated database, swept one
 * partition at a time (the one that holds it), so that 200 cases stay well under a minute.
 */
describe('late facts and sweeps in any order', () => {
  let t: TestHub;
  let pg: Client;
  let em: EntityManager;
  let uscc: string;
  let enterpriseId: string;
  const cal = WorkingCalendar.builtIn();
  beforeAll(async () => {
    t = await startTestHub({ RUN_JOBS: 'false' });
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    em = t.hub.orm.em as EntityManager;
    enterpriseId = randomUUID();
    uscc = freshUscc();
    // the owner is its own general contractor here: one enterprise, one contractor caller
    await pg.query(`insert into enterprise (id, uscc, name) values ($1, $2, 'owner')`, [enterpriseId, uscc]);
    await pg.query(`insert into bank (code, name, webhook_secret) values ('PROP', 'p', 'whsec_x')`);
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const BASE = '2026-01-01';
  const order = fc.nat({ max: 1000 }); // each fact and sweep gets a place in the sequence
  const fen = (max: number) => fc.integer({ min: 1, max }).map((n) => n * 1_000_000);
  const arbCase = fc.record({
    laborFen: fen(50),
    dueDay: fc.integer({ min: 1, max: 28 }),
    start: fc.integer({ min: 0, max: 60 }),
    // sweep days; the latest is "today" (≤ 2026-10-28, so every deadline stays inside 2026)
    sweeps: fc.array(fc.record({ day: fc.integer({ min: 20, max: 300 }), at: order }), {
      minLength: 1,
      maxLength: 3,
    }),
    credits: fc.array(fc.record({ day: fc.nat({ max: 300 }), fen: fen(60), at: order }), { maxLength: 5 }),
    reversals: fc.array(fc.record({ day: fc.nat({ max: 300 }), fen: fen(40), at: order }), { maxLength: 2 }),
    steps: fc.array(
      fc.record({
        kind: fc.constantFrom('notice' as const, 'report' as const),
        cycle: fc.nat({ max: 5 }),
        after: fc.nat({ max: 12 }), // stated this many days after the due date (never after today)
        at: order,
      }),
      { maxLength: 5 },
    ),
  });
  type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

  async function seed(c: Case, today: string) {
    // deletes, not truncate: on tables this small a truncate costs ten times as much
    await pg.query(
      `delete from alert; delete from account_event; delete from tripartite_agreement; delete from special_account; delete from project`,
    );
    const [projectId, accountId, agreementId] = [randomUUID(), randomUUID(), randomUUID()];
    const accountNo = `PROP-${accountId.slice(0, 8)}`;
    await pg.query(
      `insert into project (id, name, district_code, industry, owner_id, contractor_id, contract_price_fen, contract_signed_on)
       values ($1, 'p', '210502', 'HOUSING', $2, $2, 100, '2026-01-01')`,
      [projectId, enterpriseId],
    );
    await pg.query(
      `insert into special_account (id, bank_code, account_no, project_id) values ($1, 'PROP', $2, $3)`,
      [accountId, accountNo, projectId],
    );
    const terms: AgreementTerms = {
      laborCostPerCycleFen: BigInt(c.laborFen),
      dueDay: c.dueDay,
      startsOn: addDays(BASE, c.start),
      endsOn: null,
    };
    await pg.query(
      `insert into tripartite_agreement (id, project_id, account_id, labor_cost_per_cycle_fen, due_day, starts_on)
       values ($1, $2, $3, $4, $5, $6)`,
      [agreementId, projectId, accountId, c.laborFen, c.dueDay, terms.startsOn],
    );
    const partition = Number.parseInt(agreementId.slice(-2), 16) % SWEEP_PARTITIONS;
    const dueDates = cycleDueDates(terms, cal, today).map((d) => d.effective);
    return { accountNo, terms, partition, dueDates };
  }

  it('ends as one evaluation as of the latest day with all the facts', async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        const today = addDays(BASE, Math.max(...c.sweeps.map((s) => s.day)));
        setClock(`${today}T12:00:00+08:00`);
        const { accountNo, terms, partition, dueDates } = await seed(c, today);
        const upTo = (day: number) => addDays(BASE, day % (Math.max(...c.sweeps.map((s) => s.day)) + 1));
        const account = [{ bankCode: 'PROP', accountNo }];
        let n = 0;
        // Intake as ingestion does it: store the event, then evaluate the account as of today.
        const book = async (type: 'CREDIT' | 'CREDIT_REVERSAL', day: number, amountFen: number) =>
          em.fork().transactional(async (tx) => {
            n += 1;
            await tx.getConnection().execute(
              `insert into account_event (bank_code, bank_event_id, account_no, type, amount_fen, booked_at, raw)
               values ('PROP', ?, ?, ?, ?, (?::date + time '10:00') at time zone 'Asia/Shanghai', '{}')`,
              [`${accountNo}-${n}`, accountNo, type, amountFen, upTo(day)],
            );
            await resolveAtIntake(tx as EntityManager, account, clockNow());
          });
        const step = async (s: Case['steps'][number]) => {
          const dueDate = dueDates[s.cycle];
          if (!dueDate) return;
          const [alert] = (await pg.query(`select id from alert where due_date = $1`, [dueDate])).rows;
          if (!alert) return; // nothing to record a step on yet
          const stated = addDays(dueDate, s.after) > today ? today : addDays(dueDate, s.after);
          const at = new Date(`${stated}T10:00:00+08:00`);
          const caller: Caller =
            s.kind === 'notice'
              ? { sub: 'bank', org: 'BANK', district: '210500', bank: 'PROP' }
              : { sub: 'contractor', org: 'CONTRACTOR', district: '210500', uscc };
          const record = s.kind === 'notice' ? recordContractorNotified : recordContractorReport;
          await em
            .fork()
            .transactional((tx) => record({ em: tx as EntityManager, caller }, alert.id, at))
            .catch((err) => {
              // a withdrawn alert takes no step, and a step is recorded once
              if (!(err instanceof DomainError && err.code === 'CONFLICT')) throw err;
            });
        };
        const ops: { at: number; run: () => Promise<unknown> }[] = [
          ...c.credits.map((x) => ({ at: x.at, run: () => book('CREDIT', x.day, x.fen) })),
          ...c.reversals.map((x) => ({ at: x.at, run: () => book('CREDIT_REVERSAL', x.day, x.fen) })),
          ...c.steps.map((x) => ({ at: x.at, run: () => step(x) })),
          ...c.sweeps.map((x) => ({
            at: x.at,
            run: () => sweepPartition(em, addDays(BASE, x.day), partition),
          })),
        ].sort((a, b) => a.at - b.at);
        // the daily sweep after the last fact (any day: a sweep never evaluates before the latest)
        const last = c.sweeps[c.sweeps.length - 1];
        ops.push({ at: Infinity, run: () => sweepPartition(em, addDays(BASE, last.day), partition) });
        for (const op of ops) await op.run();

        const stored = (
          await pg.query(
            `select due_date::text, status, shortfall_fen::text, resolved_on::text, bank_notice_deadline::text,
                    contractor_report_deadline::text, escalations, contractor_notified_at, contractor_reported_at
               from alert order by due_date`,
          )
        ).rows;
        // The oracle: the pure rule once, as of today, with every credit and reversal and every
        // step that was recorded (a step is recorded on its alert, so it is read back from there).
        const events = (
          await pg.query(
            `select (booked_at at time zone 'Asia/Shanghai')::date::text as on, type, amount_fen::text as fen
               from account_event`,
          )
        ).rows.map((e) => ({ bookedOn: e.on, amountFen: (e.type === 'CREDIT' ? 1n : -1n) * BigInt(e.fen) }));
        const byDue = new Map(stored.map((a) => [a.due_date, a]));
        const dateOf = (v: Date | null) => (v ? shanghaiDateOf(v) : null);
        const expected = evaluateLaborCost(terms, events, cal, today, (due) => ({
          contractorNotifiedOn: dateOf(byDue.get(due)?.contractor_notified_at ?? null),
          contractorReportedOn: dateOf(byDue.get(due)?.contractor_reported_at ?? null),
        }));
        const current = (es: { kind: string; on: string; retractedOn?: string | null }[]) =>
          es
            .filter((e) => !e.retractedOn)
            .map((e) => `${e.kind}@${e.on}`)
            .sort();
        expect(
          stored
            .filter((a) => a.status !== 'WITHDRAWN')
            .map((a) => ({
              dueDate: a.due_date,
              status: a.status,
              shortfall: a.shortfall_fen,
              resolvedOn: a.resolved_on,
              deadlines: [a.bank_notice_deadline, a.contractor_report_deadline],
              escalations: current(a.escalations),
            })),
        ).toEqual(
          expected.map((m) => ({
            dueDate: m.dueDate,
            status: m.resolvedOn ? 'RESOLVED' : 'OPEN',
            shortfall: m.shortfallFen.toString(),
            resolvedOn: m.resolvedOn,
            deadlines: [m.bankNoticeDeadline, m.contractorReportDeadline],
            escalations: current(m.escalations),
          })),
        );
        // No stale escalation: a withdrawn alert has none standing; a retracted one says when.
        for (const a of stored.filter((x) => x.status === 'WITHDRAWN'))
          expect(current(a.escalations)).toEqual([]);
        for (const a of stored)
          for (const e of a.escalations) if (e.retractedOn) expect(e.retractedOn).toBe(today);
      }),
      { numRuns: 200 },
    );
  }, 120_000); // about 30 s alone; the margin is for a CI machine shared with other suites
});
