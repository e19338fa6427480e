/**
 * Attendance (R4): punches from the site's gates in the national platform's shape
 * (WorkerAttendance.Add: idCardNumber, date `yyyy-MM-dd HH:mm:ss.fff` Shanghai time, direction 01
 * in / 02 out, gate), up to 10,000 per call. A punch is a fact and is kept even when its worker is
 * not registered or has no contract — that is what WORKER_WITHOUT_CONTRACT is about — so only a
 * malformed punch is refused as its row. Replays are counted as duplicates, never stored twice.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { now as clockNow } from '../../clock';
import { sql } from '../../db/sql';
import { shanghaiDayOf, wallMs, type AttendanceRule } from '../../domain/workforce/valid-day';
import { assertCityHrss } from '../../auth/scope';
import { assertIsoDate } from '../../domain/dates';
import { badInput } from '../../domain/errors';
import { lookupHash } from '../../personal-data/cipher';
import type { ServiceContext } from '../context';
import { projectOfContractor } from './access';
import { ensureAttendancePartitions } from './attendance-partitions';
import { assertBatchSize, sortRejected, type BatchResult } from './registration';
import { eachRow, optionalText, refuse, residentId } from './rows';
import { evaluateWorkersWithoutContract, findWithoutContract } from './without-contract';
import { evaluatePayrollAlerts, monthsBeyondSweep } from './pay-alerts';
import { todayInShanghai } from '../../clock';

export const MAX_PUNCHES_PER_CALL = 10_000;
/** Punches older than this are refused: gates upload daily; a year-old punch is a mangled export. */
export const MAX_PUNCH_AGE_DAYS = 400;

/** docs/interface.md's PunchInput (the platform's WorkerAttendance.Add: idCardNumber, date, direction, gate). */
export interface PunchRow {
  workerIdNumber: string;
  at: Date;
  direction: 'IN' | 'OUT';
  gate?: string | null;
}

export async function recordAttendance(
  ctx: ServiceContext,
  projectId: string,
  punches: PunchRow[],
): Promise<BatchResult> {
  const project = await projectOfContractor(ctx.em, ctx.caller, projectId);
  assertBatchSize(punches, 'punches', MAX_PUNCHES_PER_CALL);
  const now = clockNow().getTime();
  // A gate sends each worker's punches together: his number is checked and hashed once per call.
  const hashOf = new Map<string, string>();
  const checked = eachRow(punches, (p) => {
    let h = hashOf.get(p.workerIdNumber);
    if (h === undefined) {
      h = lookupHash('ID', residentId(p.workerIdNumber, 'workerIdNumber'));
      hashOf.set(p.workerIdNumber, h);
    }
    const at = p.at instanceof Date && !Number.isNaN(p.at.getTime()) ? p.at : null;
    if (!at) refuse('INVALID_TIME', 'at', 'is not an instant');
    if (at!.getTime() > now + 5 * 60_000) refuse('INVALID_TIME', 'at', 'is in the future');
    if (at!.getTime() < now - MAX_PUNCH_AGE_DAYS * 86_400_000)
      refuse('TOO_OLD', 'at', `is more than ${MAX_PUNCH_AGE_DAYS} days ago`);
    if (p.direction !== 'IN' && p.direction !== 'OUT')
      refuse('INVALID_FIELD', 'direction', 'must be IN or OUT');
    return { h, at: at!, d: p.direction, g: optionalText(p.gate, 'gate', 64) };
  });
  let accepted = 0;
  if (checked.ok.length) {
    const rows = checked.ok.map((r) => r.value);
    await ensureAttendancePartitions(
      ctx.em,
      rows.map((r) => shanghaiDayOf(r.at).slice(0, 7)),
    );
    // Four arrays rather than one JSON document: PostgreSQL reads them faster than jsonb_to_recordset.
    // One KEY SHARE lock on the project stands in for the foreign key's check of every punch
    // (Migration20261204300000_attendance_project_guard).
    const inserted = await sql<{ n: string }>(
      ctx.em,
      `with p as (select id from project where id = ? for key share),
       ins as (
         insert into attendance_punch (project_id, id_number_hash, at, direction, gate)
         select p.id, v.h, v.at, v.d, v.g from p, unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[]) as v(h, at, d, g)
         on conflict do nothing returning 1)
       select count(*)::text as n from ins`,
      [
        project.id,
        rows.map((r) => r.h),
        rows.map((r) => r.at.toISOString()),
        rows.map((r) => r.d),
        rows.map((r) => r.g),
      ],
    );
    accepted = Number(inserted[0].n);
    // A late punch for a month the daily sweep no longer looks at (pay-alerts/index.ts) is
    // evaluated here; the months it looks at wait for it, so the usual batch pays nothing more.
    const late = monthsBeyondSweep(
      rows.map((r) => shanghaiDayOf(r.at).slice(0, 7)),
      todayInShanghai(),
    );
    if (accepted && late.length)
      await evaluatePayrollAlerts(ctx.em, [project.id], { months: late, kinds: ['ATTENDED_NOT_PAID'] });
  }
  const without = accepted
    ? await evaluateWorkersWithoutContract(ctx.em, project)
    : await findWithoutContract(ctx.em, project.id);
  return {
    accepted,
    duplicates: checked.ok.length - accepted,
    updated: 0,
    workersWithoutContract: without.workers,
    rejected: sortRejected(checked.rejected),
  };
}

export async function attendanceRules(em: EntityManager): Promise<AttendanceRule[]> {
  return sql<AttendanceRule>(
    em,
    `select effective_from::text as "effectiveFrom", min_punches as "minPunches",
            to_char(morning_from, 'HH24:MI:SS') as "morningFrom", to_char(morning_to, 'HH24:MI:SS') as "morningTo",
            to_char(afternoon_from, 'HH24:MI:SS') as "afternoonFrom", to_char(afternoon_to, 'HH24:MI:SS') as "afternoonTo",
            min_span_minutes as "minSpanMinutes", manager_share_bp as "managerShareBp"
       from attendance_rules order by effective_from`,
  );
}

const WALL_CLOCK = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** City HRSS sets a version of the valid-day rule from a day on (the same day: replaced). */
export async function setAttendanceRules(ctx: ServiceContext, rule: AttendanceRule): Promise<AttendanceRule> {
  assertCityHrss(ctx.caller, 'set the valid-day rule');
  assertIsoDate(rule.effectiveFrom, 'effectiveFrom');
  for (const f of ['morningFrom', 'morningTo', 'afternoonFrom', 'afternoonTo'] as const)
    if (!WALL_CLOCK.test(rule[f])) throw badInput(f, 'must be a wall-clock time, HH:MM or HH:MM:SS');
  if (wallMs(rule.morningFrom) > wallMs(rule.morningTo)) throw badInput('morningTo', 'is before morningFrom');
  if (wallMs(rule.afternoonFrom) > wallMs(rule.afternoonTo))
    throw badInput('afternoonTo', 'is before afternoonFrom');
  const whole = (v: number, f: string, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max)
      throw badInput(f, `must be a whole number from ${min} to ${max}`);
  };
  whole(rule.minPunches, 'minPunches', 1, 20);
  whole(rule.minSpanMinutes, 'minSpanMinutes', 0, 1440);
  whole(rule.managerShareBp, 'managerShareBp', 0, 10000);
  await sql(
    ctx.em,
    `insert into attendance_rules (effective_from, min_punches, morning_from, morning_to, afternoon_from, afternoon_to,
                                   min_span_minutes, manager_share_bp)
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (effective_from) do update set min_punches = excluded.min_punches, morning_from = excluded.morning_from,
       morning_to = excluded.morning_to, afternoon_from = excluded.afternoon_from, afternoon_to = excluded.afternoon_to,
       min_span_minutes = excluded.min_span_minutes, manager_share_bp = excluded.manager_share_bp`,
    [
      rule.effectiveFrom,
      rule.minPunches,
      rule.morningFrom,
      rule.morningTo,
      rule.afternoonFrom,
      rule.afternoonTo,
      rule.minSpanMinutes,
      rule.managerShareBp,
    ],
  );
  return (await attendanceRules(ctx.em)).find((r) => r.effectiveFrom === rule.effectiveFrom)!;
}
