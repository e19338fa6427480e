/**
 * Bank dates to instants. China has kept UTC+08:00 without daylight saving since 1991, so a
 * fixed offset is exact for every date a wage account can have, and no timezone database is needed.
 * Only UTC arithmetic is used: no clock, no host timezone.
 */
import { InvalidInstant, parseInstant, utcMs, wallClockProblem } from '../../src/domain/instant';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export class BadDate extends Error {
  override name = 'BadDate';
}

/**
 * Wall-clock time in Asia/Shanghai to an instant; refuses 2024-02-30, 25:00, :60 and year 0000
 * rather than rolling over (src/domain/instant.ts has the rules every intake path shares).
 */
export function shanghaiInstant(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const parts = { year: y, month: mo, day: d, hour: h, minute: mi, second: s, ms };
  const problem = wallClockProblem(parts);
  if (problem) throw new BadDate(`${y}-${mo}-${d} ${h}:${mi}:${s} is not a valid date and time: ${problem}`);
  return new Date(utcMs(parts) - SHANGHAI_OFFSET_MS);
}

/** The Asia/Shanghai calendar date of an instant, as YYYYMMDD (for keys). */
export function shanghaiDateKey(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * ISO 20022 ISODate / ISODateTime. A date alone is midnight in Asia/Shanghai (the calendar the
 * hub's deadlines count in); a date-time without an offset is taken as Shanghai local time too.
 */
export function parseIsoDateOrDateTime(s: string): Date {
  const d = ISO_DATE.exec(s);
  if (d) return shanghaiInstant(+d[1], +d[2], +d[3]);
  try {
    return parseInstant(s, SHANGHAI_OFFSET_MS / 60_000);
  } catch (err) {
    if (err instanceof InvalidInstant) throw new BadDate(err.message);
    throw err;
  }
}

/** Compact bank forms: date YYYYMMDD or YYYY-MM-DD, time HHMMSS, HH:MM:SS or HH.MM.SS (or empty). */
export function parseCompactDateTime(date: string, time: string | null): Date {
  const d = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date.trim());
  if (!d) throw new BadDate(`"${date}" is not a date (YYYYMMDD)`);
  if (!time?.trim()) return shanghaiInstant(+d[1], +d[2], +d[3]);
  const t = /^(\d{2})[:.]?(\d{2})[:.]?(\d{2})$/.exec(time.trim());
  if (!t) throw new BadDate(`"${time}" is not a time (HHMMSS)`);
  return shanghaiInstant(+d[1], +d[2], +d[3], +t[1], +t[2], +t[3]);
}

/** DB2 timestamps as ICBC sends them: 2017-10-18-20.07.19.483163 (microseconds cut to ms). */
export function parseDb2Timestamp(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\.(\d{1,6}))?$/.exec(s.trim());
  if (!m) throw new BadDate(`"${s}" is not a timestamp (YYYY-MM-DD-HH.MM.SS.ffffff)`);
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return shanghaiInstant(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], ms);
}
