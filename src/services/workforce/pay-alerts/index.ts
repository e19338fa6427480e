/**
 * What the hub watches about pay (R4, R6; issue #10 item 5): five derived alert kinds,
 * re-evaluated from the facts — attendance, contracts, the labour-wage manager, payrolls and their
 * results, the special account's debits — and resolved when the facts catch up:
 * ATTENDED_NOT_PAID and PAY_BELOW_MINIMUM_WAGE (attendance-pay.ts), PAID_OUTSIDE_PAYROLL,
 * PAYMENT_FAILED_UNRESOLVED and NO_LABOUR_WAGE_MANAGER (payments.ts); stored and noticed by
 * store.ts. Evaluated after the facts change (the workforce batches, a bank's push, the payroll
 * mutations through `evaluatePayrollAlerts`) and by the daily sweep for the ones time opens.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { todayInShanghai } from '../../../clock';
import { sql } from '../../../db/sql';
import { PAY_ALERT_KINDS, type PayAlertKind } from '../../../domain/workforce/alert-kinds';
import { addDays } from '../../../domain/dates';
import { previousMonthOf } from '../../../domain/workforce/pay-day';
import { loadWorkingCalendar } from '../../calendar';
import { attendanceRules } from '../attendance';
import { attendedNotPaid, payBelowMinimum } from './attendance-pay';
import { noLabourWageManager, paidOutsidePayroll, paymentFailedUnresolved } from './payments';
import { loadPayAlertRules } from './rules';
import {
  lockedProjects,
  syncPayAlerts,
  type BankAccounts,
  type Evaluated,
  type OpenPayAlert,
  type PayFinding,
  type SyncCounts,
} from './store';

export interface PayAlertOptions {
  /** the day the evaluation is made (default today, Shanghai): a deadline before it has passed */
  today?: string;
  /** ATTENDED_NOT_PAID's work months (default: this month, the two before and those with an open alert) */
  months?: readonly string[];
  /** the kinds to evaluate (default all five) */
  kinds?: readonly PayAlertKind[];
  /** the projects holding these accounts are evaluated too (a push: the accounts it debited) */
  accounts?: BankAccounts;
}

/**
 * Brings the projects' pay alerts up to date, in the caller's transaction: what the payroll
 * mutations call after a submission or a result, and every other hook with its kinds.
 */
export async function evaluatePayrollAlerts(
  em: EntityManager,
  projectIds: readonly string[],
  opts: PayAlertOptions = {},
): Promise<SyncCounts> {
  const projects = await lockedProjects(em, projectIds, opts.accounts);
  const ids = [...projects.keys()].sort();
  if (!ids.length) return { opened: 0, resolved: 0 };
  const today = opts.today ?? todayInShanghai();
  const kinds = new Set(opts.kinds ?? PAY_ALERT_KINDS);
  // Read only what the kinds judge by: a push's PAID_OUTSIDE_PAYROLL needs neither the calendar
  // nor the rules, and they were two of a small push's statements.
  // One after the other: in the caller's transaction they share one connection, which runs one
  // statement at a time anyway, and pg@9 refuses a query sent while another is running.
  const calendar =
    kinds.has('ATTENDED_NOT_PAID') ||
    kinds.has('PAY_BELOW_MINIMUM_WAGE') ||
    kinds.has('PAYMENT_FAILED_UNRESOLVED')
      ? await loadWorkingCalendar(em)
      : null;
  const rules =
    kinds.has('PAYMENT_FAILED_UNRESOLVED') || kinds.has('NO_LABOUR_WAGE_MANAGER')
      ? await loadPayAlertRules(em)
      : null;
  const attendance =
    kinds.has('ATTENDED_NOT_PAID') || kinds.has('PAY_BELOW_MINIMUM_WAGE') ? await attendanceRules(em) : [];
  const findings: PayFinding[] = [];
  const evaluated: Evaluated[] = [];
  const all = (kind: PayAlertKind) => evaluated.push({ projectIds: ids, kind, slots: null });
  if (kinds.has('ATTENDED_NOT_PAID')) {
    const months = opts.months ?? (await defaultMonths(em, ids, today));
    for (const month of months)
      findings.push(...(await attendedNotPaid(em, ids, month, attendance, calendar!, today)));
    evaluated.push({ projectIds: ids, kind: 'ATTENDED_NOT_PAID', slots: months });
  }
  if (kinds.has('PAY_BELOW_MINIMUM_WAGE')) {
    findings.push(...(await payBelowMinimum(em, [...projects.values()], attendance, calendar!)));
    all('PAY_BELOW_MINIMUM_WAGE');
  }
  let open: OpenPayAlert[] | undefined;
  if (kinds.has('PAID_OUTSIDE_PAYROLL')) {
    // the open alerts of every kind evaluated come along, a round trip less for syncPayAlerts
    const read = await paidOutsidePayroll(em, ids, [...kinds]);
    findings.push(...read.findings);
    open = read.open;
    all('PAID_OUTSIDE_PAYROLL');
  }
  if (kinds.has('PAYMENT_FAILED_UNRESOLVED')) {
    findings.push(...(await paymentFailedUnresolved(em, ids, rules!, calendar!, today)));
    all('PAYMENT_FAILED_UNRESOLVED');
  }
  if (kinds.has('NO_LABOUR_WAGE_MANAGER')) {
    findings.push(...(await noLabourWageManager(em, ids, rules!, today)));
    all('NO_LABOUR_WAGE_MANAGER');
  }
  return syncPayAlerts(em, projects, evaluated, findings, today, open);
}

/**
 * The work months whose pay day can have passed unpaid without an alert yet: this month (a pay
 * day on the 1st of next month moved earlier lands in it), the two before, and every month an
 * alert is still open for (so a late payment resolves it whenever it comes).
 */
async function defaultMonths(em: EntityManager, ids: readonly string[], today: string): Promise<string[]> {
  const open = await sql<{ month: string }>(
    em,
    `select distinct details->>'slot' as month from alert
      where project_id = any(?::uuid[]) and kind = 'ATTENDED_NOT_PAID' and agreement_id is null and status = 'OPEN'`,
    [ids],
  );
  return [...new Set([...sweptMonths(today), ...open.map((o) => o.month).filter(Boolean)])].sort();
}

/** This month and the two before: the work months every evaluation looks at. */
function sweptMonths(today: string): string[] {
  const m0 = today.slice(0, 7);
  const m1 = previousMonthOf(m0);
  return [m0, m1, previousMonthOf(m1)];
}

/** The months among `months` older than the swept ones (an attendance batch evaluates those itself). */
export function monthsBeyondSweep(months: readonly string[], today: string): string[] {
  const oldest = sweptMonths(today)[2];
  return [...new Set(months.filter((m) => m < oldest))].sort();
}

/**
 * The daily sweep's part (src/services/compliance/sweep.ts), one partition of the projects in its
 * own transaction, as the duties' is: the projects with a team, a payroll or an open
 * pay alert, evaluated the morning after `asOf` (so a deadline on `asOf` has passed).
 */
export async function sweepPayAlertPartition(
  root: EntityManager,
  asOf: string,
  partition: number,
  of: number,
): Promise<SyncCounts> {
  const today = addDays(asOf, 1);
  return root.fork().transactional(async (tx) => {
    const em = tx as EntityManager;
    const rows = await sql<{ id: string }>(
      em,
      `select p.id::text from project p
        where get_byte(uuid_send(p.id), 15) % ? = ?
          and (exists (select 1 from work_team t where t.project_id = p.id)
               or exists (select 1 from payroll r where r.project_id = p.id)
               or exists (select 1 from alert a where a.project_id = p.id and a.agreement_id is null
                            and a.kind = any(?::text[]) and a.status = 'OPEN'))`,
      [of, partition, [...PAY_ALERT_KINDS]],
    );
    return evaluatePayrollAlerts(
      em,
      rows.map((r) => r.id),
      { today },
    );
  });
}
