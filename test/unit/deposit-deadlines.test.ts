/**
 * Every deadline of the deposit's life on the 2026 calendar (国办发明电〔2025〕7号): Mid-Autumn
 * 09-25…09-27 with Sunday 09-20 worked, National Day 10-01…10-07 with Saturday 10-10 worked, and
 * the Spring Festival 02-15…02-23 with Saturdays 02-14 and 02-28 worked. Each expected date is
 * counted by hand in the comment beside it.
 */
import { WorkingCalendar } from '../../src/domain/calendar';
import { depositDueDate } from '../../src/domain/duties/deposit-requirement';
import { addMonths } from '../../src/domain/duties/months';
import { publicityEndsOn, returnSteps, type ReturnFacts } from '../../src/domain/duties/deposit-return';
import { checkValidity } from '../../src/domain/duties/instruments';
import { DomainError } from '../../src/domain/errors';

const cal = WorkingCalendar.builtIn();

describe('the deposit is due 20 working days after the permit (or the signing)', () => {
  it('permit Thursday 2026-09-10: across Mid-Autumn and National Day, due Wednesday 2026-10-14', () => {
    // 09-11 (1), 09-14…18 (2–6), Sunday 09-20 worked (7), 09-21…24 (8–11), 09-25…27 off,
    // 09-28…30 (12–14), 10-01…07 off, 10-08 (15), 10-09 (16), Saturday 10-10 worked (17), 10-12…14 (18–20)
    expect(depositDueDate({ contractSignedOn: '2026-08-01', permitIssuedOn: '2026-09-10' }, cal)).toEqual({
      date: '2026-10-14',
      provisional: false,
    });
  });

  it('without a permit, from the contract signing: signed 2026-02-10, due 2026-03-16 across the Spring Festival', () => {
    // 02-11…13 (1–3), Saturday 02-14 worked (4), 02-15…23 off, 02-24…27 (5–8), Saturday 02-28 worked (9),
    // 03-02…06 (10–14), 03-09…13 (15–19), 03-16 (20)
    expect(depositDueDate({ contractSignedOn: '2026-02-10', permitIssuedOn: null }, cal).date).toBe(
      '2026-03-16',
    );
  });

  it('a permit on the eve of Mid-Autumn, Thursday 2026-09-24: due Thursday 2026-10-29', () => {
    // 09-25…27 off, 09-28…30 (1–3), 10-01…07 off, 10-08 (4), 10-09 (5), Saturday 10-10 worked (6),
    // 10-12…16 (7–11), 10-19…23 (12–16), 10-26…29 (17–20)
    expect(depositDueDate({ contractSignedOn: '2026-08-01', permitIssuedOn: '2026-09-24' }, cal).date).toBe(
      '2026-10-29',
    );
  });

  it('in a year not loaded the date is provisional, never a silent guess', () => {
    expect(
      depositDueDate({ contractSignedOn: '2026-12-20', permitIssuedOn: '2026-12-21' }, cal),
    ).toMatchObject({
      provisional: true,
    });
  });
});

describe('use and top-up', () => {
  it('HRSS notice on Thursday 2026-09-24: the bank pays within 5 working days, by Friday 2026-10-09', () => {
    // 09-25…27 off, 09-28…30 (1–3), 10-01…07 off, 10-08 (4), 10-09 (5)
    expect(cal.workingDaysAfter('2026-09-24', 5).date).toBe('2026-10-09');
  });
  it('paid on 2026-09-30: topped up within 10 working days, by Tuesday 2026-10-20', () => {
    // 10-08 (1), 10-09 (2), Saturday 10-10 worked (3), 10-12…16 (4–8), 10-19 (9), 10-20 (10)
    expect(cal.workingDaysAfter('2026-09-30', 10).date).toBe('2026-10-20');
  });
});

describe('a guarantee is reminded one month before it ends', () => {
  it.each([
    ['2026-10-31', '2026-09-30'],
    ['2027-03-31', '2027-02-28'],
    ['2028-03-31', '2028-02-29'],
    ['2027-01-15', '2026-12-15'],
  ])('valid until %s: reminded on %s', (until, reminded) => {
    expect(addMonths(until, -1)).toBe(reminded);
  });
});

describe("a guarantee's validity: at least one year and the contract term", () => {
  const guarantee =
    (validUntil: string | null, contractEndsOn: string | null = '2027-06-30') =>
    () =>
      checkValidity({
        form: 'BANK_GUARANTEE',
        depositedOn: '2026-03-02',
        validFrom: null,
        validUntil,
        contractEndsOn,
      });
  const field = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof DomainError) return e.field;
      throw e;
    }
    return undefined;
  };
  it('from 2026-03-02, valid until 2027-03-01 is one year; 2027-02-28 is a day short', () => {
    expect(guarantee('2027-06-30')()).toEqual({ validFrom: '2026-03-02', validUntil: '2027-06-30' });
    expect(field(guarantee('2027-03-01', '2027-01-01'))).toBeUndefined();
    expect(field(guarantee('2027-02-28', '2027-01-01'))).toBe('validUntil');
  });
  it('ending before the contract does is refused; without the contract end, refused naming contractEndsOn', () => {
    expect(field(guarantee('2027-06-29'))).toBe('validUntil');
    expect(field(guarantee('2027-06-30', null))).toBe('contractEndsOn');
    expect(field(guarantee(null))).toBe('validUntil');
  });
  it('a cash deposit is held from the day it was paid in and has no end', () => {
    expect(
      checkValidity({
        form: 'CASH_ACCOUNT',
        depositedOn: '2026-03-02',
        validFrom: null,
        validUntil: null,
        contractEndsOn: null,
      }),
    ).toEqual({ validFrom: '2026-03-02', validUntil: null });
    expect(
      field(() =>
        checkValidity({
          form: 'CASH_ACCOUNT',
          depositedOn: '2026-03-02',
          validFrom: null,
          validUntil: '2027-03-02',
          contractEndsOn: null,
        }),
      ),
    ).toBe('validUntil');
  });
});

describe('the return: 30 days of publicity, review within 5 working days, confirmation within 3', () => {
  const facts = (f: Partial<ReturnFacts>): ReturnFacts => ({
    completedOn: '2026-08-20',
    publicityStartsOn: null,
    appliedOn: null,
    promiseSignedOn: null,
    reviewedOn: null,
    approved: null,
    reviewNote: null,
    confirmedOn: null,
    ...f,
  });
  const stepOf = (f: ReturnFacts, today: string, name: string) =>
    returnSteps(f, cal, today).find((s) => s.step === name)!;

  it('publicity from 2026-08-29 runs through 2026-09-28; the application may be made from 2026-09-29', () => {
    expect(publicityEndsOn('2026-08-29')).toBe('2026-09-28');
    const running = facts({ publicityStartsOn: '2026-08-29' });
    expect(stepOf(running, '2026-09-28', 'PUBLICITY').state).toBe('IN_PROGRESS');
    expect(stepOf(running, '2026-09-28', 'APPLICATION')).toMatchObject({
      state: 'WAITING',
      earliestOn: '2026-09-29',
    });
    expect(stepOf(running, '2026-09-29', 'PUBLICITY')).toMatchObject({ state: 'DONE', doneOn: '2026-09-28' });
    expect(stepOf(running, '2026-09-29', 'APPLICATION').state).toBe('DUE');
  });

  it('applied 2026-09-29: reviewed by Monday 2026-10-12, overdue from 10-13', () => {
    // 09-30 (1), 10-01…07 off, 10-08 (2), 10-09 (3), Saturday 10-10 worked (4), 10-12 (5)
    const applied = facts({
      publicityStartsOn: '2026-08-29',
      appliedOn: '2026-09-29',
      promiseSignedOn: '2026-09-29',
    });
    expect(stepOf(applied, '2026-10-12', 'REVIEW')).toMatchObject({
      state: 'DUE',
      dueBy: '2026-10-12',
      overdue: false,
    });
    expect(stepOf(applied, '2026-10-13', 'REVIEW').overdue).toBe(true);
  });

  it('approved 2026-09-30: confirmed by Saturday 2026-10-10, a make-up working day', () => {
    // 10-01…07 off, 10-08 (1), 10-09 (2), Saturday 10-10 worked (3)
    const approved = facts({
      publicityStartsOn: '2026-08-29',
      appliedOn: '2026-09-29',
      reviewedOn: '2026-09-30',
      approved: true,
    });
    expect(stepOf(approved, '2026-10-09', 'CONFIRMATION')).toMatchObject({
      state: 'DUE',
      dueBy: '2026-10-10',
    });
    expect(stepOf(approved, '2026-10-12', 'CONFIRMATION').overdue).toBe(true);
    const done = { ...approved, confirmedOn: '2026-10-09' };
    expect(returnSteps(done, cal, '2026-10-12').map((s) => s.state)).toEqual([
      'DONE',
      'DONE',
      'DONE',
      'DONE',
      'DONE',
    ]);
  });

  it('a refused review sends the contractor back to apply again, with the reason', () => {
    const refused = facts({
      publicityStartsOn: '2026-08-29',
      appliedOn: '2026-09-29',
      reviewedOn: '2026-09-30',
      approved: false,
      reviewNote: 'a complaint of unpaid wages is open',
    });
    const steps = returnSteps(refused, cal, '2026-10-08');
    expect(steps.map((s) => [s.step, s.state])).toEqual([
      ['COMPLETION', 'DONE'],
      ['PUBLICITY', 'DONE'],
      ['APPLICATION', 'DUE'],
      ['REVIEW', 'REFUSED'],
      ['CONFIRMATION', 'WAITING'],
    ]);
    expect(steps[3].note).toBe('a complaint of unpaid wages is open');
  });
});
