import type { EntityManager } from '@mikro-orm/postgresql';
import type { BenchHub } from './bench-hub';
import { timed } from './intake-runs';
import { evaluatePayrollAlerts } from '../../src/services/workforce/pay-alerts';
import { nextMonthOf } from '../../src/domain/workforce/pay-day';

/**
 * The month's payroll against attendance (issue #10 "Done means"): a PAID payroll line for every
 * worker but every UNPAID_EVERY-th of each project, seeded straight into the tables, then the hub's
 * ATTENDED_NOT_PAID evaluation of the month for all projects beside one raw SQL aggregate that
 * finds the unpaid workers, each timed; both must find the same workers per project.
 */
const UNPAID_EVERY = 10;

export async function payrollCheck(b: BenchHub, projectIds: string[], month: string): Promise<void> {
  await b.sql.query(
    `insert into payroll (id, project_id, team_id, reference, pay_month, content_hash, submitted_by)
     select gen_random_uuid(), t.project_id, t.id, 'BENCH-' || t.id, $2, repeat('0', 64), 'bench'
       from work_team t where t.project_id = any($1::uuid[])`,
    [projectIds, month],
  );
  await b.sql.query(
    `insert into payroll_line (id, payroll_id, project_id, worker_id, pay_month, days, gross_fen, net_fen,
       card_enc, card_hash, card_masked, status, paid_on)
     select gen_random_uuid(), p.id, w.project_id, w.id, $2, 22, 704000, 650000, w.card_enc, w.card_hash, w.card_masked,
            'PAID', ($3 || '-10')::date
       from (select w.*, row_number() over (partition by w.project_id order by w.id) as rn from worker w
              where w.project_id = any($1::uuid[])) w
       join payroll p on p.team_id = w.team_id and p.pay_month = $2
      where w.rn % ${UNPAID_EVERY} <> 0`,
    [projectIds, month, nextMonthOf(month)],
  );
  await b.sql.query(`analyze payroll_line`);
  const today = `${nextMonthOf(nextMonthOf(month))}-01`;
  const hub = await timed(async () => {
    await b.hub.orm.em.fork().transactional((em) =>
      evaluatePayrollAlerts(em as EntityManager, projectIds, {
        months: [month],
        kinds: ['ATTENDED_NOT_PAID'],
        today,
      }),
    );
  });
  let rawRows: { project_id: string; worker_id: string }[] = [];
  const raw = await timed(async () => {
    // the default valid-day rule written out: 2 punches, one 08–11 and one 13–18, 4 h apart
    rawRows = (
      await b.sql.query(
        `select w.project_id::text, w.id::text as worker_id
           from (select project_id, id_number_hash from attendance_punch
                  where at >= ($2 || '-01T00:00:00+08:00')::timestamptz and at < ($3 || '-01T00:00:00+08:00')::timestamptz
                  group by project_id, id_number_hash, (at at time zone 'Asia/Shanghai')::date
                 having count(*) >= 2
                    and bool_or((at at time zone 'Asia/Shanghai')::time between '08:00' and '11:00')
                    and bool_or((at at time zone 'Asia/Shanghai')::time between '13:00' and '18:00')
                    and max(at) - min(at) >= interval '4 hours') d
           join worker w on w.project_id = d.project_id and w.id_number_hash = d.id_number_hash
          where w.project_id = any($1::uuid[])
            and not exists (select 1 from payroll_line l where l.worker_id = w.id and l.pay_month = $2 and l.status = 'PAID')
          group by 1, 2`,
        [projectIds, month, nextMonthOf(month)],
      )
    ).rows;
  });
  const rawBy = new Map<string, number>();
  for (const r of rawRows) rawBy.set(r.project_id, (rawBy.get(r.project_id) ?? 0) + 1);
  const alerts = (
    await b.sql.query(
      `select project_id::text, (details->>'workers')::int as workers from alert
        where kind = 'ATTENDED_NOT_PAID' and status = 'OPEN' and details->>'slot' = $1`,
      [month],
    )
  ).rows as { project_id: string; workers: number }[];
  const hubBy = new Map(alerts.map((a) => [a.project_id, a.workers]));
  const seeded = (
    await b.sql.query(
      `select count(*)::int as n from worker w where w.project_id = any($1::uuid[])
          and not exists (select 1 from payroll_line l where l.worker_id = w.id and l.pay_month = $2)`,
      [projectIds, month],
    )
  ).rows[0].n as number;
  const same =
    hubBy.size === rawBy.size &&
    [...rawBy].every(([p, n]) => hubBy.get(p) === n) &&
    rawRows.length === seeded;
  if (!same)
    throw new Error(
      `payroll check: hub ${[...hubBy.values()].reduce((s, n) => s + n, 0)} unpaid in ${hubBy.size} projects, raw ${rawRows.length} in ${rawBy.size}, seeded ${seeded}`,
    );
  console.log(
    `payroll against attendance: ${rawRows.length} unpaid workers in ${rawBy.size} projects, found alike by both; ` +
      `hub ${hub.seconds.toFixed(2)} s (${hub.nodeCpu.toFixed(2)} cores), raw aggregate ${raw.seconds.toFixed(2)} s, ` +
      `ratio ${(hub.seconds / raw.seconds).toFixed(2)}× (aim < 30 s and ≤ 3×)`,
  );
}
