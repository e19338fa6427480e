/**
 * Calendar dates as 'YYYY-MM-DD' strings: an Asia/Shanghai calendar date, with no time and no zone.
 * Arithmetic goes through Date.UTC on the parts so the host's time zone can never shift a day.
 */
import { badInput } from './errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** China has used UTC+8 all year since 1991 (no DST), so Shanghai's date is UTC shifted by 8 hours. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function isValidIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Throws BAD_USER_INPUT naming `field` unless `s` is a real 'YYYY-MM-DD' date. */
export function assertIsoDate(s: unknown, field = 'date'): asserts s is string {
  if (!isValidIsoDate(s)) throw badInput(field, `${JSON.stringify(s)} is not a real date (YYYY-MM-DD)`);
}

export const yearOf = (d: string): number => Number(d.slice(0, 4));

// setUTCFullYear rather than Date.UTC, which would read years 0–99 as 1900–1999.
const toEpochDay = (d: string): number =>
  new Date(0).setUTCFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) /
  DAY_MS;

const fromEpochMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function addDays(d: string, n: number): string {
  assertIsoDate(d);
  return fromEpochMs((toEpochDay(d) + n) * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  assertIsoDate(from);
  assertIsoDate(to);
  return Math.round(toEpochDay(to) - toEpochDay(from));
}

/** -1, 0 or 1. Valid ISO dates order lexicographically, so this is a plain string comparison. */
export const compareDates = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function dayOfWeek(d: string): number {
  assertIsoDate(d);
  return new Date(toEpochDay(d) * DAY_MS).getUTCDay();
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in `month` (1–12) of `year`, proleptic Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw badInput('month', `${month} is not 1–12`);
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1];
}

/** The Shanghai calendar date of an instant (e.g. a bank event's bookedAt). */
export function shanghaiDateOf(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw badInput('instant', 'is not a valid date-time');
  return fromEpochMs(ms + SHANGHAI_OFFSET_MS);
}
