/**
 * `Project.wageLedger(month, first, after)`: the wage ledger (src/domain/workforce/ledger.ts) of a
 * page of a project's registered workers, keyset on the worker's id. A page of projects costs the
 * same few statements whatever the page size: the workers, their count, their punches, their
 * payroll lines. Months worked are counted with the valid-day rule in force in each month, as
 * `Worker.validDays` counts them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import { shanghaiDateOf } from '../../domain/dates';
import { workerLedger, type PayrollLineStatus, type WorkerLedger } from '../../domain/workforce/ledger';
import { ruleOn, validDays, type AttendanceRule } from '../../domain/workforce/valid-day';
import { encodeCursor, type Page } from '../pagination';
import type { WorkforceProject } from './access';
import { nextMonth } from './attendance-partitions';
import { WORKER_COLUMNS, type WorkerRecord } from './reads';

export interface LedgerEntry {
  worker: WorkerRecord;
  ledger: WorkerLedger;
}

export async function ledgerOfProjects(
  em: EntityManager,
  projects: readonly WorkforceProject[],
  opts: { month: string | null; first: number; after: string | null },
  rules: readonly AttendanceRule[],
): Promise<Page<LedgerEntry>[]> {
  if (!projects.length) return [];
  const { month, first, after } = opts;
  const ids = projects.map((p) => p.id);
  const [workers, counts] = await Promise.all([
    first > 0
      ? sql<Omit<WorkerRecord, 'project'>>(
          em,
          `select x.* from unnest(?::uuid[]) as pr(id) cross join lateral (
             select ${WORKER_COLUMNS} from worker w
              where w.project_id = pr.id ${after ? 'and w.id > ?' : ''} order by w.id limit ?) x`,
          [ids, ...(after ? [after] : []), first + 1],
        )
      : Promise.resolve([]),
    sql<{ p: string; n: string }>(
      em,
      `select project_id::text as p, count(*)::text as n from worker where project_id = any(?::uuid[]) group by project_id`,
      [ids],
    ),
  ]);
  const inPage = projects.flatMap((project) =>
    workers.filter((w) => w.projectId === project.id).slice(0, first),
  );
  const [punches, lines] = inPage.length
    ? await Promise.all([
        sql<{ p: string; h: string; at: Date }>(
          em,
          `select project_id::text as p, id_number_hash as h, at from attendance_punch
            where (project_id, id_number_hash) in (select * from unnest(?::uuid[], ?::text[]))
              ${month ? 'and at >= ?::timestamptz and at < ?::timestamptz' : ''}`,
          [
            inPage.map((w) => w.projectId),
            inPage.map((w) => w.idNumberHash),
            ...(month ? [`${month}-01T00:00:00+08:00`, `${nextMonth(month)}-01T00:00:00+08:00`] : []),
          ],
        ),
        sql<{ w: string; month: string; status: PayrollLineStatus; net: string }>(
          em,
          `select worker_id::text as w, pay_month as month, status, net_fen::text as net from payroll_line
            where worker_id = any(?::uuid[]) ${month ? 'and pay_month = ?' : ''}`,
          [inPage.map((w) => w.id), ...(month ? [month] : [])],
        ),
      ])
    : [[], []];
  // punches per worker and Shanghai month, then the months with a valid day
  const byWorkerMonth = new Map<string, Date[]>();
  for (const r of punches) {
    const key = `${r.p}|${r.h}|${shanghaiDateOf(new Date(r.at)).slice(0, 7)}`;
    const list = byWorkerMonth.get(key);
    if (list) list.push(new Date(r.at));
    else byWorkerMonth.set(key, [new Date(r.at)]);
  }
  const attended = new Map<string, string[]>();
  for (const [key, at] of byWorkerMonth) {
    const [p, h, m] = key.split('|');
    if (validDays(at, ruleOn(rules, `${m}-01`)).length === 0) continue;
    attended.set(`${p}|${h}`, [...(attended.get(`${p}|${h}`) ?? []), m]);
  }
  const linesOf = new Map<string, { month: string; netFen: bigint; status: PayrollLineStatus }[]>();
  for (const l of lines)
    linesOf.set(l.w, [
      ...(linesOf.get(l.w) ?? []),
      { month: l.month, netFen: BigInt(l.net), status: l.status },
    ]);

  const countOf = new Map(counts.map((c) => [c.p, Number(c.n)]));
  return projects.map((project) => {
    const mine = workers.filter((w) => w.projectId === project.id);
    return {
      nodes: mine.slice(0, first).map((w) => ({
        worker: { ...w, project },
        ledger: workerLedger(
          attended.get(`${w.projectId}|${w.idNumberHash}`) ?? [],
          linesOf.get(w.id) ?? [],
          month,
        ),
      })),
      cursorOf: (e: LedgerEntry) => encodeCursor([e.worker.id]),
      totalCount: countOf.get(project.id) ?? 0,
      hasNextPage: mine.length > first,
    };
  });
}
