/**
 * The working-day calendar of the contract ("Deadlines (R5)"): the built-in 2025 and 2026 are in
 * the database after migration and match RULES.md; city HRSS loads a later year with
 * `setCalendarYear`, after which dates in it are answered where before they were an error naming
 * the year; everyone else is refused; bad years are refused naming the field; a later load of a
 * year replaces it. Through the public GraphQL API of a real hub, plus the deadline engine's
 * `loadWorkingCalendar` on the hub's own database.
 */
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { validateCalendarYear } from '../../src/domain/calendar';
import { BUILT_IN_CALENDAR_YEARS } from '../../src/domain/calendar-data';
import { addDays } from '../../src/domain/dates';
import { loadWorkingCalendar } from '../../src/services/calendar';
import { CITY_HRSS, must } from '../support/fixtures';
import { startTestHub, type GqlResult, type TestHub } from '../support/test-hub';

let t: TestHub;
let admin: string; // city HRSS

const SET = `mutation($y: Int!, $h: [Date!]!, $w: [Date!]!) {
  setCalendarYear(year: $y, holidays: $h, workdays: $w) { year holidays workdays } }`;
const YEAR = `query($y: Int!) { calendarYear(year: $y) { year holidays workdays } }`;
const YEARS = `{ calendarYears { year holidays workdays } }`;
const WORKING = `query($d: Date!) { isWorkingDay(date: $d) }`;

const gql = (token: string, query: string, variables?: Record<string, unknown>) =>
  t.gql<any>(token, query, variables);

/** Every date from `from` to `to`, both included. */
function span(from: string, to: string = from): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** A refusal: one error with this code, whose message names `names`, and no data. */
function expectRefused(res: GqlResult<any>, code: string, names: string): void {
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect({
    code: error.extensions?.code,
    named: error.message.includes(names),
    message: error.message,
  }).toEqual({ code, named: true, message: expect.any(String) });
  if (res.data) for (const value of Object.values(res.data)) expect(value).toBeNull();
}

async function storedYear(year: number) {
  return (await must(gql(admin, YEAR, { y: year }))).calendarYear;
}

async function workingDays(token: string, ...dates: string[]): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const d of dates) out[d] = (await must(gql(token, WORKING, { d }))).isWorkingDay;
  return out;
}

/** The audit columns, which the API does not return. */
async function audit(year: number): Promise<{ updated_by: string | null; updated_at: Date } | undefined> {
  const db = new Client({ connectionString: t.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(`select updated_by, updated_at from calendar_year where year = $1`, [
      year,
    ]);
    return rows[0];
  } finally {
    await db.end();
  }
}

const withEm = <T>(work: (em: EntityManager) => Promise<T>): Promise<T> =>
  work(t.hub.orm.em.fork() as unknown as EntityManager);

/**
 * TEST DATA, not the State Council's 2027 notice (which is published in late 2026): a plausible
 * schedule with the right shape — New Year, a nine-day Spring Festival from Saturday 2027-02-06,
 * National Day — and make-up working days on weekends. Listed unsorted, with a duplicate, to show
 * that the hub stores and returns it sorted and deduplicated.
 */
const TEST_2027 = {
  holidays: [...span('2027-10-01', '2027-10-07'), ...span('2027-01-01', '2027-01-03'), '2027-02-06'].concat(
    span('2027-02-06', '2027-02-14'),
  ),
  workdays: ['2027-02-20', '2027-01-30', '2027-10-09', '2027-09-26'],
};

beforeAll(async () => {
  t = await startTestHub();
  admin = t.token({ ...CITY_HRSS, sub: 'hrss-calendar-admin' });
});

afterAll(async () => {
  await t?.close();
});

describe('the built-in years', () => {
  test('2025 and 2026 are there after migration, exactly as the hub ships them', async () => {
    const { calendarYears } = await must(gql(admin, YEARS));
    expect(calendarYears).toEqual(BUILT_IN_CALENDAR_YEARS.map((y) => validateCalendarYear(y)));
    expect(await audit(2026)).toMatchObject({ updated_by: null });
  });

  test('2026 matches RULES.md (国办发明电〔2025〕7号)', async () => {
    const y2026 = await storedYear(2026);
    expect(y2026.holidays).toEqual([
      ...span('2026-01-01', '2026-01-03'),
      ...span('2026-02-15', '2026-02-23'),
      ...span('2026-04-04', '2026-04-06'),
      ...span('2026-05-01', '2026-05-05'),
      ...span('2026-06-19', '2026-06-21'),
      ...span('2026-09-25', '2026-09-27'),
      ...span('2026-10-01', '2026-10-07'),
    ]);
    expect(y2026.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  test('2025 matches RULES.md (国办发明电〔2024〕12号)', async () => {
    const y2025 = await storedYear(2025);
    expect(y2025.holidays).toEqual([
      '2025-01-01',
      ...span('2025-01-28', '2025-02-04'),
      ...span('2025-04-04', '2025-04-06'),
      ...span('2025-05-01', '2025-05-05'),
      ...span('2025-05-31', '2025-06-02'),
      ...span('2025-10-01', '2025-10-08'),
    ]);
    expect(y2025.workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  test('Spring Festival 2026: Saturdays Feb 14 and Feb 28 are working days, Feb 15–23 are off', async () => {
    const bank = t.token({ org: 'BANK', bank: 'ANY_BANK' }); // public information: any caller reads it
    expect(await workingDays(bank, '2026-02-13', '2026-02-14', '2026-02-28', '2026-02-24')).toEqual({
      '2026-02-13': true,
      '2026-02-14': true,
      '2026-02-28': true,
      '2026-02-24': true,
    });
    const off = span('2026-02-15', '2026-02-23');
    expect(await workingDays(bank, ...off)).toEqual(Object.fromEntries(off.map((d) => [d, false])));
    expect(await workingDays(bank, '2026-03-07', '2026-03-08')).toEqual({
      '2026-03-07': false, // an ordinary Saturday
      '2026-03-08': false,
    });
  });

  test('a year not loaded is null, and a date in it is an error naming the year', async () => {
    expect(await storedYear(2030)).toBeNull();
    expectRefused(await gql(admin, WORKING, { d: '2030-03-04' }), 'BAD_USER_INPUT', '2030');
  });
});

describe('setCalendarYear', () => {
  test('loading 2027 (test data) answers dates in 2027 that were an error naming 2027 before', async () => {
    const reader = t.token({ org: 'HOUSING', district: '210502' });
    const before = await gql(reader, WORKING, { d: '2027-02-08' });
    expectRefused(before, 'BAD_USER_INPUT', '2027');
    await expect(withEm(loadWorkingCalendar).then((c) => c.addWorkingDays('2026-12-30', 3))).rejects.toThrow(
      /2027/,
    );

    const { setCalendarYear } = await must(
      gql(admin, SET, { y: 2027, h: TEST_2027.holidays, w: TEST_2027.workdays }),
    );
    const expected = {
      year: 2027,
      holidays: [
        ...span('2027-01-01', '2027-01-03'),
        ...span('2027-02-06', '2027-02-14'),
        ...span('2027-10-01', '2027-10-07'),
      ],
      workdays: ['2027-01-30', '2027-02-20', '2027-09-26', '2027-10-09'],
    };
    expect(setCalendarYear).toEqual(expected);
    expect(await storedYear(2027)).toEqual(expected);
    expect((await must(gql(reader, YEARS))).calendarYears.map((y: { year: number }) => y.year)).toEqual([
      2025, 2026, 2027,
    ]);
    expect(await audit(2027)).toMatchObject({ updated_by: 'hrss-calendar-admin' });

    expect(
      await workingDays(
        reader,
        '2027-02-05',
        '2027-02-08',
        '2027-02-15',
        '2027-02-20',
        '2027-02-21',
        '2027-09-26',
      ),
    ).toEqual({
      '2027-02-05': true, // Friday before the holiday
      '2027-02-08': false, // Monday inside the holiday
      '2027-02-15': true,
      '2027-02-20': true, // Saturday made a working day
      '2027-02-21': false, // an ordinary Sunday
      '2027-09-26': true, // Sunday made a working day
    });

    // The deadline engine's calendar now runs across the year end: Dec 31 (Thu), then Jan 4, Jan 5.
    const calendar = await withEm(loadWorkingCalendar);
    expect(calendar.years()).toEqual([2025, 2026, 2027]);
    expect(calendar.addWorkingDays('2026-12-30', 3)).toBe('2027-01-05');
  });

  test('a later load of a year replaces it as a whole, and records who and when', async () => {
    const first = { y: 2029, h: span('2029-01-01'), w: ['2029-02-03'] };
    await must(gql(admin, SET, first));
    const firstAudit = (await audit(2029))!;
    expect(await workingDays(admin, '2029-02-03', '2029-05-01')).toEqual({
      '2029-02-03': true,
      '2029-05-01': true,
    });

    const other = t.token({ ...CITY_HRSS, sub: 'hrss-second-officer' });
    const corrected = { y: 2029, h: [...span('2029-05-01', '2029-05-03'), '2029-01-01'], w: [] };
    expect((await must(gql(other, SET, corrected))).setCalendarYear).toEqual({
      year: 2029,
      holidays: ['2029-01-01', '2029-05-01', '2029-05-02', '2029-05-03'],
      workdays: [],
    });
    expect(await storedYear(2029)).toEqual({
      year: 2029,
      holidays: ['2029-01-01', '2029-05-01', '2029-05-02', '2029-05-03'],
      workdays: [],
    });
    expect(await workingDays(admin, '2029-02-03', '2029-05-01')).toEqual({
      '2029-02-03': false, // no longer a make-up working day
      '2029-05-01': false,
    });
    const secondAudit = (await audit(2029))!;
    expect(secondAudit.updated_by).toBe('hrss-second-officer');
    expect(secondAudit.updated_at.getTime()).toBeGreaterThan(firstAudit.updated_at.getTime());

    // A refused correction leaves the stored year as it was.
    expectRefused(
      await gql(admin, SET, { y: 2029, h: [], w: ['2029-05-07'] }),
      'BAD_USER_INPUT',
      'workdays[0]',
    );
    expect((await storedYear(2029)).holidays).toHaveLength(4);
    expect((await audit(2029))!.updated_by).toBe('hrss-second-officer');
  });

  const VALID_2028 = { y: 2028, h: ['2028-01-01', '2028-01-02', '2028-01-03'], w: ['2028-01-08'] };

  test.each([
    ['district HRSS', { org: 'HRSS', district: '210502' }],
    ['a bank', { org: 'BANK', bank: 'ICBC_BENXI' }],
    ['the city housing authority', { org: 'HOUSING', district: '210500' }],
    ['a contractor', { org: 'CONTRACTOR', uscc: '91210500MA0000000X' }],
  ] as const)('%s is FORBIDDEN and nothing is stored', async (_who, caller) => {
    const res = await gql(t.token(caller), SET, VALID_2028);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(res.data).toBeNull();
    expect(await storedYear(2028)).toBeNull();
  });

  test.each([
    ['a holiday outside the year', { h: ['2028-01-01', '2027-12-31'] }, 'holidays[1]'],
    ['a workday that is a weekday (Monday 2028-01-03)', { w: ['2028-01-03'] }, 'workdays[0]'],
    ['a workday outside the year', { w: ['2028-01-08', '2029-01-06'] }, 'workdays[1]'],
    ['a date in both lists', { h: ['2028-01-01', '2028-01-08'] }, 'workdays[0]'],
    ['a year before 2000', { y: 1999, h: ['1999-01-01'], w: [] }, 'year'],
    ['a year after 2100', { y: 2101, h: ['2101-01-01'], w: [] }, 'year'],
    ['more dates than a year has days', { h: Array(367).fill('2028-01-01') }, 'holidays'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is stored', async (_what, change, field) => {
    const res = await gql(admin, SET, { ...VALID_2028, ...change });
    expectRefused(res, 'BAD_USER_INPUT', field);
    expect(res.errors![0].extensions?.field).toBe(field);
    expect(await storedYear(2028)).toBeNull();
    expect(await storedYear((change as { y?: number }).y ?? 2028)).toBeNull();
  });

  test('a date that is not a real date is refused before the service', async () => {
    const res = await gql(admin, SET, { ...VALID_2028, h: ['2028-02-30'] });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(await storedYear(2028)).toBeNull();
  });

  test('the 2028 test year itself is accepted once valid', async () => {
    const res = await must(gql(admin, SET, VALID_2028));
    expect(res.setCalendarYear).toEqual({
      year: 2028,
      holidays: ['2028-01-01', '2028-01-02', '2028-01-03'],
      workdays: ['2028-01-08'],
    });
  });
});
