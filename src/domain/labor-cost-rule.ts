/**
 * R5, the labour-cost rule (interface.md "Deadlines", RULES.md "Special account and labour cost"):
 * a pure function of the agreement, the account's credits, the calendar, the as-of date and the
 * notice/report facts. Sweeps store what this returns; because nothing here reads a clock or
 * remembers a previous sweep, sweeping in any order, or twice, gives the same alerts.
 *
 * Readings of points the texts leave open:
 * - endsOn bounds the NOMINAL due date: a cycle whose dueDay falls on or before endsOn is owed even
 *   when a holiday moves its effective due date past endsOn.
 * - Credits count from startsOn (inclusive) whatever the date, also after endsOn (late catch-up);
 *   credits booked before startsOn or after asOf are ignored. They count NET: a CREDIT_REVERSAL
 *   arrives here as a credit with a negative amount on the day it was booked, so the cumulative
 *   total can fall as well as rise.
 * - A cycle's miss is decided at the END of its effective due date, so openedOn = dueDate, and the
 *   shortfall then never depends on asOf. resolvedOn is the first day from which the cumulative
 *   total stays at or above per-cycle × k through asOf (a credit that a reversal took back never
 *   resolved anything); it is always after dueDate.
 * - Chain facts dated after asOf are treated as not yet recorded (as of asOf they had not happened).
 *   A notice dated before the due date (the miss did not exist yet) counts as given on the due date.
 * - contractorReportDeadline is the n-th working day after the notice's STATED date whenever a
 *   notice is recorded (interface.md: "after the day the contractor was notified"), and after the
 *   fallback (bankNoticeDeadline) only while none is. A notice recorded late, or stated after the
 *   fallback had passed, therefore moves the deadline, and an escalation the earlier facts gave can
 *   stop being true: the alert diff then RETRACTS it (alert-diff.ts) instead of this rule freezing
 *   the deadline. The bank's own lateness stays visible as BANK_NOTICE_OVERDUE.
 * - An escalation needs the alert still open at the end of the deadline day (the net credits then
 *   short of per-cycle × k) and the step not recorded on or before it; it is dated the next calendar day and
 *   appears only once that day is <= asOf.
 * - Both deadlines are computed even when they lie after asOf. A date that needs a calendar year
 *   not loaded (a miss late in December, before city HRSS loads the next year) is computed on the
 *   calendar's provisional rule (Monday–Friday less the fixed-date holidays: calendar.ts) and the
 *   cycle says so (deadlinesProvisional), so the miss is still raised on its due date and earlier
 *   cycles are unaffected; loading the year recomputes it (services/calendar-recompute.ts).
 */
import type { WorkingCalendar } from './calendar';
import { addDays, assertIsoDate } from './dates';
import { badInput } from './errors';

export interface AgreementTerms {
  laborCostPerCycleFen: bigint;
  /** 1–28, so every month has it */
  dueDay: number;
  startsOn: string;
  endsOn: string | null;
}

export interface Credit {
  /** the Shanghai date of the event's bookedAt */
  bookedOn: string;
  /** negative for a CREDIT_REVERSAL (or a day's net of credits and reversals) */
  amountFen: bigint;
}

/** What the bank and the contractor recorded for the alert of one effective due date. */
export interface ChainFacts {
  contractorNotifiedOn: string | null;
  contractorReportedOn: string | null;
}

/** CORRECTION_OVERDUE is a duty alert's (src/domain/duties/duty-rules.ts); the rule here gives the other two */
export type EscalationKind = 'BANK_NOTICE_OVERDUE' | 'CONTRACTOR_REPORT_OVERDUE' | 'CORRECTION_OVERDUE';

export interface MissedCycle {
  /** 1-based */
  cycleIndex: number;
  nominalDueDate: string;
  /** moved to the next working day */
  dueDate: string;
  /** laborCostPerCycleFen × cycleIndex */
  requiredFen: bigint;
  /** at the end of dueDate */
  shortfallFen: bigint;
  openedOn: string;
  resolvedOn: string | null;
  bankNoticeDeadline: string;
  contractorReportDeadline: string;
  escalations: { kind: EscalationKind; on: string }[];
  /** the due date or a deadline was computed on the provisional rule for a calendar year not loaded */
  deadlinesProvisional: boolean;
}

/** RULES.md: configurable, default 3 and 3. */
export interface ChainPeriods {
  bankNoticeWorkingDays: number;
  contractorReportWorkingDays: number;
}
export const DEFAULT_CHAIN_PERIODS: ChainPeriods = Object.freeze({
  bankNoticeWorkingDays: 3,
  contractorReportWorkingDays: 3,
});

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function checkTerms(t: AgreementTerms, asOf: string): void {
  if (typeof t.laborCostPerCycleFen !== 'bigint' || t.laborCostPerCycleFen <= 0n) {
    throw badInput('laborCostPerCycle', 'must be more than zero');
  }
  if (!Number.isInteger(t.dueDay) || t.dueDay < 1 || t.dueDay > 28) throw badInput('dueDay', 'must be 1–28');
  assertIsoDate(t.startsOn, 'startsOn');
  if (t.endsOn !== null) {
    assertIsoDate(t.endsOn, 'endsOn');
    if (t.endsOn < t.startsOn) throw badInput('endsOn', 'is before startsOn');
  }
  assertIsoDate(asOf, 'asOf');
}

/** Cycle due dates, first on or after startsOn, nominal not after endsOn, effective date <= asOf. */
export function cycleDueDates(
  terms: AgreementTerms,
  calendar: WorkingCalendar,
  asOf: string,
): { nominal: string; effective: string }[] {
  checkTerms(terms, asOf);
  const out: { nominal: string; effective: string }[] = [];
  let y = Number(terms.startsOn.slice(0, 4));
  let m = Number(terms.startsOn.slice(5, 7));
  if (Number(terms.startsOn.slice(8, 10)) > terms.dueDay) [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  for (;;) {
    const nominal = `${pad(y, 4)}-${pad(m)}-${pad(terms.dueDay)}`; // dueDay <= 28 exists in every month
    // effective >= nominal, so nothing after asOf can be due yet; stopping here also keeps the
    // calendar from being asked about a year nobody needs.
    if (nominal > asOf || (terms.endsOn !== null && nominal > terms.endsOn)) return out;
    const effective = calendar.nextWorkingDayFrom(nominal).date;
    if (effective > asOf) return out;
    out.push({ nominal, effective });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

/** Per-day running net totals of the counted credits and reversals, ascending by date. */
function runningTotals(
  credits: readonly Credit[],
  from: string,
  to: string,
): { days: string[]; totals: bigint[] } {
  const byDay = new Map<string, bigint>();
  credits.forEach((c, i) => {
    assertIsoDate(c.bookedOn, `credits[${i}].bookedOn`);
    if (typeof c.amountFen !== 'bigint') throw badInput(`credits[${i}].amountFen`, 'must be fen (bigint)');
    if (c.bookedOn >= from && c.bookedOn <= to)
      byDay.set(c.bookedOn, (byDay.get(c.bookedOn) ?? 0n) + c.amountFen);
  });
  const days = [...byDay.keys()].sort();
  let sum = 0n;
  return { days, totals: days.map((d) => (sum += byDay.get(d)!)) };
}

/** Smallest index i with pred(i) true, or n; pred must be monotone false…true. */
function firstIndex(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Largest index i < n with pred(i) true, or -1 (a scan from the end: few days per agreement). */
function lastIndex(n: number, pred: (i: number) => boolean): number {
  for (let i = n - 1; i >= 0; i -= 1) if (pred(i)) return i;
  return -1;
}

export function evaluateLaborCost(
  terms: AgreementTerms,
  credits: readonly Credit[],
  calendar: WorkingCalendar,
  asOf: string,
  chain: (dueDate: string) => ChainFacts,
  periods: ChainPeriods = DEFAULT_CHAIN_PERIODS,
): MissedCycle[] {
  const cycles = cycleDueDates(terms, calendar, asOf);
  const { days, totals } = runningTotals(credits, terms.startsOn, asOf);
  const paidThrough = (d: string): bigint => {
    const i = firstIndex(days.length, (j) => days[j] > d);
    return i === 0 ? 0n : totals[i - 1];
  };
  const seen = (d: string | null): string | null => (d !== null && d <= asOf ? d : null);

  const missed: MissedCycle[] = [];
  cycles.forEach(({ nominal, effective: dueDate }, i) => {
    const cycleIndex = i + 1;
    const requiredFen = terms.laborCostPerCycleFen * BigInt(cycleIndex);
    const shortfallFen = requiredFen - paidThrough(dueDate);
    if (shortfallFen <= 0n) return;
    // Reversals make the totals go down as well as up: resolved is the day after the last day
    // (after dueDate, through asOf) still short, provided the total at asOf is not short.
    const open = (d: string): boolean => paidThrough(d) < requiredFen;
    const lastShort = lastIndex(days.length, (j) => days[j] > dueDate && totals[j] < requiredFen);
    const resolvedOn = open(asOf)
      ? null
      : (days[lastShort === -1 ? firstIndex(days.length, (j) => days[j] > dueDate) : lastShort + 1] ?? null);
    const openAtEndOf = open;

    const facts = chain(dueDate);
    const notifiedOn = seen(facts.contractorNotifiedOn);
    const reportedOn = seen(facts.contractorReportedOn);
    const bank = calendar.workingDaysAfter(dueDate, periods.bankNoticeWorkingDays);
    const bankNoticeDeadline = bank.date;
    // The contractor's deadline runs from the notice's stated date whenever one is recorded; the
    // fallback (from the bank's deadline) only while none is.
    const report =
      notifiedOn !== null
        ? calendar.workingDaysAfter(
            notifiedOn < dueDate ? dueDate : notifiedOn,
            periods.contractorReportWorkingDays,
          )
        : calendar.workingDaysAfter(bankNoticeDeadline, periods.contractorReportWorkingDays);
    const contractorReportDeadline = report.date;
    const deadlinesProvisional =
      calendar.nextWorkingDayFrom(nominal).provisional || bank.provisional || report.provisional;

    const escalations: MissedCycle['escalations'] = [];
    const escalate = (kind: EscalationKind, deadline: string, doneOn: string | null): void => {
      const on = addDays(deadline, 1);
      if (on <= asOf && openAtEndOf(deadline) && (doneOn === null || doneOn > deadline))
        escalations.push({ kind, on });
    };
    escalate('BANK_NOTICE_OVERDUE', bankNoticeDeadline, notifiedOn);
    escalate('CONTRACTOR_REPORT_OVERDUE', contractorReportDeadline, reportedOn);

    missed.push({
      cycleIndex,
      nominalDueDate: nominal,
      dueDate,
      requiredFen,
      shortfallFen,
      openedOn: dueDate,
      resolvedOn,
      bankNoticeDeadline,
      contractorReportDeadline,
      escalations,
      deadlinesProvisional,
    });
  });
  return missed;
}
