import { createHash } from 'node:crypto';

/**
 * Wall-clock times in Asia/Shanghai (UTC+8, no DST) held as milliseconds whose UTC fields are the
 * Shanghai fields, so day arithmetic never depends on the machine's time zone.
 */
export type Local = number;

export const HOUR = 3600_000;
export const MINUTE = 60_000;
export const DAY = 24 * HOUR;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export const local = (y: number, m: number, d: number, h = 0, mi = 0): Local => Date.UTC(y, m - 1, d, h, mi);
export const shanghaiNow = (now: Date): Local => now.getTime() + 8 * HOUR;
export const instantOf = (t: Local): number => t - 8 * HOUR;

export function isoDate(t: Local): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ISO 8601 with the +08:00 offset, as a Benxi bank would write it. */
export const isoDateTime = (t: Local): string =>
  `${isoDate(t)}T${pad(new Date(t).getUTCHours())}:${pad(new Date(t).getUTCMinutes())}:00+08:00`;

export interface Month {
  y: number;
  m: number;
}

/** The `count` months ending with the current Shanghai month, oldest first. */
export function monthsUpTo(now: Date, count: number): Month[] {
  const today = new Date(shanghaiNow(now));
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (count - 1 - i), 1));
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1 };
  });
}

export const monthLabel = ({ y, m }: Month): string => `${y}年${pad(m)}月`;

/** A deterministic random stream per key (mulberry32 seeded by SHA-256), so re-runs repeat themselves. */
export function rng(key: string): () => number {
  let a = createHash('sha256').update(key).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (r: () => number, lo: number, hi: number): number =>
  lo + Math.floor(r() * (hi - lo + 1));
