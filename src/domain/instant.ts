/**
 * ISO 8601 date-times read strictly: every part is checked against the calendar, so an impossible
 * value is refused instead of being rolled over by `new Date()` (which reads 2026-02-30 as 03-02
 * and T24:00 as the next day). Used by the JSON push, the GraphQL DateTime scalar and the XML
 * adapters, so every intake path refuses the same values.
 *
 * Refused: month 13, day 30 in February, hour 24 or 25, minute 60, second 60 (leap seconds: no
 * bank books in one, and JavaScript dates cannot hold it), offsets beyond ±14:00, and years
 * before 1900: year 0000 does not exist, and no wage account has a booking before 1900.
 */
export const MIN_YEAR = 1900;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** null when the parts name a real calendar date and time; else what is wrong, in a few words */
export function wallClockProblem(p: WallClock): string | null {
  if (p.year < MIN_YEAR || p.year > 9999) return `year ${p.year} is out of range (${MIN_YEAR}–9999)`;
  if (p.month < 1 || p.month > 12) return `month ${p.month} does not exist`;
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month))
    return `day ${p.day} does not exist in ${p.year}-${String(p.month).padStart(2, '0')}`;
  if (p.hour > 23) return `hour ${p.hour} does not exist (00–23)`;
  if (p.minute > 59) return `minute ${p.minute} does not exist (00–59)`;
  if (p.second > 59) return `second ${p.second} is refused (00–59; no leap seconds)`;
  return null;
}

/** Milliseconds since the epoch of wall-clock parts read as UTC (parts already checked). */
export function utcMs(p: WallClock): number {
  // setUTCFullYear, not Date.UTC, which would read years 0–99 as 1900–1999.
  return (
    new Date(0).setUTCFullYear(p.year, p.month - 1, p.day) +
    ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 +
    p.ms
  );
}

export class InvalidInstant extends Error {
  override name = 'InvalidInstant';
}

/**
 * An instant from `YYYY-MM-DDTHH:mm[:ss[.fff]]` and a zone (`Z` or ±HH:MM). Without a zone it is
 * refused, unless `defaultOffsetMinutes` says which zone a bank's format implies (ISO 20022 local
 * time is Asia/Shanghai for these banks). Throws InvalidInstant saying what is wrong.
 */
export function parseInstant(s: string, defaultOffsetMinutes?: number): Date {
  const m = DATE_TIME.exec(s);
  if (!m) throw new InvalidInstant(`${quote(s)} is not ISO 8601 (YYYY-MM-DDTHH:mm:ss with an offset)`);
  const parts: WallClock = {
    year: +m[1],
    month: +m[2],
    day: +m[3],
    hour: +m[4],
    minute: +m[5],
    second: m[6] === undefined ? 0 : +m[6],
    ms: Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)),
  };
  const problem = wallClockProblem(parts);
  if (problem) throw new InvalidInstant(`${quote(s)}: ${problem}`);
  const zone = m[8];
  let offset: number;
  if (zone === undefined) {
    if (defaultOffsetMinutes === undefined)
      throw new InvalidInstant(`${quote(s)} has no offset (e.g. +08:00)`);
    offset = defaultOffsetMinutes;
  } else if (zone === 'Z') offset = 0;
  else {
    const [h, mi] = [+zone.slice(1, 3), +zone.slice(4, 6)];
    if (h > 14 || mi > 59 || h * 60 + mi > 14 * 60)
      throw new InvalidInstant(`${quote(s)}: offset ${zone} does not exist`);
    offset = (zone[0] === '-' ? -1 : 1) * (h * 60 + mi);
  }
  return new Date(utcMs(parts) - offset * 60_000);
}

/** parseInstant, or null */
export function readInstant(s: unknown, defaultOffsetMinutes?: number): Date | null {
  if (typeof s !== 'string') return null;
  try {
    return parseInstant(s, defaultOffsetMinutes);
  } catch (err) {
    if (err instanceof InvalidInstant) return null;
    throw err;
  }
}

/** a value as messages quote it: at most 40 characters, so a huge value does not make a huge answer */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
