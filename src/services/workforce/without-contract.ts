/**
 * WORKER_WITHOUT_CONTRACT (R2): someone punched in on the project who is not registered by real name
 * or has no labour contract (Regulation art. 28: nobody works on site before both). Derived like the
 * duty alerts (src/services/duties): re-evaluated from the facts after every batch that can change
 * them (attendance, registration, contracts), never set by hand. One alert per project at a time:
 * opened on the Shanghai day of the earliest punch of those still uncovered, with the count in its
 * details (never who: notices carry no personal data); resolved the day the last of them is
 * registered and contracted. Notices go through the outbox as the duty alerts' do: opened → the
 * general contractor (the party), the district HRSS and the industry authority; resolved or
 * reopened → the contractor and the district HRSS.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import { todayInShanghai } from '../../clock';
import { addNotices, type NoticeDraft } from '../outbox';
import type { WorkforceAlertKind } from '../../domain/workforce/alert-kinds';
import type { WorkforceProject } from './access';
import { workforceAlertNotices, type WorkforceAlertEvent } from './alert-notices';

const KIND: WorkforceAlertKind = 'WORKER_WITHOUT_CONTRACT';

export interface WithoutContractFinding {
  workers: number;
  /** Shanghai date of the earliest punch among the uncovered workers */
  since: string | null;
}

/** Punching workers who are not registered, or registered without a contract signed by now. */
export async function findWithoutContract(
  em: EntityManager,
  projectId: string,
): Promise<WithoutContractFinding> {
  const [row] = await sql<{ workers: string; since: string | null }>(
    em,
    `with punched as (select id_number_hash, min(at) as first_at from attendance_punch where project_id = ? group by id_number_hash)
     select count(*)::text as workers, (min(pu.first_at) at time zone 'Asia/Shanghai')::date::text as since
       from punched pu
       left join worker w on w.project_id = ? and w.id_number_hash = pu.id_number_hash
      where w.id is null or not exists (select 1 from labour_contract c where c.worker_id = w.id)`,
    [projectId, projectId],
  );
  return { workers: Number(row?.workers ?? 0), since: row?.since ?? null };
}

export async function evaluateWorkersWithoutContract(
  em: EntityManager,
  project: WorkforceProject,
): Promise<WithoutContractFinding> {
  // one evaluation of a project at a time: two batches at once would both find no open alert
  await sql(em, `select pg_advisory_xact_lock(hashtext(?))`, [`workforce-alert:${project.id}`]);
  const finding = await findWithoutContract(em, project.id);
  const [open] = await sql<{ id: string; due_date: string }>(
    em,
    `select id::text, due_date::text from alert where project_id = ? and kind = ? and agreement_id is null and status = 'OPEN'
      order by due_date desc limit 1 for update`,
    [project.id, KIND],
  );
  const today = todayInShanghai();
  const notices: NoticeDraft[] = [];
  if (finding.workers > 0) {
    if (open) {
      await sql(em, `update alert set details = ?::jsonb, updated_at = now() where id = ?`, [
        JSON.stringify({ workers: String(finding.workers) }),
        open.id,
      ]);
      return finding;
    }
    const since = finding.since!;
    const [row] = await sql<{ id: string; reopened: boolean; resolved_on: string | null }>(
      em,
      `insert into alert (id, kind, status, project_id, agreement_id, due_date, shortfall_fen, opened_on, resolved_on,
                          bank_notice_deadline, contractor_report_deadline, correction_deadline, escalations, details)
       values (?, ?, 'OPEN', ?, null, ?, 0, ?, null, ?, ?, null, '[]'::jsonb, ?::jsonb)
       on conflict (project_id, kind, due_date) where agreement_id is null
         do update set status = 'OPEN', resolved_on = null, details = excluded.details, updated_at = now()
       returning id::text, (xmax <> 0) as reopened, null::text as resolved_on`,
      [
        randomUUID(),
        KIND,
        project.id,
        since,
        since,
        since,
        since,
        JSON.stringify({ workers: String(finding.workers) }),
      ],
    );
    notices.push(
      ...workforceNotices(
        project,
        row.id,
        row.reopened ? 'reopened' : 'opened',
        since,
        finding.workers,
        today,
      ),
    );
  } else if (open) {
    await sql(em, `update alert set status = 'RESOLVED', resolved_on = ?, updated_at = now() where id = ?`, [
      today,
      open.id,
    ]);
    notices.push(...workforceNotices(project, open.id, 'resolved', open.due_date, 0, today));
  }
  if (notices.length) await addNotices(em, notices);
  return finding;
}

function workforceNotices(
  project: WorkforceProject,
  alertId: string,
  event: WorkforceAlertEvent,
  dueDate: string,
  workers: number,
  on: string,
): NoticeDraft[] {
  return workforceAlertNotices(project, alertId, KIND, event, on, {
    dueDate,
    ...(event === 'resolved' ? { resolvedOn: on } : { workersWithoutContract: workers }),
    ...(event === 'opened'
      ? {
          action:
            'register every worker on site by real name and sign a labour contract with each before further work (Regulation art. 28)',
        }
      : {}),
  });
}
