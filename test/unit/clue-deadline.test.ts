import { WorkingCalendar } from '../../src/domain/calendar';
import { CLUE_CLOSE_WORKING_DAYS, closedLate, clueDueOn } from '../../src/domain/clues';
import { caseDeadline, deadlineDaysFrom } from '../../src/domain/dynamic-zero';

/** The 2026 calendar as published (国办发明电〔2025〕7号), without the hub's database. */
const calendar = WorkingCalendar.builtIn();

describe('a clue’s deadline: 10 working days after receipt, on the 2026 calendar', () => {
  it('is 10 working days', () => expect(CLUE_CLOSE_WORKING_DAYS).toBe(10));

  it('across National Day, counting Saturday 10-10 (make-up day) and skipping 10-01…07', () => {
    // received Monday 09-28: 09-29 (1), 09-30 (2), 10-01…10-07 off, 10-08 (3), 10-09 (4),
    // Saturday 10-10 (5, make-up), 10-12 (6) … 10-16 (10)
    expect(clueDueOn(calendar, '2026-09-28')).toEqual({ date: '2026-10-16', provisional: false });
  });

  it('across Mid-Autumn: Sunday 09-20 (make-up) counts, 09-25…27 do not', () => {
    // received Friday 09-18: 09-20 (1), 09-21…24 (2–5), 09-28…30 (6–8), 10-08 (9), 10-09 (10)
    expect(clueDueOn(calendar, '2026-09-18')).toEqual({ date: '2026-10-09', provisional: false });
  });

  it('on a plain fortnight it is two calendar weeks', () => {
    expect(clueDueOn(calendar, '2026-11-02').date).toBe('2026-11-16');
  });

  it('reaching a year not loaded is provisional', () => {
    expect(clueDueOn(calendar, '2026-12-28')).toMatchObject({ provisional: true });
  });

  it('closed on the deadline is on time; the day after is late', () => {
    expect(closedLate('2026-10-16', '2026-10-16')).toBe(false);
    expect(closedLate('2026-10-16', '2026-10-15')).toBe(false);
    expect(closedLate('2026-10-16', '2026-10-17')).toBe(true);
  });
});

describe('a case’s deadline for the dynamic zero (R12)', () => {
  const open = { receivedOn: '2026-09-28', orderIssuedOn: null, orderDeadline: null, filedOn: null };

  it('without an order or filing: 10 working days from receipt, the make-up day counted', () => {
    expect(caseDeadline(calendar, open, '2026-10-20')).toEqual({
      date: '2026-10-16',
      basis: 'RECEIVED',
      provisional: false,
    });
  });

  it("with an order issued by asOf: the order's deadline; an order issued after asOf does not count yet", () => {
    const ordered = { ...open, orderIssuedOn: '2026-10-09', orderDeadline: '2026-10-23' };
    expect(caseDeadline(calendar, ordered, '2026-10-26')).toMatchObject({
      date: '2026-10-23',
      basis: 'ORDER',
    });
    expect(caseDeadline(calendar, ordered, '2026-10-08')).toMatchObject({
      date: '2026-10-16',
      basis: 'RECEIVED',
    });
  });

  it('filed without an order: 60 working days from filing', () => {
    // from 09-30: October 8, 9, Saturday 10 (make-up), 12–16, 19–23, 26–30 (18); November's 21
    // weekdays (39); December 1–4, 7–11, 14–18, 21–25 (58), 28 (59), 29 (60)
    expect(caseDeadline(calendar, { ...open, filedOn: '2026-09-30' }, '2026-12-31')).toMatchObject({
      date: '2026-12-29',
      basis: 'FILED',
    });
  });

  it('counts by the version in force on the day the count starts; before any version, the defaults', () => {
    const daysOn = deadlineDaysFrom([
      { effectiveFrom: '2026-10-01', unorderedWithinWorkingDays: 3, filedWithinWorkingDays: 20 },
      { effectiveFrom: '2026-09-01', unorderedWithinWorkingDays: 5, filedWithinWorkingDays: 30 },
    ]);
    expect(daysOn('2026-08-31')).toMatchObject({
      unorderedWithinWorkingDays: 10,
      filedWithinWorkingDays: 60,
    });
    // received 09-28 under the September version: 09-29, 09-30, 10-08, 10-09, make-up Saturday 10-10
    expect(caseDeadline(calendar, open, '2026-10-20', daysOn)).toMatchObject({
      date: '2026-10-10',
      basis: 'RECEIVED',
    });
    // filed 10-08 under the October version: 10-09, 10-10 (make-up), 12–16, 19–23, 26–30 (17), 11-02…04 (20)
    expect(caseDeadline(calendar, { ...open, filedOn: '2026-10-08' }, '2026-12-31', daysOn)).toMatchObject({
      date: '2026-11-04',
      basis: 'FILED',
    });
  });
});
