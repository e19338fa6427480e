import { diffAlerts, type StoredAlertState } from '../../src/domain/alert-diff';
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

describe('diffAlerts (written by difference)', () => {
  it('opens a miss nobody has stored', () => {
    expect(diffAlerts([], [cycle()])).toEqual([{ type: 'open', cycle: cycle() }]);
  });

  it('writes nothing when the stored alert already says what the evaluation says', () => {
    expect(diffAlerts([stored()], [cycle()])).toEqual([]);
  });

  it('resolves an open alert once the credits caught up', () => {
    const [change] = diffAlerts([stored()], [cycle({ resolvedOn: '2026-02-26' })]);
    expect(change).toMatchObject({ type: 'update', id: 'a1', resolved: true, newEscalations: [] });
  });

  it('adds only the escalations not yet stored', () => {
    const bank = { kind: 'BANK_NOTICE_OVERDUE' as const, on: '2026-02-28' };
    const contractor = { kind: 'CONTRACTOR_REPORT_OVERDUE' as const, on: '2026-03-04' };
    const [change] = diffAlerts(
      [stored({ escalations: [bank] })],
      [cycle({ escalations: [bank, contractor] })],
    );
    expect(change).toMatchObject({ type: 'update', newEscalations: [contractor], resolved: false });
  });

  it('withdraws a stored alert that late data show never was a miss, once', () => {
    expect(diffAlerts([stored()], [])).toEqual([{ type: 'withdraw', id: 'a1' }]);
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
    const [change] = diffAlerts([stored()], [escalated], { existingOnly: true });
    expect(change).toMatchObject({ type: 'update', resolved: true, newEscalations: escalated.escalations });
  });
});
