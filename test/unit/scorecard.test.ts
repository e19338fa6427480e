import {
  alertFailsIn,
  countsForK4,
  dutyOfKindPairs,
  failedDuties,
  judgedDuties,
  K1_DUTIES,
  k1Met,
  shareOf,
  timeliness,
} from '../../src/domain/scorecard';
import { WorkingCalendar } from '../../src/domain/calendar';
import { caseDeadline } from '../../src/domain/dynamic-zero';
import { ALERT_KINDS } from '../../src/entities/alert.entity';
import { INCIDENT_KINDS } from '../../src/entities/incident.entity';

const YEAR = { from: '2026-01-01', asOf: '2026-12-31' };

describe('K1: the eight duties', () => {
  it('has eight duties; the two the hub cannot judge yet are R4 and R6 (R2 by WORKER_WITHOUT_CONTRACT), and every kind is a real alert kind', () => {
    expect(K1_DUTIES).toHaveLength(8);
    expect(K1_DUTIES.filter((d) => d.kinds.length === 0).map((d) => d.requirement)).toEqual(['R4', 'R6']);
    for (const k of dutyOfKindPairs().kinds) expect(ALERT_KINDS as readonly string[]).toContain(k);
    expect(dutyOfKindPairs().kinds).not.toContain('RECONCILIATION_MISMATCH');
  });

  it('an alert resolved the day before the period does not fail it; resolved on its first day does', () => {
    const a = { kind: 'DEPOSIT_MISSING', status: 'RESOLVED', openedOn: '2025-11-03' };
    expect(alertFailsIn({ ...a, resolvedOn: '2025-12-31' }, YEAR.from, YEAR.asOf)).toBe(false);
    expect(alertFailsIn({ ...a, resolvedOn: '2026-01-01' }, YEAR.from, YEAR.asOf)).toBe(true);
  });

  it('an alert opened the day after asOf does not count; on asOf it does; a withdrawn one never', () => {
    const a = { kind: 'RIGHTS_BOARD_MISSING', status: 'OPEN', resolvedOn: null };
    expect(alertFailsIn({ ...a, openedOn: '2026-07-01' }, '2026-01-01', '2026-06-30')).toBe(false);
    expect(alertFailsIn({ ...a, openedOn: '2026-06-30' }, '2026-01-01', '2026-06-30')).toBe(true);
    expect(alertFailsIn({ ...a, status: 'WITHDRAWN', openedOn: '2026-03-02' }, YEAR.from, YEAR.asOf)).toBe(
      false,
    );
  });

  it('a project with one duty failing fails that duty only; kinds outside the table fail none', () => {
    const open = { status: 'OPEN', openedOn: '2026-04-01', resolvedOn: null };
    expect(failedDuties([{ kind: 'MISSED_LABOR_COST_TRANSFER', ...open }], YEAR.from, YEAR.asOf)).toEqual([
      'MONTHLY_LABOUR_COST',
    ]);
    expect(
      failedDuties(
        [
          { kind: 'SPECIAL_ACCOUNT_NOT_FILED', ...open },
          { kind: 'SPECIAL_ACCOUNT_NOT_OPENED', ...open },
          { kind: 'GUARANTEE_EXPIRING', ...open },
        ],
        YEAR.from,
        YEAR.asOf,
      ),
    ).toEqual(['WAGE_DEPOSIT', 'SEPARATE_ACCOUNT']);
    expect(
      failedDuties(
        [
          { kind: 'RECONCILIATION_MISMATCH', ...open },
          { kind: 'SPECIAL_ACCOUNT_FREEZE', ...open },
        ],
        YEAR.from,
        YEAR.asOf,
      ),
    ).toEqual([]);
  });

  it('is never met while a duty is not judged, even with no project failing', () => {
    expect(judgedDuties()).toHaveLength(6);
    expect(k1Met(0)).toBeNull();
    expect(k1Met(3)).toBeNull();
  });
});

describe('K3: closed on time', () => {
  // received Monday 2026-09-28, due 2026-10-16 (10 working days across National Day and the make-up Saturday 10-10)
  const received = '2026-09-28';
  const due = '2026-10-16';
  it('the deadline counts working days across National Day and the make-up Saturday 10-10', () => {
    const calendar = WorkingCalendar.builtIn();
    const d = caseDeadline(
      calendar,
      { receivedOn: received, orderIssuedOn: null, orderDeadline: null, filedOn: null },
      YEAR.asOf,
    );
    expect(d).toMatchObject({ date: due, basis: 'RECEIVED', provisional: false });
    // with an order to pay issued by asOf, its deadline is the one that counts
    const ordered = {
      receivedOn: received,
      orderIssuedOn: '2026-10-09',
      orderDeadline: '2026-10-23',
      filedOn: null,
    };
    expect(caseDeadline(calendar, ordered, YEAR.asOf).date).toBe('2026-10-23');
    expect(timeliness(received, '2026-10-23', '2026-10-20', YEAR.from, YEAR.asOf)).toBe('ON_TIME');
  });

  it('closed on its deadline day is on time, the day after late', () => {
    expect(timeliness(received, due, '2026-10-16', YEAR.from, YEAR.asOf)).toBe('ON_TIME');
    expect(timeliness(received, due, '2026-10-17', YEAR.from, YEAR.asOf)).toBe('LATE');
  });
  it('open on its deadline day is pending, open the day after is late', () => {
    expect(timeliness(received, due, null, YEAR.from, '2026-10-16')).toBe('PENDING');
    expect(timeliness(received, due, null, YEAR.from, '2026-10-17')).toBe('LATE');
  });
  it('a case closed after asOf is open as of asOf; one closed before the period is outside it', () => {
    expect(timeliness(received, due, '2026-10-20', YEAR.from, '2026-10-17')).toBe('LATE');
    expect(timeliness(received, due, '2026-10-10', '2026-11-01', '2026-12-31')).toBe('OUTSIDE');
    expect(timeliness('2027-01-02', '2027-01-15', null, YEAR.from, YEAR.asOf)).toBe('OUTSIDE');
  });
  it('a case still open from last year and past its deadline is late this year', () => {
    expect(timeliness('2025-11-03', '2025-11-17', null, YEAR.from, YEAR.asOf)).toBe('LATE');
  });
});

describe('K4: the incidents that count', () => {
  it('the four kinds of R20 count; another kind does not', () => {
    for (const k of INCIDENT_KINDS) expect(countsForK4(k)).toBe(true);
    expect(countsForK4('ORDINARY_COMPLAINT')).toBe(false);
    expect(countsForK4('MISSED_LABOR_COST_TRANSFER')).toBe(false);
  });
});

describe('shares', () => {
  it('0 of 0 is no share, not 100 %', () => {
    expect(shareOf(0, 0)).toBeNull();
    expect(shareOf(2, 3)).toBe(0.6667);
    expect(shareOf(3, 3)).toBe(1);
  });
});
