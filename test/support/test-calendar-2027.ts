/**
 * TEST DATA, not the State Council's 2027 notice (published in November 2026; not in
 * ../shared/data): a plausible 2027 with the right shape, whose days off and make-up working days
 * (调休) are what the provisional rule cannot know: New Year 01-01…01-03, a nine-day Spring Festival
 * from Saturday 02-06 with Saturdays 01-30 and 02-20 made working days, Qingming, Labour Day
 * 05-01…05-05, Dragon Boat, Mid-Autumn, National Day 10-01…10-07 with Sunday 09-26 and Saturday
 * 10-09 made working days.
 */
import type { CalendarYear } from '../../src/domain/calendar';
import { addDays } from '../../src/domain/dates';

/** Every date from `from` to `to`, both included. */
export function span(from: string, to: string = from): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export const TEST_2027: CalendarYear = {
  year: 2027,
  holidays: [
    ...span('2027-01-01', '2027-01-03'),
    ...span('2027-02-06', '2027-02-14'),
    ...span('2027-04-03', '2027-04-05'),
    ...span('2027-05-01', '2027-05-05'),
    '2027-06-09',
    '2027-09-15',
    ...span('2027-10-01', '2027-10-07'),
  ],
  workdays: ['2027-01-30', '2027-02-20', '2027-09-26', '2027-10-09'],
};
