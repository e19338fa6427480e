/**
 * The daily derivation of graded warnings (R17), like the alerts': every subject's facts graded
 * under the rule table, diffed against the warnings open. A new grade opens a warning (routed,
 * noticed, entered in the risk register); a changed grade closes the old one (`REGRADED`) and opens
 * the new; a grade that goes away closes it (`FACTS_CLEARED`). Nothing is deleted. Open warnings
 * not acknowledged by every routed agency by their `acknowledge_by` escalate, once, to each silent
 * agency's superior. One transaction; idempotent (a re-run for the same day changes nothing).
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../../auth/scope';
import { sql } from '../../db/sql';
import { assertIsoDate, shanghaiDateOf } from '../../domain/dates';
import { acknowledgeDeadline, superiorOf, warningRecipients } from '../../domain/warning-routing';
import { gradeFacts, type WarningGrade, type WarningReason } from '../../domain/warnings';
import { now as clockNow } from '../../clock';
import type { ServiceContext } from '../context';
import { loadWorkingCalendar } from '../calendar';
import { addNotices, noticeDedupeKey, type NoticeDraft } from '../outbox';
import { assertStatedDate } from '../stated-date';
import { loadSubjectFacts } from './facts';
import { loadWarningRules } from './rules';

export interface WarningSweepReport {
  asOf: string;
  opened: number;
  closed: number;
  escalated: number;
}

interface OpenWarning {
  id: string;
  subject_kind: string;
  subject_id: string;
  grade: WarningGrade;
}

interface NewWarning {
  id: string;
  subject_kind: string;
  subject_id: string;
  grade: WarningGrade;
  reasons: WarningReason[];
  districts: string[];
  authorities: string[];
  acknowledge_by: string;
  provisional: boolean;
}

export async function runWarningSweep(root: EntityManager, asOf: string): Promise<WarningSweepReport> {
  assertIsoDate(asOf, 'asOf');
  return root.fork().transactional((tx) => sweepIn(tx as EntityManager, asOf));
}

/** `runWarningSweep`: city HRSS derives the warnings by hand, for today or a day before. */
export async function runOperatorWarningSweep(
  ctx: ServiceContext,
  asOf: string,
): Promise<WarningSweepReport> {
  assertCityHrss(ctx.caller, 'run the warning sweep');
  assertStatedDate(asOf, 'asOf', shanghaiDateOf(clockNow()));
  return sweepIn(ctx.em, asOf);
}

async function sweepIn(em: EntityManager, asOf: string): Promise<WarningSweepReport> {
  // one sweep at a time: two at once would both open the same subject's warning
  await sql(em, `select pg_advisory_xact_lock(hashtext('warning-sweep'))`);
  const rules = await loadWarningRules(em);
  const incidentWindow = rules.rules.find((r) => r.signal === 'INCIDENT_WITHIN_DAYS')?.threshold ?? 0;
  // One after the other: in the sweep's transaction they share one connection, which runs one
  // statement at a time anyway, and pg@9 refuses a query sent while another is running.
  const subjects = await loadSubjectFacts(em, asOf, incidentWindow);
  const open = await sql<OpenWarning>(
    em,
    `select id, subject_kind, subject_id, grade from warning where closed_on is null`,
  );
  const calendar = await loadWorkingCalendar(em);
  const openBySubject = new Map(open.map((w) => [`${w.subject_kind}:${w.subject_id}`, w]));
  const due = acknowledgeDeadline(calendar, asOf, rules.acknowledgeWithinWorkingDays);
  const created: NewWarning[] = [];
  const kept: { id: string; reasons: WarningReason[]; districts: string[]; authorities: string[] }[] = [];
  const toClose: { id: string; reason: string }[] = [];
  for (const [key, s] of subjects) {
    const { grade, reasons } = gradeFacts(rules.rules, s.facts);
    const current = openBySubject.get(key);
    openBySubject.delete(key);
    const districts = [...s.districts].sort();
    const authorities = [...s.authorities].sort();
    if (grade === null) {
      if (current) toClose.push({ id: current.id, reason: 'FACTS_CLEARED' });
      continue;
    }
    if (current && current.grade === grade) {
      kept.push({ id: current.id, reasons, districts, authorities });
      continue;
    }
    if (current) toClose.push({ id: current.id, reason: 'REGRADED' });
    created.push({
      id: randomUUID(),
      subject_kind: s.kind,
      subject_id: s.id,
      grade,
      reasons,
      districts,
      authorities,
      acknowledge_by: due.date,
      provisional: due.provisional,
    });
  }
  for (const gone of openBySubject.values()) toClose.push({ id: gone.id, reason: 'FACTS_CLEARED' });

  const drafts: NoticeDraft[] = [];
  const closed = await closeWarnings(em, asOf, toClose);
  for (const c of closed) {
    for (const recipient of c.recipients)
      drafts.push(
        notice('WARNING_CLOSED', c.id, recipient, { ...c.payload, closedOn: asOf, reason: c.reason }),
      );
  }
  if (kept.length)
    await sql(
      em,
      `update warning w set reasons = k.reasons, districts = k.districts, authorities = k.authorities, evaluated_on = ?::date
         from jsonb_to_recordset(?::jsonb) as k(id uuid, reasons jsonb, districts text[], authorities text[])
        where w.id = k.id`,
      [asOf, JSON.stringify(kept)],
    );
  const now = clockNow();
  if (created.length) {
    await sql(
      em,
      `insert into warning (id, subject_kind, subject_id, grade, reasons, districts, authorities, opened_on,
                            evaluated_on, acknowledge_by, deadline_provisional, created_at)
       select n.id, n.subject_kind, n.subject_id, n.grade, n.reasons, n.districts, n.authorities, ?::date,
              ?::date, n.acknowledge_by, n.provisional, ?::timestamptz
         from jsonb_to_recordset(?::jsonb) as n(id uuid, subject_kind text, subject_id uuid, grade text, reasons jsonb,
              districts text[], authorities text[], acknowledge_by date, provisional boolean)`,
      [asOf, asOf, now, JSON.stringify(created)],
    );
    await enterRegister(em, asOf, created, now);
  }
  // routing: new warnings, and agencies a kept warning's facts now reach
  const routes = [
    ...created.map((w) => ({ id: w.id, keys: warningRecipients(w.grade, w.districts, w.authorities) })),
    ...kept.map((k) => {
      const grade = open.find((o) => o.id === k.id)!.grade;
      return { id: k.id, keys: warningRecipients(grade, k.districts, k.authorities) };
    }),
  ];
  const routed = await routeTo(em, routes);
  const byId = new Map(created.map((w) => [w.id, w]));
  for (const r of routed) {
    const w = byId.get(r.warning_id);
    drafts.push(
      notice('WARNING_ISSUED', r.warning_id, r.recipient, {
        warningId: r.warning_id,
        subjectKind: r.subject_kind,
        subjectId: r.subject_id,
        grade: r.grade,
        signals: (w?.reasons ?? r.reasons).map((x) => x.signal),
        openedOn: r.opened_on,
        acknowledgeBy: r.acknowledge_by,
      }),
    );
  }
  const escalated = await escalateUnacknowledged(em, asOf);
  for (const e of escalated)
    for (const superior of e.escalated_to)
      drafts.push(
        notice('WARNING_ESCALATED', e.id, superior, {
          warningId: e.id,
          subjectKind: e.subject_kind,
          subjectId: e.subject_id,
          grade: e.grade,
          acknowledgeBy: e.acknowledge_by,
          escalatedOn: asOf,
          unacknowledgedBy: e.silent.filter((s) => superiorOf(s) === superior),
        }),
      );
  await addNotices(em, drafts);
  return { asOf, opened: created.length, closed: closed.length, escalated: escalated.length };
}

const notice = (topic: string, warningId: string, recipient: string, payload: Record<string, unknown>) => ({
  topic,
  recipient,
  dedupeKey: noticeDedupeKey(topic, warningId, recipient),
  payload,
});

async function closeWarnings(em: EntityManager, asOf: string, toClose: { id: string; reason: string }[]) {
  if (!toClose.length) return [];
  const rows = await sql<{
    id: string;
    reason: string;
    subject_kind: string;
    subject_id: string;
    grade: string;
    recipients: string[];
  }>(
    em,
    `with c as (
       update warning w set closed_on = ?::date, close_reason = t.reason
         from jsonb_to_recordset(?::jsonb) as t(id uuid, reason text)
        where w.id = t.id and w.closed_on is null
        returning w.id, t.reason, w.subject_kind, w.subject_id, w.grade)
     select c.*, coalesce((select array_agg(r.recipient order by r.recipient) from warning_recipient r
                            where r.warning_id = c.id), '{}') as recipients from c`,
    [asOf, JSON.stringify(toClose)],
  );
  return rows.map((r) => ({
    ...r,
    payload: { warningId: r.id, subjectKind: r.subject_kind, subjectId: r.subject_id, grade: r.grade },
  }));
}

async function enterRegister(
  em: EntityManager,
  asOf: string,
  created: NewWarning[],
  now: Date,
): Promise<void> {
  await sql(
    em,
    `insert into risk_register_item (id, subject_kind, subject_id, warning_id, grade, districts, authorities, entered_on, created_at)
     select gen_random_uuid(), n.subject_kind, n.subject_id, n.id, n.grade, n.districts, n.authorities, ?::date, ?::timestamptz
       from jsonb_to_recordset(?::jsonb) as n(id uuid, subject_kind text, subject_id uuid, grade text,
            districts text[], authorities text[])
     on conflict (subject_kind, subject_id) where closed_on is null do update
        set warning_id = excluded.warning_id, grade = excluded.grade,
            districts = excluded.districts, authorities = excluded.authorities`,
    [asOf, now, JSON.stringify(created)],
  );
}

async function routeTo(em: EntityManager, routes: { id: string; keys: string[] }[]) {
  const pairs = routes.flatMap((r) => r.keys.map((recipient) => ({ warning_id: r.id, recipient })));
  if (!pairs.length) return [];
  return sql<{
    warning_id: string;
    recipient: string;
    subject_kind: string;
    subject_id: string;
    grade: string;
    reasons: WarningReason[];
    opened_on: string;
    acknowledge_by: string;
  }>(
    em,
    `with r as (
       insert into warning_recipient (warning_id, recipient)
       select p.warning_id, p.recipient from jsonb_to_recordset(?::jsonb) as p(warning_id uuid, recipient text)
       on conflict do nothing returning warning_id, recipient)
     select r.warning_id, r.recipient, w.subject_kind, w.subject_id, w.grade, w.reasons,
            to_char(w.opened_on, 'YYYY-MM-DD') as opened_on, to_char(w.acknowledge_by, 'YYYY-MM-DD') as acknowledge_by
       from r join warning w on w.id = r.warning_id`,
    [JSON.stringify(pairs)],
  );
}

/** Open warnings past `acknowledge_by` with a routed agency still silent: escalated once, dated asOf. */
async function escalateUnacknowledged(em: EntityManager, asOf: string) {
  const rows = await sql<{
    id: string;
    subject_kind: string;
    subject_id: string;
    grade: string;
    acknowledge_by: string;
    silent: string[];
  }>(
    em,
    `select w.id, w.subject_kind, w.subject_id, w.grade, to_char(w.acknowledge_by, 'YYYY-MM-DD') as acknowledge_by,
            array_agg(r.recipient order by r.recipient) as silent
       from warning w join warning_recipient r on r.warning_id = w.id and r.acknowledged_at is null
      where w.closed_on is null and w.escalated_on is null and w.acknowledge_by < ?::date
      group by w.id`,
    [asOf],
  );
  const out = rows.map((r) => ({
    ...r,
    escalated_to: [...new Set(r.silent.map(superiorOf).filter((s): s is string => s !== null))].sort(),
  }));
  if (out.length)
    await sql(
      em,
      `update warning w set escalated_on = ?::date, escalated_to = e.escalated_to
         from jsonb_to_recordset(?::jsonb) as e(id uuid, escalated_to text[])
        where w.id = e.id and w.escalated_on is null`,
      [asOf, JSON.stringify(out.map((e) => ({ id: e.id, escalated_to: e.escalated_to })))],
    );
  return out;
}
