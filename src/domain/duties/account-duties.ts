/**
 * The special account's own duties and frozen funds (R5, R10, R13) as drafts of duty findings, a
 * pure function of the project's facts, like the deposit's (duty-rules.ts, which finishes them:
 * watchedFrom, correction deadlines, escalation).
 *
 * - SPECIAL_ACCOUNT_NOT_OPENED: no account opened by the end of the 30th calendar day after the
 *   construction contract's signing ("30 calendar days", RULES.md "Special account and labour cost
 *   (R5)", Account Rules 人社部发〔2021〕53号); a last day off moves to the next working day (Civil
 *   Code 203). Evidence of opening: the bank's ACCOUNT_OPENED event, or the agreement's registration.
 * - SPECIAL_ACCOUNT_NOT_FILED: not filed with the supervising department by the 30th day after the
 *   opening (same source; RULES.md says "30 days", not working days: calendar days, Civil Code 203).
 * - SPECIAL_ACCOUNT_CLOSED_EARLY: an ACCOUNT_CLOSED before the works' completion, with arrears open
 *   (a wage case received by then and not paid or closed), or before 30 days of publicity had run
 *   (Regulation art. 27, RULES.md). Resolved the day the account is opened again.
 * - FUNDING_NOT_ARRANGED: a government-investment project without a verified funding arrangement
 *   before its start (the permit, else the signing: a permit presupposes the funds in place,
 *   建筑法 art. 8); due the day before it. Resolved the day one is verified.
 * - SPECIAL_ACCOUNT_FREEZE: each FREEZE_ATTEMPT the bank reported (Regulation art. 33; 人社部发〔2020〕
 *   93号): open from its day, whatever `watchedFrom` says; its deadline is the end of the objection
 *   period (configurable working days); resolved the day the supervising department objects.
 */
import type { CalendarDate, WorkingCalendar } from '../calendar';
import { addDays } from '../dates';

/** Account Rules: opened within 30 calendar days of the signing; filed within 30 days of opening. */
export const ACCOUNT_OPEN_DAYS = 30;
export const ACCOUNT_FILE_DAYS = 30;
/** Regulation art. 27: 30 days of publicity before the account may be closed. */
export const CLOSING_PUBLICITY_DAYS = 30;
/** the objection period's default, in working days (RULES.md: configurable, not in a primary text) */
export const DEFAULT_FREEZE_OBJECTION_WORKING_DAYS = 5;

export const ACCOUNT_DUTY_KINDS = [
  'SPECIAL_ACCOUNT_NOT_OPENED',
  'SPECIAL_ACCOUNT_NOT_FILED',
  'SPECIAL_ACCOUNT_CLOSED_EARLY',
  'FUNDING_NOT_ARRANGED',
  'SPECIAL_ACCOUNT_FREEZE',
] as const;
export type AccountDutyKind = (typeof ACCOUNT_DUTY_KINDS)[number];

/** Kinds a bank's event opens at once, in the push's own transaction, not at the next sweep. */
export const OPENED_AT_INTAKE: readonly AccountDutyKind[] = [
  'SPECIAL_ACCOUNT_FREEZE',
  'SPECIAL_ACCOUNT_CLOSED_EARLY',
];

export interface FreezeFact {
  /** the FREEZE_ATTEMPT's account_event id */
  eventId: string;
  /** its booking day, Asia/Shanghai */
  on: string;
  amountFen: bigint | null;
  court: string | null;
  orderNo: string | null;
  objectedOn: string | null;
  objectionReference: string | null;
}

export interface AccountFacts {
  contractSignedOn: string;
  /** the permit, else the signing */
  startsOn: string;
  completedOn: string | null;
  governmentInvestment: boolean;
  /** days the account was opened (ACCOUNT_OPENED events, the agreement's registration), any order */
  openedOn: readonly string[];
  closedOn: readonly string[];
  filedOn: string | null;
  fundingVerifiedOn: string | null;
  /** the no-arrears publicity after completion (the deposit return's), when started */
  publicityStartsOn: string | null;
  /** wage cases on the project still open (not paid or closed), by the day each was received */
  openCasesReceivedOn: readonly string[];
  freezes: readonly FreezeFact[];
}

export interface AccountDraft {
  kind: AccountDutyKind;
  dueDate: string;
  openedOn: string;
  requiredFen: bigint;
  shortfallFen: bigint;
  resolvedOn: string | null;
  /** null: the usual correction period after the due date */
  deadline: CalendarDate | null;
  provisional: boolean;
  subjectId: string | null;
  details: Record<string, string> | null;
}

/** "Within 30 days after d": the 30th day after it, moved to the next working day when off (Civil Code 201, 203). */
export function calendarDaysDeadline(d: string, days: number, calendar: WorkingCalendar): CalendarDate {
  return calendar.nextWorkingDayFrom(addDays(d, days));
}

export const accountOpenDueDate = (signedOn: string, cal: WorkingCalendar) =>
  calendarDaysDeadline(signedOn, ACCOUNT_OPEN_DAYS, cal);
export const accountFileDueDate = (openedOn: string, cal: WorkingCalendar) =>
  calendarDaysDeadline(openedOn, ACCOUNT_FILE_DAYS, cal);
/** the last day to object: `n` working days after the freeze's day (counting from the next day) */
export const freezeObjectionDeadline = (on: string, n: number, cal: WorkingCalendar) =>
  cal.workingDaysAfter(on, n);

/** Why a closing on `closedOn` was early, or null when completion, no arrears and the publicity were all there. */
export function earlyClosingReasons(f: AccountFacts, closedOn: string): string[] {
  const why: string[] = [];
  if (f.completedOn === null || f.completedOn > closedOn) why.push('works not complete');
  if (f.openCasesReceivedOn.some((d) => d <= closedOn)) why.push('arrears open');
  if (f.publicityStartsOn === null || addDays(f.publicityStartsOn, CLOSING_PUBLICITY_DAYS) >= closedOn)
    why.push(`no ${CLOSING_PUBLICITY_DAYS} days of publicity`);
  return why;
}

const first = (days: readonly string[], after: string | null, through: string): string | null =>
  [...days].sort().find((d) => (after === null || d > after) && d <= through) ?? null;

export function accountDrafts(
  f: AccountFacts,
  calendar: WorkingCalendar,
  objectionWorkingDays: number,
  asOf: string,
  watched: boolean,
): AccountDraft[] {
  const out: AccountDraft[] = [];
  const draft = (
    d: Omit<AccountDraft, 'requiredFen' | 'shortfallFen' | 'deadline' | 'details'> & Partial<AccountDraft>,
  ): AccountDraft => ({
    requiredFen: 0n,
    shortfallFen: 0n,
    deadline: null,
    details: null,
    ...d,
  });
  const opened = [...f.openedOn].sort();
  const firstOpened = opened[0] ?? null;
  if (watched) {
    const due = accountOpenDueDate(f.contractSignedOn, calendar);
    if (due.date <= asOf && (firstOpened === null || firstOpened > due.date))
      out.push(
        draft({
          kind: 'SPECIAL_ACCOUNT_NOT_OPENED',
          dueDate: due.date,
          openedOn: due.date,
          resolvedOn: firstOpened !== null && firstOpened <= asOf ? firstOpened : null,
          provisional: due.provisional,
          subjectId: null,
        }),
      );
    if (firstOpened !== null && firstOpened <= asOf) {
      const fileBy = accountFileDueDate(firstOpened, calendar);
      if (fileBy.date <= asOf && (f.filedOn === null || f.filedOn > fileBy.date))
        out.push(
          draft({
            kind: 'SPECIAL_ACCOUNT_NOT_FILED',
            dueDate: fileBy.date,
            openedOn: fileBy.date,
            resolvedOn: f.filedOn !== null && f.filedOn <= asOf ? f.filedOn : null,
            provisional: fileBy.provisional,
            subjectId: null,
            details: { accountOpenedOn: firstOpened },
          }),
        );
    }
    for (const c of [...new Set(f.closedOn)].sort()) {
      if (c > asOf) continue;
      const why = earlyClosingReasons(f, c);
      if (why.length === 0) continue;
      out.push(
        draft({
          kind: 'SPECIAL_ACCOUNT_CLOSED_EARLY',
          dueDate: c,
          openedOn: c,
          resolvedOn: first(opened, c, asOf),
          provisional: false,
          subjectId: null,
          details: { reasons: why.join('; ') },
        }),
      );
    }
    if (f.governmentInvestment) {
      const due = addDays(f.startsOn, -1);
      if (due <= asOf && (f.fundingVerifiedOn === null || f.fundingVerifiedOn > due))
        out.push(
          draft({
            kind: 'FUNDING_NOT_ARRANGED',
            dueDate: due,
            openedOn: due,
            resolvedOn:
              f.fundingVerifiedOn !== null && f.fundingVerifiedOn <= asOf ? f.fundingVerifiedOn : null,
            provisional: false,
            subjectId: null,
            details: { startsOn: f.startsOn },
          }),
        );
    }
  }
  for (const z of f.freezes) {
    if (z.on > asOf) continue;
    const deadline = freezeObjectionDeadline(z.on, objectionWorkingDays, calendar);
    const details: Record<string, string> = {
      objectionDeadline: deadline.date,
      objectionWorkingDays: String(objectionWorkingDays),
    };
    if (z.court) details.court = z.court;
    if (z.orderNo) details.orderNo = z.orderNo;
    if (z.objectedOn) details.objectedOn = z.objectedOn;
    if (z.objectionReference) details.objectionReference = z.objectionReference;
    out.push(
      draft({
        kind: 'SPECIAL_ACCOUNT_FREEZE',
        dueDate: z.on,
        openedOn: z.on,
        requiredFen: z.amountFen ?? 0n,
        resolvedOn: z.objectedOn !== null && z.objectedOn <= asOf ? z.objectedOn : null,
        deadline,
        provisional: deadline.provisional,
        subjectId: z.eventId,
        details,
      }),
    );
  }
  return out;
}
