/**
 * The pay alerts' settings as data (table pay_alert_rules, one row; the defaults and their sources
 * are in its migration), edited by city HRSS as the warning and clue rules are. A change applies
 * from the next evaluation: the alerts are derived, so the next sweep (or fact) re-reads them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCityHrss } from '../../../auth/scope';
import { sql } from '../../../db/sql';
import { badInput } from '../../../domain/errors';
import { now as clockNow } from '../../../clock';
import type { ServiceContext } from '../../context';

export interface PayAlertRules {
  /** PAYMENT_FAILED_UNRESOLVED: working days after the first failure */
  failedPaymentWorkingDays: number;
  /** NO_LABOUR_WAGE_MANAGER: natural days after the construction permit */
  managerDays: number;
  setBy: string;
  setAt: Date;
}

export const DEFAULT_PAY_ALERT_RULES = { failedPaymentWorkingDays: 5, managerDays: 10 } as const;

export async function loadPayAlertRules(em: EntityManager): Promise<PayAlertRules> {
  const [r] = await sql<{ f: number; m: number; set_by: string; set_at: Date }>(
    em,
    `select failed_payment_working_days as f, manager_days as m, set_by, set_at from pay_alert_rules where id = 1`,
  );
  return {
    failedPaymentWorkingDays: r?.f ?? DEFAULT_PAY_ALERT_RULES.failedPaymentWorkingDays,
    managerDays: r?.m ?? DEFAULT_PAY_ALERT_RULES.managerDays,
    setBy: r?.set_by ?? 'migration',
    setAt: r?.set_at ?? new Date(0),
  };
}

export interface PayAlertRulesInput {
  failedPaymentWorkingDays?: number | null;
  managerDays?: number | null;
}

/** Checks an edit: each value given a whole number in its range (the field named otherwise). */
export function checkPayAlertRules(input: PayAlertRulesInput): PayAlertRulesInput {
  const whole = (v: number | null | undefined, field: string, max: number) => {
    if (v === null || v === undefined) return;
    if (!Number.isInteger(v) || v < 1 || v > max)
      throw badInput(field, `must be a whole number from 1 to ${max}`);
  };
  whole(input.failedPaymentWorkingDays, 'failedPaymentWorkingDays', 60);
  whole(input.managerDays, 'managerDays', 365);
  return input;
}

/** City HRSS edits the settings; a value not given stays. */
export async function setPayAlertRules(
  ctx: ServiceContext,
  input: PayAlertRulesInput,
): Promise<PayAlertRules> {
  assertCityHrss(ctx.caller, 'set the pay alert rules');
  checkPayAlertRules(input);
  await sql(
    ctx.em,
    `insert into pay_alert_rules (id, failed_payment_working_days, manager_days, set_by, set_at)
     values (1, coalesce(?::int, ?), coalesce(?::int, ?), ?, ?::timestamptz)
     on conflict (id) do update set
       failed_payment_working_days = coalesce(?::int, pay_alert_rules.failed_payment_working_days),
       manager_days = coalesce(?::int, pay_alert_rules.manager_days), set_by = excluded.set_by, set_at = excluded.set_at`,
    [
      input.failedPaymentWorkingDays ?? null,
      DEFAULT_PAY_ALERT_RULES.failedPaymentWorkingDays,
      input.managerDays ?? null,
      DEFAULT_PAY_ALERT_RULES.managerDays,
      `${ctx.caller.org}:${ctx.caller.district}:${ctx.caller.sub}`.slice(0, 80),
      clockNow(),
      input.failedPaymentWorkingDays ?? null,
      input.managerDays ?? null,
    ],
  );
  return loadPayAlertRules(ctx.em);
}
