/**
 * A year not loaded is answered provisionally (src/domain/calendar.ts): Monday–Friday less the
 * fixed-date statutory holidays 01-01, 05-01, 05-02, 10-01, 10-02, 10-03; nothing else guessed;
 * every answer says whether it was provisional. Loaded years stay exact, and the strict methods
 * still refuse a year not loaded.
 */
import { WorkingCalendar } from '../../src/domain/calendar';
import { TEST_2027 } from '../support/test-calendar-2027';

const cal = WorkingCalendar.builtIn(); // 2025 and 2026

describe('a day in a year not loaded', () => {
  it('a weekday 1 or 2 May (Mon/Tue 2028-05-01/02) is a rest day; Wednesday 05-03 works', () => {
    expect(['2028-05-01', '2028-05-02', '2028-05-03'].map((d) => cal.workingDayStatus(d))).toEqual([
      { working: false, provisional: true },
      { working: false, provisional: true },
      { working: true, provisional: true },
    ]);
  });

  it('a Saturday and a Sunday are rest days; an ordinary Monday works', () => {
    expect(cal.workingDayStatus('2027-01-09')).toEqual({ working: false, provisional: true });
    expect(cal.workingDayStatus('2027-01-10')).toEqual({ working: false, provisional: true });
    expect(cal.workingDayStatus('2027-01-11')).toEqual({ working: true, provisional: true });
  });

  it('New Year (Friday 2027-01-01) is off; the lunar holidays and make-up days are not guessed', () => {
    expect(cal.workingDayStatus('2027-01-01').working).toBe(false);
    // Monday 2027-02-08 falls in the 2027 Spring Festival, which only the year's notice can say.
    expect(cal.workingDayStatus('2027-02-08').working).toBe(true);
    // Saturday 2027-01-30 might be a make-up working day; provisionally it is a rest day.
    expect(cal.workingDayStatus('2027-01-30').working).toBe(false);
  });

  it('a loaded year is exact: its holidays and make-up working days, provisional false', () => {
    expect(cal.workingDayStatus('2026-02-14')).toEqual({ working: true, provisional: false }); // make-up Sat
    expect(cal.workingDayStatus('2026-02-16')).toEqual({ working: false, provisional: false }); // Spring Festival
    expect(cal.workingDayStatus('2026-05-01')).toEqual({ working: false, provisional: false });
  });
});

describe('walks', () => {
  it('a 2028 deadline across National Day 10-01…10-03 (Sun–Tue) skips them', () => {
    // Fri 09-29: Sat 30, Sun 01, Mon 02 and Tue 03 off, then Wed 04, Thu 05, Fri 06.
    expect(cal.workingDaysAfter('2028-09-29', 3)).toEqual({ date: '2028-10-06', provisional: true });
    expect(cal.nextWorkingDayFrom('2028-10-01')).toEqual({ date: '2028-10-04', provisional: true });
  });

  it('a walk from 2026 into 2027 is provisional; one that stays in 2026 is exact', () => {
    // Wed Dec 30: Thu 31, Fri Jan 1 off, Mon Jan 4, Tue Jan 5.
    expect(cal.workingDaysAfter('2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: true });
    expect(cal.workingDaysAfter('2026-12-29', 2)).toEqual({ date: '2026-12-31', provisional: false });
    expect(cal.nextWorkingDayFrom('2026-12-31')).toEqual({ date: '2026-12-31', provisional: false });
    expect(cal.nextWorkingDayFrom('2027-01-01')).toEqual({ date: '2027-01-04', provisional: true });
  });

  it('across a holiday and a make-up working day in a loaded year: exact', () => {
    // Thu 2026-02-12: Fri 13, Sat 14 (make-up), then the holiday to Mon 23, Tue 24.
    expect(cal.workingDaysAfter('2026-02-12', 3)).toEqual({ date: '2026-02-24', provisional: false });
    // Fri 2026-02-27: Sat 28 is a make-up working day.
    expect(cal.workingDaysAfter('2026-02-27', 1)).toEqual({ date: '2026-02-28', provisional: false });
  });

  it('loading the year replaces the provisional answer with the real one', () => {
    const loaded = cal.withYear(TEST_2027);
    // Thu 2027-01-28 + 3: provisionally Fri 29, Mon Feb 1, Tue Feb 2; really Sat 30 works.
    expect(cal.workingDaysAfter('2027-01-28', 3)).toEqual({ date: '2027-02-02', provisional: true });
    expect(loaded.workingDaysAfter('2027-01-28', 3)).toEqual({ date: '2027-02-01', provisional: false });
    // 20 working days after Wed 2027-01-20, provisionally and across the real Spring Festival.
    expect(cal.workingDaysAfter('2027-01-20', 20).date).toBe('2027-02-17');
    expect(loaded.workingDaysAfter('2027-01-20', 20).date).toBe('2027-02-22');
  });

  it('a walk into a second year not loaded stays provisional after loading the first', () => {
    const loaded = cal.withYear(TEST_2027);
    expect(loaded.workingDaysAfter('2027-12-30', 3)).toEqual({ date: '2028-01-04', provisional: true });
  });
});

describe('the strict methods still refuse a year not loaded, naming it', () => {
  it('isWorkingDay, nextWorkingDayOnOrAfter and addWorkingDays', () => {
    expect(() => cal.isWorkingDay('2027-01-04')).toThrow(/no data for 2027/);
    expect(() => cal.nextWorkingDayOnOrAfter('2027-03-01')).toThrow(/no data for 2027/);
    expect(() => cal.addWorkingDays('2026-12-30', 3)).toThrow(/no data for 2027/);
    expect(() => cal.withYear(TEST_2027).addWorkingDays('2027-12-30', 3)).toThrow(/no data for 2028/);
    expect(cal.addWorkingDays('2026-12-29', 2)).toBe('2026-12-31');
  });
});
