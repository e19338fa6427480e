/**
 * Reading payrolls in the workforce's scope (access.ts): a page of projects' payrolls in one
 * statement (keyset on the payroll's id, the index `payroll_project_id_id_index`), each with its
 * lines' totals; the lines of a page of payrolls in one more. The card comes out masked and as
 * ciphertext; nothing here decrypts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import { badInput } from '../../domain/errors';
import type { PayrollLineStatus } from '../../domain/workforce/ledger';
import { isUuid } from '../../domain/uuid';
import { decodeCursor, encodeCursor, type Page } from '../pagination';
import type { WorkforceProject } from './access';

export interface PayrollRecord {
  id: string;
  projectId: string;
  teamId: string;
  reference: string;
  month: string;
  submittedAt: Date;
  lineCount: number;
  paidCount: number;
  failedCount: number;
  pendingCount: number;
  grossFen: bigint;
  netFen: bigint;
  paidFen: bigint;
}

export interface PayrollLineRecord {
  id: string;
  payrollId: string;
  workerId: string;
  month: string;
  days: number;
  workHours: number | null;
  grossFen: bigint;
  netFen: bigint;
  cardMasked: string;
  status: PayrollLineStatus;
  paidOn: string | null;
  bankEventId: string | null;
  firstFailedOn: string | null;
  failureReason: string | null;
  resultAt: Date | null;
}

type RawPayroll = Omit<PayrollRecord, 'grossFen' | 'netFen' | 'paidFen'> & {
  gross: string;
  net: string;
  paid: string;
};

const PAYROLL_COLUMNS = `p.id::text, p.project_id::text as "projectId", p.team_id::text as "teamId", p.reference,
  p.pay_month as month, p.submitted_at as "submittedAt", t.n as "lineCount", t.paid_n as "paidCount",
  t.failed_n as "failedCount", t.n - t.paid_n - t.failed_n as "pendingCount", t.gross::text as gross,
  t.net::text as net, t.paid::text as paid`;

/** the totals of a payroll's lines, as a lateral join on `p` */
const TOTALS = `cross join lateral (
  select count(*)::int as n, (count(*) filter (where l.status = 'PAID'))::int as paid_n,
         (count(*) filter (where l.status = 'FAILED'))::int as failed_n, coalesce(sum(l.gross_fen), 0) as gross,
         coalesce(sum(l.net_fen), 0) as net, coalesce(sum(l.net_fen) filter (where l.status = 'PAID'), 0) as paid
    from payroll_line l where l.payroll_id = p.id) t`;

const toRecord = ({ gross, net, paid, ...r }: RawPayroll): PayrollRecord => ({
  ...r,
  submittedAt: new Date(r.submittedAt),
  grossFen: BigInt(gross),
  netFen: BigInt(net),
  paidFen: BigInt(paid),
});

export const payrollCursor = (p: PayrollRecord): string => encodeCursor([p.id]);

export function decodePayrollCursor(after: string | null | undefined): string | null {
  const key = decodeCursor(after, 1);
  if (key && (typeof key[0] !== 'string' || !isUuid(key[0])))
    throw badInput('after', 'is not a cursor this list gave out');
  return key ? (key[0] as string) : null;
}

/** `Project.payrolls(first, after)` for a page of projects (already in the caller's scope). */
export async function payrollsOfProjects(
  em: EntityManager,
  projects: readonly WorkforceProject[],
  first: number,
  after: string | null,
): Promise<Page<PayrollRecord>[]> {
  if (!projects.length) return [];
  const ids = projects.map((p) => p.id);
  const [rows, counts] = await Promise.all([
    first > 0
      ? sql<RawPayroll>(
          em,
          `select x.* from unnest(?::uuid[]) as pr(id) cross join lateral (
             select ${PAYROLL_COLUMNS} from payroll p ${TOTALS}
              where p.project_id = pr.id ${after ? 'and p.id > ?' : ''} order by p.id limit ?) x`,
          [ids, ...(after ? [after] : []), first + 1],
        )
      : Promise.resolve([]),
    sql<{ p: string; n: string }>(
      em,
      `select project_id::text as p, count(*)::text as n from payroll where project_id = any(?::uuid[]) group by project_id`,
      [ids],
    ),
  ]);
  const countOf = new Map(counts.map((c) => [c.p, Number(c.n)]));
  return projects.map((project) => {
    const mine = rows.filter((r) => r.projectId === project.id).map(toRecord);
    return {
      nodes: mine.slice(0, first),
      cursorOf: payrollCursor,
      totalCount: countOf.get(project.id) ?? 0,
      hasNextPage: mine.length > first,
    };
  });
}

export async function payrollsById(
  em: EntityManager,
  ids: readonly string[],
): Promise<(PayrollRecord | null)[]> {
  const rows = await sql<RawPayroll>(
    em,
    `select ${PAYROLL_COLUMNS} from payroll p ${TOTALS} where p.id = any(?::uuid[])`,
    [[...new Set(ids.filter(isUuid))]],
  );
  const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The lines of a page of payrolls, in the order they were stored by worker id. */
export async function linesOfPayrolls(
  em: EntityManager,
  payrollIds: readonly string[],
): Promise<PayrollLineRecord[][]> {
  const rows = await sql<
    Omit<PayrollLineRecord, 'grossFen' | 'netFen' | 'days' | 'workHours'> & {
      gross: string;
      net: string;
      days: string;
      hours: string | null;
    }
  >(
    em,
    `select l.id::text, l.payroll_id::text as "payrollId", l.worker_id::text as "workerId", l.pay_month as month,
            l.days::text as days, l.work_hours::text as hours, l.gross_fen::text as gross, l.net_fen::text as net,
            l.card_masked as "cardMasked", l.status, l.paid_on::text as "paidOn", l.bank_event_id as "bankEventId",
            l.first_failed_on::text as "firstFailedOn", l.failure_reason as "failureReason", l.result_at as "resultAt"
       from payroll_line l where l.payroll_id = any(?::uuid[]) order by l.payroll_id, l.worker_id`,
    [[...new Set(payrollIds.filter(isUuid))]],
  );
  const out = new Map<string, PayrollLineRecord[]>();
  for (const { gross, net, days, hours, ...r } of rows) {
    const line = {
      ...r,
      days: Number(days),
      workHours: hours === null ? null : Number(hours),
      grossFen: BigInt(gross),
      netFen: BigInt(net),
    };
    out.set(r.payrollId, [...(out.get(r.payrollId) ?? []), line]);
  }
  return payrollIds.map((id) => out.get(id) ?? []);
}
