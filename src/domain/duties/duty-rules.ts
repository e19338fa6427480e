/**
 * The deposit and guarantee duties (R1, R3) as findings, a pure function of the project's facts,
 * the rules, the calendar and the as-of date, like the labour-cost rule: sweeps store what this
 * returns, so any order of sweeps and facts ends as one evaluation with all of them.
 *
 * - DEPOSIT_MISSING: less than the requirement held (as deposited, before any use) at the end of
 *   the due date (the 20th working day after the base date). Resolved on the first day enough is held.
 * - DEPOSIT_TOP_UP_OVERDUE: after the bank paid from the deposit on HRSS's notice, less than the
 *   requirement held at the end of the top-up deadline (topUpWorkingDays after the payment).
 * - GUARANTEE_EXPIRING: one month before a guarantee in place of the deposit ends (HRSS's
 *   reminder), what is known to be held from the day after it ends falls short; resolved the first
 *   day a renewal, a new instrument or a top-up is on record that makes it enough. Its deadline is
 *   the guarantee's last day: not renewed by then, it escalates.
 * - PAYMENT_GUARANTEE_MISSING: each run of days, from the base date until the project's completion,
 *   on which no payment guarantee of the owner's is in force; one alert per run, from its first day.
 * - RIGHTS_BOARD_MISSING: no rights-protection board posted by the end of its due date
 *   (src/domain/rights-board/posting-rule.ts); resolved the day it is posted, or the works complete.
 * Each duty's correction deadline is `correctionWorkingDays` after its due date (GUARANTEE_EXPIRING:
 * the guarantee's last day); still open at its end, the alert gets CORRECTION_OVERDUE the next day.
 * A confirmed return of the deposit ends the deposit duties. Nothing is raised while `watchedFrom`
 * is null; from it, what was made good before it is history, and what is still open gets its full
 * correction period counted from `watchedFrom`.
 */
import type { CalendarDate, WorkingCalendar } from '../calendar';
import { addDays } from '../dates';
import type { DepositRules } from './deposit-rules';
import type { DepositRequirement } from './deposit-requirement';
import { changeDays, heldOn, type HeldInstrument } from './instruments';
import { addMonths } from './months';
import { GUARANTEE_REMINDER_MONTHS } from './deposit-rules';
import { boardMissing } from '../rights-board/posting-rule';
import {
  ACCOUNT_DUTY_KINDS,
  accountDrafts,
  DEFAULT_FREEZE_OBJECTION_WORKING_DAYS,
  type AccountFacts,
} from './account-duties';

export const DUTY_ALERT_KINDS = [
  'DEPOSIT_MISSING',
  'DEPOSIT_TOP_UP_OVERDUE',
  'GUARANTEE_EXPIRING',
  'PAYMENT_GUARANTEE_MISSING',
  'RIGHTS_BOARD_MISSING',
  // the special account's own duties and frozen funds (R5, R10, R13): account-duties.ts
  ...ACCOUNT_DUTY_KINDS,
] as const;
export type DutyKind = (typeof DUTY_ALERT_KINDS)[number];
export const CORRECTION_OVERDUE = 'CORRECTION_OVERDUE' as const;

export interface DutyFinding {
  kind: DutyKind;
  dueDate: string;
  openedOn: string;
  /** what should be held (0 for a payment guarantee: no amount is fixed for it) */
  requiredFen: bigint;
  shortfallFen: bigint;
  resolvedOn: string | null;
  correctionDeadline: string;
  escalations: { kind: typeof CORRECTION_OVERDUE; on: string }[];
  deadlinesProvisional: boolean;
  /** the instrument expiring, or the payment notice whose use is to be topped up */
  subjectId: string | null;
  /** what the alert shows beside its amounts (a freeze's court and order, a closing's reasons) */
  details?: Record<string, string> | null;
}

export interface PaymentGuaranteeFact {
  id: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string;
}

export interface DutyFacts {
  baseDate: string;
  completedOn: string | null;
  requirement: Pick<DepositRequirement, 'requiredFen' | 'dueDate'>;
  deposits: readonly HeldInstrument[];
  /** the deposit's return confirmed (ends the deposit duties) */
  returnConfirmedOn: string | null;
  paymentGuarantees: readonly PaymentGuaranteeFact[];
  /** the rights-protection board (R7); absent: that duty is not evaluated */
  rightsBoard?: { postedOn: string | null; postingWorkingDays: number };
  /** the special account's facts (R5, R10, R13); absent: those duties are not evaluated */
  account?: AccountFacts;
}

type Rules = Pick<DepositRules, 'topUpWorkingDays' | 'correctionWorkingDays' | 'watchedFrom'> &
  Partial<Pick<DepositRules, 'freezeObjectionWorkingDays'>>;

export function evaluateDuties(
  facts: DutyFacts,
  rules: Rules,
  calendar: WorkingCalendar,
  asOf: string,
): DutyFinding[] {
  const watchedFrom = rules.watchedFrom;
  // A freeze is flagged whatever watchedFrom says (R10: "at once"); every other duty waits for it.
  const drafts: Draft[] =
    watchedFrom === null
      ? []
      : [
          ...depositMissing(facts, asOf),
          ...topUpsOverdue(facts, rules, calendar, asOf),
          ...guaranteesExpiring(facts, asOf),
          ...paymentGuaranteeGaps(facts, asOf),
          ...rightsBoardMissing(facts, asOf),
        ];
  if (facts.account)
    for (const a of accountDrafts(
      facts.account,
      calendar,
      rules.freezeObjectionWorkingDays ?? DEFAULT_FREEZE_OBJECTION_WORKING_DAYS,
      asOf,
      watchedFrom !== null,
    ))
      drafts.push({
        ...a,
        deadline: a.deadline ?? corrected(a.dueDate),
        watched: a.kind !== 'SPECIAL_ACCOUNT_FREEZE',
      });
  const out: DutyFinding[] = [];
  const seen = new Set<string>();
  for (const d of drafts) {
    const watch = d.watched === false ? null : watchedFrom;
    if (watch !== null && d.resolvedOn !== null && d.resolvedOn <= watch) continue;
    const key = `${d.kind}|${d.dueDate}`;
    if (seen.has(key)) continue; // two uses topped up by the same day, two guarantees ending together
    seen.add(key);
    let deadline: CalendarDate = d.deadline;
    if (watch !== null && d.openedOn < watch) {
      const fromWatch = calendar.workingDaysAfter(watch, rules.correctionWorkingDays);
      if (fromWatch.date > deadline.date) deadline = fromWatch;
    }
    const escalateOn = addDays(deadline.date, 1);
    const overdue = (d.resolvedOn === null || d.resolvedOn > deadline.date) && escalateOn <= asOf;
    out.push({
      kind: d.kind,
      dueDate: d.dueDate,
      openedOn: d.openedOn,
      requiredFen: d.requiredFen,
      shortfallFen: d.shortfallFen,
      resolvedOn: d.resolvedOn,
      correctionDeadline: deadline.date,
      escalations: overdue ? [{ kind: CORRECTION_OVERDUE, on: escalateOn }] : [],
      deadlinesProvisional: d.provisional || deadline.provisional,
      subjectId: d.subjectId,
      details: d.details ?? null,
    });
  }
  return out;

  function corrected(from: string): CalendarDate {
    return calendar.workingDaysAfter(from, rules.correctionWorkingDays);
  }

  interface Draft extends Omit<DutyFinding, 'correctionDeadline' | 'escalations' | 'deadlinesProvisional'> {
    deadline: CalendarDate;
    provisional: boolean;
    /** false: not held back by watchedFrom (a freeze) */
    watched?: boolean;
  }

  function depositMissing(f: DutyFacts, day: string): Draft[] {
    const R = f.requirement.requiredFen;
    const D = f.requirement.dueDate.date;
    if (R <= 0n || D > day || (f.returnConfirmedOn !== null && f.returnConfirmedOn <= D)) return [];
    const held = heldOn(f.deposits, D, { countPayments: false });
    if (held >= R) return [];
    const resolvedOn = firstDay(f, D, day, (x) => heldOn(f.deposits, x, { countPayments: false }) >= R);
    return [
      {
        kind: 'DEPOSIT_MISSING',
        dueDate: D,
        openedOn: D,
        requiredFen: R,
        shortfallFen: R - held,
        resolvedOn,
        deadline: corrected(D),
        provisional: f.requirement.dueDate.provisional,
        subjectId: null,
      },
    ];
  }

  function topUpsOverdue(f: DutyFacts, r: Rules, cal: WorkingCalendar, day: string): Draft[] {
    const R = f.requirement.requiredFen;
    if (R <= 0n) return [];
    const payments = f.deposits.flatMap((i) => i.payments.map((p) => ({ on: p.on, id: p.id ?? null })));
    payments.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    const found: Draft[] = [];
    for (const p of payments) {
      const due = cal.workingDaysAfter(p.on, r.topUpWorkingDays);
      const T = due.date;
      if (T > day || (f.returnConfirmedOn !== null && f.returnConfirmedOn <= T)) continue;
      const held = heldOn(f.deposits, T);
      if (held >= R) continue;
      found.push({
        kind: 'DEPOSIT_TOP_UP_OVERDUE',
        dueDate: T,
        openedOn: T,
        requiredFen: R,
        shortfallFen: R - held,
        resolvedOn: firstDay(f, T, day, (x) => heldOn(f.deposits, x) >= R),
        deadline: corrected(T),
        provisional: due.provisional,
        subjectId: p.id,
      });
    }
    return found;
  }

  function guaranteesExpiring(f: DutyFacts, day: string): Draft[] {
    const R = f.requirement.requiredFen;
    const D = f.requirement.dueDate.date;
    if (R <= 0n) return [];
    const found: Draft[] = [];
    for (const g of f.deposits) {
      if (g.validUntil === null || g.validUntil < D) continue;
      const E = g.validUntil;
      const after = addDays(E, 1);
      if (f.returnConfirmedOn !== null && f.returnConfirmedOn <= after) continue;
      const M = addMonths(E, -GUARANTEE_REMINDER_MONTHS);
      if (M > day) continue;
      const held = heldOn(f.deposits, after, { knownBy: M });
      if (held >= R) continue;
      const resolvedOn = firstDay(
        f,
        M,
        day,
        (x) => heldOn(f.deposits, x > after ? x : after, { knownBy: x }) >= R,
      );
      found.push({
        kind: 'GUARANTEE_EXPIRING',
        dueDate: E,
        openedOn: M,
        requiredFen: R,
        shortfallFen: R - held,
        resolvedOn,
        deadline: { date: E, provisional: false },
        provisional: false,
        subjectId: g.id,
      });
    }
    return found;
  }

  function paymentGuaranteeGaps(f: DutyFacts, day: string): Draft[] {
    const start = f.baseDate;
    const end = f.completedOn !== null && addDays(f.completedOn, -1) < day ? addDays(f.completedOn, -1) : day;
    if (end < start) return [];
    const covered = (d: string) =>
      f.paymentGuarantees.some((g) => g.issuedOn <= d && g.validFrom <= d && d <= g.validUntil);
    const bounds = new Set<string>([start, addDays(end, 1)]);
    for (const g of f.paymentGuarantees) {
      for (const d of [g.issuedOn, g.validFrom, addDays(g.validUntil, 1)])
        if (d > start && d <= end) bounds.add(d);
    }
    const sorted = [...bounds].sort();
    const found: Draft[] = [];
    let runStart: string | null = null;
    for (let i = 0; i < sorted.length - 1; i++) {
      const segment = sorted[i];
      if (!covered(segment)) {
        runStart ??= segment;
        continue;
      }
      if (runStart !== null) found.push(gap(runStart, segment));
      runStart = null;
    }
    if (runStart !== null) {
      const stop = addDays(end, 1);
      // ended by completion (a day that has come), or still open as of `day`
      found.push(gap(runStart, stop <= day ? stop : null));
    }
    return found;
  }

  function rightsBoardMissing(f: DutyFacts, day: string): Draft[] {
    if (!f.rightsBoard) return [];
    const missing = boardMissing(
      { baseDate: f.baseDate, completedOn: f.completedOn, ...f.rightsBoard },
      calendar,
      day,
    );
    if (!missing) return [];
    return [
      {
        kind: 'RIGHTS_BOARD_MISSING',
        dueDate: missing.dueDate.date,
        openedOn: missing.dueDate.date,
        requiredFen: 0n,
        shortfallFen: 0n,
        resolvedOn: missing.resolvedOn,
        deadline: corrected(missing.dueDate.date),
        provisional: missing.dueDate.provisional,
        subjectId: null,
      },
    ];
  }

  function gap(from: string, resolvedOn: string | null): Draft {
    const deadline = corrected(from);
    return {
      kind: 'PAYMENT_GUARANTEE_MISSING',
      dueDate: from,
      openedOn: from,
      requiredFen: 0n,
      shortfallFen: 0n,
      resolvedOn,
      deadline,
      provisional: false,
      subjectId: null,
    };
  }
}

/**
 * The first day after `from`, through `asOf`, on which `enough` holds, or the deposit's return was
 * confirmed; null if none. What is held changes only on the instruments' own days, so only those
 * (and the return) are tried.
 */
function firstDay(f: DutyFacts, from: string, asOf: string, enough: (day: string) => boolean): string | null {
  const days = changeDays(f.deposits);
  if (f.returnConfirmedOn) days.push(f.returnConfirmedOn);
  days.sort();
  for (const d of days) {
    if (d <= from || d > asOf) continue;
    if ((f.returnConfirmedOn !== null && d >= f.returnConfirmedOn) || enough(d)) return d;
  }
  return null;
}
