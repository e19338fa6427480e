/**
 * The valid attendance day (RULES.md "Real-name registration…": at least 2 punches, one 08:00–11:00
 * and one 13:00–18:00, at least 4 hours between first and last — Jilin and vendor practice), as
 * data: a rule version from `attendance_rules`. Days are Asia/Shanghai calendar days (UTC+8, no
 * DST): punches either side of midnight belong to two days, so a night shift counts on neither
 * unless each day has its own qualifying punches. Window bounds are inclusive to the second: a punch
 * at 11:00:00 is in the morning window, one at 11:00:00.001 is not; 4 h exactly is enough.
 */

export interface AttendanceRule {
  effectiveFrom: string;
  minPunches: number;
  /** "HH:MM" or "HH:MM:SS", Shanghai wall clock */
  morningFrom: string;
  morningTo: string;
  afternoonFrom: string;
  afternoonTo: string;
  minSpanMinutes: number;
  /** managers attend at least this share of the required days (basis points: 8000 = 80 %) */
  managerShareBp: number;
}

export const DEFAULT_ATTENDANCE_RULE: AttendanceRule = {
  effectiveFrom: '2020-01-01',
  minPunches: 2,
  morningFrom: '08:00',
  morningTo: '11:00',
  afternoonFrom: '13:00',
  afternoonTo: '18:00',
  minSpanMinutes: 240,
  managerShareBp: 8000,
};

const SHANGHAI_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Milliseconds since Shanghai midnight of "HH:MM[:SS]". */
export function wallMs(hhmm: string): number {
  const [h, m, s] = hhmm.split(':').map(Number);
  return ((h * 60 + m) * 60 + (s || 0)) * 1000;
}

export const shanghaiDayOf = (at: Date): string =>
  new Date(at.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
const msIntoShanghaiDay = (at: Date): number => (((at.getTime() + SHANGHAI_MS) % DAY_MS) + DAY_MS) % DAY_MS;

/** Whether one day's punches (all on the same Shanghai date) make a valid day under `rule`. */
export function isValidDay(punches: readonly Date[], rule: AttendanceRule): boolean {
  if (punches.length < rule.minPunches || punches.length === 0) return false;
  const within = (at: Date, from: string, to: string) => {
    const t = msIntoShanghaiDay(at);
    return t >= wallMs(from) && t <= wallMs(to);
  };
  const morning = punches.some((p) => within(p, rule.morningFrom, rule.morningTo));
  const afternoon = punches.some((p) => within(p, rule.afternoonFrom, rule.afternoonTo));
  const times = punches.map((p) => p.getTime());
  const span = Math.max(...times) - Math.min(...times);
  return morning && afternoon && span >= rule.minSpanMinutes * 60_000;
}

/** The valid days among any punches, grouped by Shanghai date; sorted. */
export function validDays(punches: readonly Date[], rule: AttendanceRule): string[] {
  const byDay = new Map<string, Date[]>();
  for (const p of punches) {
    const d = shanghaiDayOf(p);
    byDay.set(d, [...(byDay.get(d) ?? []), p]);
  }
  return [...byDay.entries()]
    .filter(([, ps]) => isValidDay(ps, rule))
    .map(([d]) => d)
    .sort();
}

/** The rule version in force on a day (versions sorted or not). */
export function ruleOn(versions: readonly AttendanceRule[], day: string): AttendanceRule {
  let best: AttendanceRule | null = null;
  for (const v of versions)
    if (v.effectiveFrom <= day && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best ?? DEFAULT_ATTENDANCE_RULE;
}

/**
 * Managers' share of days present: their valid days over the required days (the month's working
 * days through `asOf`, per manager), in basis points; null when no day is required yet.
 */
export function managersShareBp(managerValidDays: readonly number[], requiredDays: number): number | null {
  if (requiredDays <= 0 || managerValidDays.length === 0) return null;
  const present = managerValidDays.reduce((s, d) => s + Math.min(d, requiredDays), 0);
  return Math.floor((present * 10000) / (requiredDays * managerValidDays.length));
}
