import { DomainError } from '../../src/domain/errors';
import { checkCalendarYearInput } from '../../src/services/calendar';

/** The DomainError a call throws, for checking code and field together. */
function thrown(fn: () => unknown): Pick<DomainError, 'code' | 'field'> {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('did not throw');
}

describe('checkCalendarYearInput (setCalendarYear)', () => {
  test('returns the year sorted and deduplicated', () => {
    expect(
      checkCalendarYearInput({
        year: 2028,
        holidays: ['2028-01-03', '2028-01-01', '2028-01-03'],
        workdays: ['2028-01-15', '2028-01-08'],
      }),
    ).toEqual({ year: 2028, holidays: ['2028-01-01', '2028-01-03'], workdays: ['2028-01-08', '2028-01-15'] });
  });

  test('accepts the ends of the range, refuses years outside it naming `year`', () => {
    expect(checkCalendarYearInput({ year: 2000, holidays: [], workdays: [] }).year).toBe(2000);
    expect(checkCalendarYearInput({ year: 2100, holidays: [], workdays: [] }).year).toBe(2100);
    for (const year of [1999, 2101, 2027.5, NaN]) {
      expect(thrown(() => checkCalendarYearInput({ year, holidays: [], workdays: [] }))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'year',
      });
    }
  });

  test('refuses a list longer than a year, naming it', () => {
    const long = Array<string>(367).fill('2028-01-08');
    expect(thrown(() => checkCalendarYearInput({ year: 2028, holidays: long, workdays: [] }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'holidays',
    });
    expect(thrown(() => checkCalendarYearInput({ year: 2028, holidays: [], workdays: long }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'workdays',
    });
  });

  test('passes the rest to validateCalendarYear, whose errors name the entry', () => {
    expect(
      thrown(() =>
        checkCalendarYearInput({ year: 2028, holidays: ['2028-01-01', '2029-01-01'], workdays: [] }),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'holidays[1]' });
    expect(
      thrown(() => checkCalendarYearInput({ year: 2028, holidays: [], workdays: ['2028-01-03'] })),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'workdays[0]',
    });
  });
});
