import { diffAlerts as diff, type DiffOptions, type StoredAlertState } from '../../src/domain/alert-diff';
import type { MissedCycle } from '../../src/domain/labor-cost-rule';

const cycle = (over: Partial<MissedCycle> = {}): MissedCycle => ({
  cycleIndex: 2,
  nominalDueDate: '2026-02-15',
  dueDate: '2026-02-24',
  requiredFen: 60_000_000n,
  shortfallFen: 30_000_000n,
  openedOn: '2026-02-24',
  resolvedOn: null,
  bankNoticeDeadline: '2026-02-27',
  contractorReportDeadline: '2026-03-03',
  escalations: [],
  deadlinesProvisional: false,
  ...over,
});

const stored = (over: Partial<StoredAlertState> = {}): StoredAlertState => ({
  id: 'a1',
  dueDate: '2026-02-24',
  status: 'OPEN',
  shortfallFen: 30_000_000n,
  resolvedOn: null,
  bankNoticeDeadline: '2026-02-27',
  contractorReportDeadline: '2026-03-03',
  escalations: [],
  ...over,
});

const SWEEP: DiffOptions = { asOf: '2026-03-10', learnedOn: '2026-03-11' };
const diffAlerts = (s: StoredAlertState[], c: MissedCycle[], opts: Partial<DiffOptions> = {}) =>
  diff(s, c, { ...SWEEP, ...opts });
const bank = { kind: 'BANK_NOTICE_OVERDUE' as const, on: '2026-02-28' };
const contractor = { kind: 'CONTRACTOR_REPORT_OVERDUE' as const, on: '2026-03-04' };

describe('diffAlerts (written by difference)', () => {
  it('opens a miss nobody has stored', () => {
    expect(diffAlerts([], [cycle()])).toEqual([
      { type: 'open', cycle: cycle(), escalations: [], newEscalations: [] },
    ]);
  });

  it('writes nothing when the stored alert already says what the evaluation says', () => {
    expect(diffAlerts([stored()], [cycle()])).toEqual([]);
  });

  it('resolves an open alert once the credits caught up', () => {
    const [change] = diffAlerts([stored()], [cycle({ resolvedOn: '2026-02-26' })]);
    expect(change).toMatchObject({ type: 'update', id: 'a1', resolved: true, newEscalations: [] });
  });

  it('adds only the escalations not yet stored', () => {
    const [change] = diffAlerts(
      [stored({ escalations: [bank] })],
      [cycle({ escalations: [bank, contractor] })],
    );
    expect(change).toMatchObject({
      type: 'update',
      newEscalations: [{ ...contractor, seq: 0 }],
      retracted: [],
      resolved: false,
      escalations: [bank, { ...contractor, retractedOn: null }],
    });
  });

  it('retracts an escalation the facts no longer give, keeping it with the day the hub learned it', () => {
    const [change] = diffAlerts(
      [stored({ escalations: [bank, contractor] })],
      [cycle({ escalations: [bank] })],
    );
    expect(change).toMatchObject({
      type: 'update',
      newEscalations: [],
      retracted: [{ ...contractor, seq: 0 }],
      escalations: [bank, { ...contractor, retractedOn: '2026-03-11' }],
    });
    // retracted already: nothing more to write
    const after = [
      stored({ escalations: (change as Extract<typeof change, { type: 'update' }>).escalations }),
    ];
    expect(diffAlerts(after, [cycle({ escalations: [bank] })])).toEqual([]);
  });

  it('an escalation true again after its retraction is a new entry, announced as the second of its kind', () => {
    const retracted = { ...contractor, retractedOn: '2026-03-06' };
    const [change] = diffAlerts(
      [stored({ escalations: [retracted] })],
      [cycle({ escalations: [contractor] })],
    );
    expect(change).toMatchObject({
      newEscalations: [{ ...contractor, seq: 1 }],
      escalations: [retracted, { ...contractor, retractedOn: null }],
    });
  });

  it('a standing escalation follows its deadline as now known, without a new entry', () => {
    const moved = { ...contractor, on: '2026-03-03' };
    const [change] = diffAlerts([stored({ escalations: [contractor] })], [cycle({ escalations: [moved] })]);
    expect(change).toMatchObject({ newEscalations: [], retracted: [], escalations: [moved] });
  });

  it('an escalation dated after the evaluation (found as of today at intake) is beyond its horizon', () => {
    const later = { ...contractor, on: '2026-03-12' };
    expect(diffAlerts([stored({ escalations: [later] })], [cycle()])).toEqual([]);
    const resolvedLater = stored({ status: 'RESOLVED', resolvedOn: '2026-03-12' });
    expect(diffAlerts([resolvedLater], [cycle()])).toEqual([]);
  });

  it('a reversal that undoes the resolution reopens the alert, naming the day undone', () => {
    const [change] = diffAlerts([stored({ status: 'RESOLVED', resolvedOn: '2026-03-02' })], [cycle()]);
    expect(change).toMatchObject({ type: 'update', resolved: false, unresolvedFrom: '2026-03-02' });
  });

  it('withdraws a stored alert that late data show never was a miss, once', () => {
    expect(diffAlerts([stored()], [])).toEqual([
      { type: 'withdraw', id: 'a1', escalations: [], retracted: [] },
    ]);
    const [withEscalation] = diffAlerts([stored({ escalations: [bank] })], []);
    expect(withEscalation).toMatchObject({ retracted: [{ ...bank, seq: 0 }] });
    expect(diffAlerts([stored({ status: 'WITHDRAWN' })], [])).toEqual([]);
  });

  it('brings back a withdrawn alert the data show again', () => {
    const [change] = diffAlerts([stored({ status: 'WITHDRAWN' })], [cycle()]);
    expect(change).toMatchObject({ type: 'update', reopened: true });
  });

  it('as of a day not yet over (intake, chain steps) only updates what is stored: nothing opens or is withdrawn', () => {
    const escalated = cycle({
      resolvedOn: '2026-11-26',
      escalations: [{ kind: 'BANK_NOTICE_OVERDUE', on: '2026-02-28' }],
    });
    expect(diffAlerts([], [cycle()], { existingOnly: true })).toEqual([]);
    expect(diffAlerts([stored()], [], { existingOnly: true })).toEqual([]);
    expect(diffAlerts([stored({ status: 'WITHDRAWN' })], [cycle()], { existingOnly: true })).toEqual([]);
    const [change] = diffAlerts([stored()], [escalated], { existingOnly: true, asOf: '2026-12-01' });
    expect(change).toMatchObject({
      type: 'update',
      resolved: true,
      newEscalations: [{ ...escalated.escalations[0], seq: 0 }],
    });
  });
});
