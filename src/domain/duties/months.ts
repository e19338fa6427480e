import { assertIsoDate, daysInMonth } from '../dates';

/**
 * `d` moved by whole months, the day clamped to the target month's last day (a guarantee ending
 * 03-31 is reminded on 02-28): "one month before" as a person counts it. Years are 12 months.
 */
export function addMonths(d: string, n: number): string {
  assertIsoDate(d);
  const total = Number(d.slice(0, 4)) * 12 + (Number(d.slice(5, 7)) - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(d.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const addYears = (d: string, n: number): string => addMonths(d, 12 * n);
