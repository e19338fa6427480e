import { InvalidInstant, parseInstant } from '../../src/domain/instant';
import {
  BadDate,
  parseCompactDateTime,
  parseDb2Timestamp,
  parseIsoDateOrDateTime,
} from '../../adapters/xml/shanghai-time';
import { DateTimeScalar } from '../../schema/scalars';
import { toAccountEvent } from '../../adapters/canonical-json/validate-event';

/**
 * Impossible dates and times are refused, never moved (issue 8, item 5): before, `new Date()` read
 * 2026-02-30 as 03-02 and T24:00 as the next day, and year 0000 reached PostgreSQL as a 500.
 */
const IMPOSSIBLE = [
  ['2026-02-30T10:00:00+08:00', /day 30 does not exist in 2026-02/],
  ['2027-02-29T10:00:00+08:00', /day 29 does not exist/],
  ['2026-04-31T10:00:00+08:00', /day 31 does not exist/],
  ['2026-12-01T24:00:00+08:00', /hour 24/],
  ['2026-12-01T25:00:00Z', /hour 25/],
  ['2026-12-01T10:60:00Z', /minute 60/],
  ['2016-12-31T23:59:60Z', /second 60 .*leap/],
  ['0000-01-01T00:00:00Z', /year 0 is out of range/],
  ['2026-13-01T00:00:00Z', /month 13/],
  ['2026-00-10T00:00:00Z', /month 0/],
  ['2026-12-00T00:00:00Z', /day 0/],
  ['2026-12-01T10:00:00+15:00', /offset \+15:00/],
  ['2026-12-01T10:00:00+08:60', /offset/],
] as const;

describe('parseInstant (JSON push, GraphQL DateTime)', () => {
  it.each(IMPOSSIBLE)('refuses %s, saying why', (value, why) => {
    expect(() => parseInstant(value)).toThrow(InvalidInstant);
    expect(() => parseInstant(value)).toThrow(why);
  });

  it('refuses a time without a zone where a zone is required, and garbage', () => {
    expect(() => parseInstant('2026-12-01T10:00:00')).toThrow(/has no offset/);
    expect(() => parseInstant('2026-12-01 10:00:00+08:00')).toThrow(/not ISO 8601/);
    expect(() => parseInstant('2026-12-01')).toThrow(/not ISO 8601/);
  });

  it.each([
    ['2024-02-29T00:00:00+08:00', '2024-02-28T16:00:00.000Z'], // a leap day exists
    ['2000-02-29T12:00Z', '2000-02-29T12:00:00.000Z'], // 2000 is a leap year, minutes only
    ['2026-12-01T23:59:59.999999+08:00', '2026-12-01T15:59:59.999Z'], // fractions cut to ms
    ['2026-12-01T10:00:00-05:30', '2026-12-01T15:30:00.000Z'],
    ['2026-12-01T10:00:00+14:00', '2026-11-30T20:00:00.000Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(parseInstant(value).toISOString()).toBe(iso);
  });

  it('takes a stated default zone for a value without one (ISO 20022 local time)', () => {
    expect(parseInstant('2026-12-01T10:00:00', 480).toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });
});

describe('the JSON push row and the GraphQL DateTime scalar refuse the same values', () => {
  const row = (bookedAt: string) =>
    toAccountEvent(
      { bankEventId: 'e1', accountNo: '6222020705007654321', type: 'CREDIT', amount: '1.00', bookedAt },
      0,
    );

  it.each(IMPOSSIBLE)('%s: INVALID_BOOKED_AT naming bookedAt, and BAD_USER_INPUT in GraphQL', (value) => {
    expect(row(value)).toEqual({
      rejected: { index: 0, code: 'INVALID_BOOKED_AT', message: expect.stringMatching(/^bookedAt: /) },
    });
    let err: unknown;
    try {
      DateTimeScalar.parseValue(value);
    } catch (e) {
      err = e;
    }
    expect((err as { extensions?: { code?: string } })?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('still reads a real instant', () => {
    expect(DateTimeScalar.parseValue('2026-02-28T10:00:00+08:00')).toEqual(new Date('2026-02-28T02:00:00Z'));
    expect(row('2026-02-28T10:00:00+08:00')).toHaveProperty(
      'event.bookedAt',
      new Date('2026-02-28T02:00:00Z'),
    );
  });
});

describe('bank formats (camt ISODate/ISODateTime, 银企直连 compact dates, DB2 timestamps)', () => {
  it.each([
    '2026-02-30',
    '0000-01-01',
    '2026-13-01',
    '2026-12-01T24:00:00',
    '2026-12-01T23:59:60+08:00',
    '2026-12-01T10:00:00+99:00',
  ])('camt refuses %s', (value) => {
    expect(() => parseIsoDateOrDateTime(value)).toThrow(BadDate);
  });

  it('camt reads a date as Shanghai midnight and a zone-less time as Shanghai time', () => {
    expect(parseIsoDateOrDateTime('2026-02-28').toISOString()).toBe('2026-02-27T16:00:00.000Z');
    expect(parseIsoDateOrDateTime('2026-02-28T10:00:00').toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(parseIsoDateOrDateTime('2026-02-28T10:00:00Z').toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });

  it.each([
    ['20260230', null],
    ['00000101', null],
    ['20261301', null],
    ['20261201', '240000'],
    ['20261201', '235960'],
    ['20261201', '256000'],
  ])('银企直连 refuses %s %s', (date, time) => {
    expect(() => parseCompactDateTime(date, time)).toThrow(BadDate);
  });

  it.each(['2026-02-30-10.00.00.000001', '2026-12-01-24.00.00', '0000-01-01-00.00.00'])(
    'ICBC DB2 timestamp refuses %s',
    (value) => {
      expect(() => parseDb2Timestamp(value)).toThrow(BadDate);
    },
  );
});
