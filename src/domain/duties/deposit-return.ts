/**
 * The return of a wage deposit (Deposit Rules art. 22; RULES.md): after the works are complete, the
 * contractor publicises for 30 days that no wages are owed, then applies with a written no-arrears
 * promise; HRSS reviews within 5 working days and, approved, confirms the return to the bank within
 * 3 working days. Shown to the contractor as steps, each with who does it, when and by when.
 */
import type { WorkingCalendar } from '../calendar';
import { addDays } from '../dates';
import {
  RETURN_CONFIRM_WORKING_DAYS,
  RETURN_PUBLICITY_DAYS,
  RETURN_REVIEW_WORKING_DAYS,
} from './deposit-rules';

export interface ReturnFacts {
  completedOn: string | null;
  publicityStartsOn: string | null;
  appliedOn: string | null;
  promiseSignedOn: string | null;
  reviewedOn: string | null;
  approved: boolean | null;
  reviewNote: string | null;
  confirmedOn: string | null;
}

export const RETURN_STEPS = ['COMPLETION', 'PUBLICITY', 'APPLICATION', 'REVIEW', 'CONFIRMATION'] as const;
export type ReturnStepName = (typeof RETURN_STEPS)[number];
export const RETURN_STEP_STATES = ['WAITING', 'DUE', 'IN_PROGRESS', 'DONE', 'REFUSED'] as const;
export type ReturnStepState = (typeof RETURN_STEP_STATES)[number];

export interface ReturnStep {
  step: ReturnStepName;
  state: ReturnStepState;
  /** who takes the step: the contractor, HRSS, or the agency that accepts the works */
  by: 'CONTRACTOR' | 'HRSS' | 'HRSS_OR_INDUSTRY_AUTHORITY';
  doneOn: string | null;
  /** the first day the step may be taken (the application: the day after the publicity ends) */
  earliestOn: string | null;
  /** the law's deadline for the step (review, confirmation) */
  dueBy: string | null;
  dueByProvisional: boolean;
  overdue: boolean;
  note: string | null;
}

/** The publicity's last day: 30 days counted from the day after it starts (Civil Code 201). */
export const publicityEndsOn = (startsOn: string): string => addDays(startsOn, RETURN_PUBLICITY_DAYS);

export function returnSteps(f: ReturnFacts, calendar: WorkingCalendar, today: string): ReturnStep[] {
  const step = (s: Partial<ReturnStep> & Pick<ReturnStep, 'step' | 'by' | 'state'>): ReturnStep => ({
    doneOn: null,
    earliestOn: null,
    dueBy: null,
    dueByProvisional: false,
    overdue: false,
    note: null,
    ...s,
  });
  const steps: ReturnStep[] = [];
  steps.push(
    step({
      step: 'COMPLETION',
      by: 'HRSS_OR_INDUSTRY_AUTHORITY',
      state: f.completedOn ? 'DONE' : 'DUE',
      doneOn: f.completedOn,
    }),
  );
  const ends = f.publicityStartsOn ? publicityEndsOn(f.publicityStartsOn) : null;
  steps.push(
    step({
      step: 'PUBLICITY',
      by: 'CONTRACTOR',
      state: !f.completedOn ? 'WAITING' : !ends ? 'DUE' : today > ends ? 'DONE' : 'IN_PROGRESS',
      doneOn: ends && today > ends ? ends : null,
      earliestOn: f.completedOn,
      note: ends ? `publicised from ${f.publicityStartsOn} through ${ends}` : null,
    }),
  );
  const refused = f.approved === false;
  const applicable = ends !== null && today > ends;
  steps.push(
    step({
      step: 'APPLICATION',
      by: 'CONTRACTOR',
      state: f.appliedOn && !refused ? 'DONE' : applicable ? 'DUE' : 'WAITING',
      doneOn: refused ? null : f.appliedOn,
      earliestOn: ends ? addDays(ends, 1) : null,
      note: f.promiseSignedOn ? `written no-arrears promise signed ${f.promiseSignedOn}` : null,
    }),
  );
  const review =
    f.appliedOn && !refused ? calendar.workingDaysAfter(f.appliedOn, RETURN_REVIEW_WORKING_DAYS) : null;
  const reviewState: ReturnStepState = refused
    ? 'REFUSED'
    : f.approved === true
      ? 'DONE'
      : f.appliedOn
        ? 'DUE'
        : 'WAITING';
  steps.push(
    step({
      step: 'REVIEW',
      by: 'HRSS',
      state: reviewState,
      doneOn: f.reviewedOn,
      dueBy: review?.date ?? null,
      dueByProvisional: review?.provisional ?? false,
      overdue: reviewState === 'DUE' && review !== null && today > review.date,
      note: f.reviewNote,
    }),
  );
  const confirm =
    f.approved === true && f.reviewedOn
      ? calendar.workingDaysAfter(f.reviewedOn, RETURN_CONFIRM_WORKING_DAYS)
      : null;
  const confirmState: ReturnStepState = f.confirmedOn ? 'DONE' : f.approved === true ? 'DUE' : 'WAITING';
  steps.push(
    step({
      step: 'CONFIRMATION',
      by: 'HRSS',
      state: confirmState,
      doneOn: f.confirmedOn,
      dueBy: confirm?.date ?? null,
      dueByProvisional: confirm?.provisional ?? false,
      overdue: confirmState === 'DUE' && confirm !== null && today > confirm.date,
    }),
  );
  return steps;
}
