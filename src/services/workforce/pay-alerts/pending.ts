/**
 * A bank push's pay alerts, evaluated just after the push instead of inside it (issue #9 item 8).
 * The push marks the projects to evaluate (`pay_alert_pending`, in its own transaction or
 * statement, so a mark exists exactly when the events do); the follow-up here takes the marks a
 * moment later and evaluates them as the push did (evaluatePayrollAlerts, same kinds), deleting a
 * mark in the transaction that evaluates it. Why: the evaluation was half of a small push's
 * statements and held the projects' advisory locks, so it bounded the intake's rate; the alerts
 * now show ~200 ms after the push's answer instead of with it.
 *
 * Nothing is lost: marks are taken with `for update skip locked` (several hub processes share
 * them, never the same one twice), and marks a crashed process left are taken when a hub starts
 * and by every notice-relay tick (jobs/notice-relay.job.ts).
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { sql } from '../../../db/sql';
import type { PayAlertKind } from '../../../domain/workforce/alert-kinds';
import { safeErrorMessage } from '../../../log-safe-error';
import { evaluatePayrollAlerts } from './index';
import { lockedProjects } from './store';

/** A push that paid or failed payroll lines: what finish() evaluated for their projects. */
export const PAYROLL_CHANGED_KINDS: readonly PayAlertKind[] = [
  'PAID_OUTSIDE_PAYROLL',
  'ATTENDED_NOT_PAID',
  'PAYMENT_FAILED_UNRESOLVED',
];
/** A push that debited accounts: their projects' PAID_OUTSIDE_PAYROLL. */
export const DEBITED_KINDS: readonly PayAlertKind[] = ['PAID_OUTSIDE_PAYROLL'];

/**
 * Marks, in the caller's transaction, the projects of the debited accounts and those whose
 * payroll lines changed (one statement, one row), with the kinds the push evaluated before: all
 * three when it changed payroll lines, else PAID_OUTSIDE_PAYROLL. Answers whether anything was
 * marked.
 */
export async function markPayAlerts(
  em: EntityManager,
  debited: { bankCode: string; accountNos: readonly string[] },
  payrollProjects: readonly string[],
): Promise<boolean> {
  if (!debited.accountNos.length && !payrollProjects.length) return false;
  const rows = await sql(
    em,
    `insert into pay_alert_pending (project_ids, kinds)
     select m.ids, ?::text[] from (
       select array_agg(distinct p) as ids from (
         select sa.project_id as p from special_account sa
          where sa.bank_code = ? and sa.account_no in (select jsonb_array_elements_text(?::jsonb))
         union all
         select unnest(?::uuid[])) x) m
      where m.ids is not null
     returning 1`,
    [
      payrollProjects.length ? PAYROLL_CHANGED_KINDS : DEBITED_KINDS,
      debited.bankCode,
      JSON.stringify([...new Set(debited.accountNos)]),
      payrollProjects,
    ],
  );
  return rows.length > 0;
}

/**
 * Projects evaluated in one transaction at most: marks are taken in order while their projects
 * fit (the first always, however many it holds: a push's own).
 */
const PROJECTS_A_TURN = 500;
/** Marks looked at in one turn. */
const MARKS_A_TURN = 500;

/**
 * Takes marks, up to about `projects` projects, and evaluates their projects in one transaction;
 * answers how many marks were taken and whether more may be left to this process.
 */
export async function takePendingPayAlerts(
  orm: MikroORM,
  projects = PROJECTS_A_TURN,
): Promise<{ taken: number; more: boolean }> {
  return orm.em.fork().transactional(async (tx) => {
    const em = tx as EntityManager;
    // the marks are locked in order; those past the budget are let go at commit, untouched
    const marks = await sql<{ project_ids: string[]; kinds: PayAlertKind[]; looked: number }>(
      em,
      `with looked as (
         select id, project_ids from pay_alert_pending order by id limit ? for update skip locked),
       fitting as (
         select id, count(*) over () as looked,
                sum(cardinality(project_ids)) over (order by id) - cardinality(project_ids) as before
           from looked)
       delete from pay_alert_pending p using fitting f
        where p.id = f.id and (f.before = 0 or f.before + cardinality(p.project_ids) <= ?)
       returning p.project_ids::text[], p.kinds, f.looked::int`,
      [MARKS_A_TURN, projects],
    );
    if (!marks.length) return { taken: 0, more: false };
    const payroll = new Set<string>();
    const debited = new Set<string>();
    for (const m of marks)
      for (const id of m.project_ids) (m.kinds.includes('ATTENDED_NOT_PAID') ? payroll : debited).add(id);
    for (const id of payroll) debited.delete(id);
    // Every project's lock first, in one statement and the ids' order: the two evaluations below
    // take them again (an advisory lock is re-entrant), so another process evaluating overlapping
    // projects never waits on this one crosswise.
    await lockedProjects(em, [...payroll, ...debited]);
    if (payroll.size) await evaluatePayrollAlerts(em, [...payroll], { kinds: PAYROLL_CHANGED_KINDS });
    if (debited.size) await evaluatePayrollAlerts(em, [...debited], { kinds: DEBITED_KINDS });
    return { taken: marks.length, more: marks.length < marks[0].looked || marks[0].looked === MARKS_A_TURN };
  });
}

/** Takes marks until none are left to this process. */
export async function takeAllPendingPayAlerts(orm: MikroORM): Promise<number> {
  let total = 0;
  for (;;) {
    const { taken, more } = await takePendingPayAlerts(orm);
    total += taken;
    if (!more) return total;
  }
}

/**
 * A turn's evaluation reads every DEBIT of its projects, so under a steady intake a turn every
 * 200 ms took a share of PostgreSQL that grew with the accounts' history. The pause before the
 * next turn is at least this many times the last turn's duration: the follow-up then holds a
 * connection at most a fifth of the time, and a turn takes more marks at once.
 */
const PAUSE_PER_TURN_MS = 4;
/** However long turns take, a push's alerts are never left waiting longer than this for a turn. */
const LONGEST_PAUSE_MS = 5_000;

/**
 * The hub's follow-up: poked by each push that marked something, it takes the marks `delayMs`
 * later (longer after a long turn: PAUSE_PER_TURN_MS), so a burst of pushes is evaluated in one
 * transaction, each project once.
 */
export class PayAlertFollowUp {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private lastTurnMs = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly delayMs = 200,
  ) {}

  /** At start: the marks a crashed or stopped process left. */
  start(): void {
    this.poke(0);
  }

  /** A push marked projects: take them after the delay (a pending turn takes them too). */
  poke(
    delayMs = Math.max(this.delayMs, Math.min(LONGEST_PAUSE_MS, PAUSE_PER_TURN_MS * this.lastTurnMs)),
  ): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.turn();
    }, delayMs);
  }

  /** Resolves once no turn is waiting or running (tests: a push's alerts are in). */
  async settled(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async turn(): Promise<void> {
    // one turn at a time in a process; a poke meanwhile schedules the next
    if (this.running) return void (await this.running, this.poke());
    const started = performance.now();
    this.running = takeAllPendingPayAlerts(this.orm)
      .then(() => {
        this.lastTurnMs = performance.now() - started;
      })
      .catch((err) => {
        // the marks stay; the next push or relay tick takes them
        this.log.warn({ err: safeErrorMessage(err) }, 'pay alerts after push not evaluated yet');
      })
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }
}
