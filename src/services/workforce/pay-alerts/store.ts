/**
 * Keeps the pay alerts in step with their findings, for many projects at once in a fixed number of
 * statements (the daily sweep and the bench evaluate hundreds of projects): the pattern of
 * WORKER_WITHOUT_CONTRACT (without-contract.ts), generalised by a `slot` — what one alert is about
 * ('project' for one per project, a work month 'YYYY-MM' for one per project and month), kept in
 * the alert's details. An open alert whose slot has a finding has its details brought up to date;
 * a finding with no open alert opens one (or reopens the resolved one of the same due date); an
 * open alert of an evaluated slot with no finding is resolved today. Notices go through the outbox
 * as WORKER_WITHOUT_CONTRACT's do: opened → the general contractor, the district HRSS and the
 * industry authority; resolved or reopened → the contractor and the district HRSS. Details hold
 * counts and sums only, never who.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../../db/sql';
import { addNotices, type NoticeDraft } from '../../outbox';
import { PENALTY_OF_KIND } from '../../duties/alert-penalty';
import type { PayAlertKind } from '../../../domain/workforce/alert-kinds';
import { WORKFORCE_PROJECT_SQL, type WorkforceProject } from '../access';
import { isUuid } from '../../../domain/uuid';
import { workforceAlertNotices, type WorkforceAlertEvent } from '../alert-notices';

export interface PayFinding {
  projectId: string;
  kind: PayAlertKind;
  slot: string;
  dueDate: string;
  shortfallFen: bigint;
  /** counts and sums as strings (the notices' and the API's shape), never a person */
  details: Record<string, string>;
}

/** Which slots an evaluation looked at: an open alert outside them is left as it is. */
export interface Evaluated {
  projectIds: readonly string[];
  kind: PayAlertKind;
  /** null: every slot of the kind */
  slots: readonly string[] | null;
}

export interface SyncCounts {
  opened: number;
  resolved: number;
}

/** Accounts of one bank, by number: their projects are evaluated too (a push's debited accounts). */
export interface BankAccounts {
  bankCode: string;
  accountNos: readonly string[];
}

/**
 * The projects named and those holding `accounts`, each locked for its evaluation, in one
 * statement: two evaluations of a project at once would both find no open alert. The locks are
 * taken in the ids' order, so two evaluations of overlapping projects never wait on each other
 * crosswise.
 */
export async function lockedProjects(
  em: EntityManager,
  projectIds: readonly string[],
  accounts?: BankAccounts,
): Promise<Map<string, WorkforceProject>> {
  const ids = [...new Set(projectIds.filter(isUuid))];
  const accountNos = [...new Set(accounts?.accountNos ?? [])];
  if (!ids.length && !accountNos.length) return new Map();
  const rows = await sql<WorkforceProject & { locks: number }>(
    em,
    `with wanted as (
       select p.id from project p where p.id = any(?::uuid[])
       union
       select sa.project_id from special_account sa
        where sa.bank_code = ? and sa.account_no in (select jsonb_array_elements_text(?::jsonb))),
     found as (${WORKFORCE_PROJECT_SQL} where p.id in (select id from wanted)),
     locked as (
       select pg_advisory_xact_lock(hashtext('pay-alerts:' || p)) from (select distinct id as p from found order by 1) x)
     select found.*, (select count(*) from locked) as locks from found`,
    [ids, accounts?.bankCode ?? null, JSON.stringify(accountNos)],
  );
  return new Map(rows.map(({ locks: _, ...project }) => [project.id, project]));
}

/** An open pay alert as syncPayAlerts compares it with the findings. */
export interface OpenPayAlert {
  id: string;
  project_id: string;
  kind: PayAlertKind;
  slot: string;
  due_date: string;
}

/**
 * The open alerts of the projects (`?` 1, uuid[]) and kinds (`?` 2, text[]), locked: a read may
 * carry it as a CTE and hand its rows to syncPayAlerts, a round trip less (a push's evaluation).
 */
export const OPEN_PAY_ALERTS_SQL = `select id::text, project_id::text, kind, coalesce(details->>'slot', 'project') as slot,
         due_date::text
    from alert where project_id = any(?::uuid[]) and kind = any(?::text[]) and agreement_id is null and status = 'OPEN'
   for update`;

export async function syncPayAlerts(
  em: EntityManager,
  projects: ReadonlyMap<string, WorkforceProject>,
  evaluated: readonly Evaluated[],
  findings: readonly PayFinding[],
  today: string,
  /** the open alerts of every evaluated project and kind (OPEN_PAY_ALERTS_SQL), read already */
  prefetched?: readonly OpenPayAlert[],
): Promise<SyncCounts> {
  const kinds = [...new Set(evaluated.map((e) => e.kind))];
  const ids = [...new Set(evaluated.flatMap((e) => e.projectIds))];
  if (!kinds.length || !ids.length) return { opened: 0, resolved: 0 };
  const open = prefetched ?? (await sql<OpenPayAlert>(em, OPEN_PAY_ALERTS_SQL, [ids, kinds]));
  const key = (p: string, k: string, s: string) => `${p}|${k}|${s}`;
  const openBy = new Map(open.map((a) => [key(a.project_id, a.kind, a.slot), a]));
  const found = new Set(findings.map((f) => key(f.projectId, f.kind, f.slot)));
  const toUpdate: { id: string; f: PayFinding }[] = [];
  const toOpen: PayFinding[] = [];
  for (const f of findings) {
    const a = openBy.get(key(f.projectId, f.kind, f.slot));
    if (a) toUpdate.push({ id: a.id, f });
    else toOpen.push(f);
  }
  const inScope = (a: (typeof open)[number]) =>
    evaluated.some(
      (e) =>
        e.kind === a.kind &&
        e.projectIds.includes(a.project_id) &&
        (e.slots === null || e.slots.includes(a.slot)),
    );
  const toResolve = open.filter((a) => !found.has(key(a.project_id, a.kind, a.slot)) && inScope(a));
  const detailsOf = (f: PayFinding) => JSON.stringify({ slot: f.slot, ...f.details });

  if (toUpdate.length)
    await sql(
      em,
      `update alert a set details = v.details::jsonb, shortfall_fen = v.shortfall::bigint, updated_at = now()
         from unnest(?::uuid[], ?::text[], ?::text[]) as v(id, details, shortfall) where a.id = v.id`,
      [
        toUpdate.map((u) => u.id),
        toUpdate.map((u) => detailsOf(u.f)),
        toUpdate.map((u) => String(u.f.shortfallFen)),
      ],
    );
  const notices: NoticeDraft[] = [];
  if (toOpen.length) {
    const rows = await sql<{
      id: string;
      project_id: string;
      kind: PayAlertKind;
      due_date: string;
      reopened: boolean;
    }>(
      em,
      `insert into alert (id, kind, status, project_id, agreement_id, due_date, shortfall_fen, opened_on, resolved_on,
                          bank_notice_deadline, contractor_report_deadline, correction_deadline, escalations, details)
       select v.id, v.kind, 'OPEN', v.project_id, null, v.due_date, v.shortfall::bigint, v.due_date, null,
              v.due_date, v.due_date, null, '[]'::jsonb, v.details::jsonb
         from unnest(?::uuid[], ?::text[], ?::uuid[], ?::date[], ?::text[], ?::text[])
              as v(id, kind, project_id, due_date, shortfall, details)
       on conflict (project_id, kind, due_date) where agreement_id is null
         do update set status = 'OPEN', resolved_on = null, details = excluded.details,
                       shortfall_fen = excluded.shortfall_fen, updated_at = now()
       returning id::text, project_id::text, kind, due_date::text, (xmax <> 0) as reopened`,
      [
        toOpen.map(() => randomUUID()),
        toOpen.map((f) => f.kind),
        toOpen.map((f) => f.projectId),
        toOpen.map((f) => f.dueDate),
        toOpen.map((f) => String(f.shortfallFen)),
        toOpen.map(detailsOf),
      ],
    );
    const findingOf = new Map(toOpen.map((f) => [key(f.projectId, f.kind, f.dueDate), f]));
    for (const r of rows) {
      const f = findingOf.get(key(r.project_id, r.kind, r.due_date))!;
      notices.push(
        ...payAlertNotices(
          projects.get(r.project_id)!,
          r.id,
          r.kind,
          r.reopened ? 'reopened' : 'opened',
          f,
          today,
        ),
      );
    }
  }
  if (toResolve.length) {
    await sql(
      em,
      `update alert set status = 'RESOLVED', resolved_on = ?, updated_at = now() where id = any(?::uuid[])`,
      [today, toResolve.map((a) => a.id)],
    );
    for (const a of toResolve)
      notices.push(
        ...payAlertNotices(
          projects.get(a.project_id)!,
          a.id,
          a.kind,
          'resolved',
          { slot: a.slot, dueDate: a.due_date, details: {} },
          today,
        ),
      );
  }
  if (notices.length) await addNotices(em, notices);
  return { opened: toOpen.length, resolved: toResolve.length };
}

/** What the party is to do, per kind (the notice's `action`). */
const ACTION: Record<PayAlertKind, string> = {
  ATTENDED_NOT_PAID:
    'pay every worker who attended in the month through the special account by the pay day (Regulation arts. 11–14, 31)',
  PAID_OUTSIDE_PAYROLL:
    "pay from the special account only to the project's registered workers' own cards on a submitted payroll (art. 31)",
  PAY_BELOW_MINIMUM_WAGE:
    'pay a worker of a full month at least the local minimum wage (最低工资规定 art. 12)',
  PAYMENT_FAILED_UNRESOLVED:
    'pay again the wages whose payment failed, to the worker’s own card (arts. 11, 31)',
  NO_LABOUR_WAGE_MANAGER: "appoint the project's labour-wage manager (劳资专管员, art. 28)",
};

function payAlertNotices(
  project: WorkforceProject,
  alertId: string,
  kind: PayAlertKind,
  event: WorkforceAlertEvent,
  f: Pick<PayFinding, 'slot' | 'dueDate' | 'details'>,
  on: string,
): NoticeDraft[] {
  return workforceAlertNotices(project, alertId, kind, event, on, {
    dueDate: f.dueDate,
    ...(f.slot !== 'project' ? { month: f.slot } : {}),
    ...(event === 'resolved' ? { resolvedOn: on } : f.details),
    ...(event === 'opened' ? { action: ACTION[kind], penalty: PENALTY_OF_KIND[kind]?.code ?? 'none' } : {}),
  });
}
