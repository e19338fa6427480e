import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../../auth/scope';
import { sql } from '../../db/sql';
import { badInput } from '../../domain/errors';
import {
  THRESHOLD_SIGNALS,
  WARNING_SIGNALS,
  type RuleGrade,
  type WarningRule,
  type WarningSignal,
} from '../../domain/warnings';
import { now as clockNow } from '../../clock';
import type { ServiceContext } from '../context';

export interface WarningRules {
  rules: WarningRule[];
  acknowledgeWithinWorkingDays: number;
  setBy: string;
  setAt: Date;
}

export async function loadWarningRules(em: EntityManager): Promise<WarningRules> {
  const rows = await sql<{ signal: WarningSignal; grade: RuleGrade; threshold: number | null }>(
    em,
    `select signal, grade, threshold from warning_rule order by signal`,
  );
  const [settings] = await sql<{ acknowledge_within_working_days: number; set_by: string; set_at: Date }>(
    em,
    `select acknowledge_within_working_days, set_by, set_at from warning_settings where id = 1`,
  );
  return {
    rules: rows.filter((r) => (WARNING_SIGNALS as readonly string[]).includes(r.signal)),
    acknowledgeWithinWorkingDays: settings?.acknowledge_within_working_days ?? 3,
    setBy: settings?.set_by ?? 'migration',
    setAt: settings?.set_at ?? new Date(0),
  };
}

export interface WarningRulesInput {
  rules?: { signal: string; grade: string; threshold?: number | null }[] | null;
  acknowledgeWithinWorkingDays?: number | null;
}

/**
 * City HRSS edits the grading: each rule given replaces that signal's grade (OFF: not graded) and
 * threshold; the rest stay. Applied from the next sweep (`runWarningSweep` at once).
 */
export async function setWarningRules(ctx: ServiceContext, input: WarningRulesInput): Promise<WarningRules> {
  assertCityHrss(ctx.caller, 'set the warning rules');
  const by = `${ctx.caller.org}:${ctx.caller.district}:${ctx.caller.sub}`;
  const at = clockNow();
  const days = input.acknowledgeWithinWorkingDays;
  if (days !== null && days !== undefined && (!Number.isInteger(days) || days < 1 || days > 60))
    throw badInput('acknowledgeWithinWorkingDays', 'must be a whole number from 1 to 60');
  const rules = (input.rules ?? []).map((r, i) => {
    const field = `rules[${i}]`;
    if (!(WARNING_SIGNALS as readonly string[]).includes(r.signal))
      throw badInput(`${field}.signal`, `must be one of ${WARNING_SIGNALS.join(', ')}`);
    if (!['RED', 'ORANGE', 'YELLOW', 'OFF'].includes(r.grade))
      throw badInput(`${field}.grade`, 'must be RED, ORANGE, YELLOW or OFF');
    const needs = THRESHOLD_SIGNALS.has(r.signal as WarningSignal);
    const t = r.threshold ?? null;
    if (needs && (t === null || !Number.isInteger(t) || t < 0 || t > 1000))
      throw badInput(`${field}.threshold`, `${r.signal} needs a whole-number threshold from 0 to 1000`);
    if (!needs && t !== null) throw badInput(`${field}.threshold`, `${r.signal} takes no threshold`);
    return { signal: r.signal, grade: r.grade, threshold: t };
  });
  if (new Set(rules.map((r) => r.signal)).size !== rules.length)
    throw badInput('rules', 'names a signal twice');
  if (rules.length)
    await sql(
      ctx.em,
      `insert into warning_rule (signal, grade, threshold, set_by, set_at)
       select r.signal, r.grade, r.threshold, ?, ?::timestamptz
         from jsonb_to_recordset(?::jsonb) as r(signal text, grade text, threshold int)
       on conflict (signal) do update set grade = excluded.grade, threshold = excluded.threshold,
          set_by = excluded.set_by, set_at = excluded.set_at`,
      [by, at, JSON.stringify(rules)],
    );
  if (days !== null && days !== undefined)
    await sql(
      ctx.em,
      `update warning_settings set acknowledge_within_working_days = ?, set_by = ?, set_at = ?::timestamptz where id = 1`,
      [days, by, at],
    );
  return loadWarningRules(ctx.em);
}
