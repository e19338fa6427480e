import { now as clockNow } from '../clock';
/**
 * Check digits for Chinese identifiers. Verdicts carry a reason so callers can tell a typo
 * (checksum) from a wrong kind of value (format). See /work/shared/data/identifiers/README.md.
 */
export type IdCheck<R extends string> = { ok: true } | { ok: false; reason: R };

// ---- USCC, GB 32100-2015 (MOD 31) ----

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// Only the alphabet is enforced: python-stdnum also demands 8 leading digits, but registration
// authority codes such as "A" and "N" are letters, so that rule would refuse real codes.
const USCC_FORMAT = /^[0-9A-HJ-NP-RTUWXY]{18}$/;
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

export const normalizeUscc = (code: string): string => code.toUpperCase();

export function usccCheckCharacter(first17: string): string {
  const body = normalizeUscc(first17);
  if (!/^[0-9A-HJ-NP-RTUWXY]{17}$/.test(body)) {
    throw new RangeError('usccCheckCharacter needs 17 characters from the USCC alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body[i]) * USCC_WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * Some really issued codes (Fujian, see README) fail this check; callers deciding what to do
 * with a 'checksum' verdict should allow for that rather than treat it as proof of forgery.
 */
export function checkUscc(code: string): IdCheck<'format' | 'checksum'> {
  const c = normalizeUscc(code);
  if (!USCC_FORMAT.test(c)) return { ok: false, reason: 'format' };
  return usccCheckCharacter(c.slice(0, 17)) === c[17] ? { ok: true } : { ok: false, reason: 'checksum' };
}

// ---- Resident ID, GB 11643-1999 (ISO 7064 MOD 11-2) ----

const RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RID_CHECK = '10X98765432';
// Province-level prefixes of GB/T 2260 plus 71/81/82/83 (Taiwan, HK, Macao and their residence
// permits). Full area-code history is not kept here; this only refuses impossible prefixes such as 99.
const PROVINCE_LIST =
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65';
const PROVINCES = new Set(`${PROVINCE_LIST} 71 81 82 83`.split(' '));
const EARLIEST_BIRTH_YEAR = 1800;

export const normalizeResidentId = (id: string): string => id.toUpperCase();

/** `today` decides "future" by the calendar date in China (UTC+8, no DST), whatever the server zone. */
export function checkResidentId(
  id: string,
  today: Date = clockNow(),
): IdCheck<'format' | 'date' | 'checksum'> {
  const s = normalizeResidentId(id);
  if (!/^\d{17}[\dX]$/.test(s) || !PROVINCES.has(s.slice(0, 2))) return { ok: false, reason: 'format' };
  const birth = s.slice(6, 14);
  if (!isRealDate(birth) || Number(birth.slice(0, 4)) < EARLIEST_BIRTH_YEAR || birth > chinaDate(today)) {
    return { ok: false, reason: 'date' };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * RID_WEIGHTS[i];
  return RID_CHECK[sum % 11] === s[17] ? { ok: true } : { ok: false, reason: 'checksum' };
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

function chinaDate(t: Date): string {
  const c = new Date(t.getTime() + 8 * 3600_000);
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(c.getUTCFullYear(), 4)}${p(c.getUTCMonth() + 1, 2)}${p(c.getUTCDate(), 2)}`;
}

// ---- Luhn (bank card numbers) ----

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

// ---- Masking for logs and non-privileged views ----
// Too-short inputs are masked completely: keeping the usual prefix/suffix would reveal all of them.

export function maskIdNumber(id: string): string {
  return id.length <= 10 ? '*'.repeat(id.length) : id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function maskAccountNo(no: string): string {
  return no.length <= 4 ? '*'.repeat(no.length) : '*'.repeat(no.length - 4) + no.slice(-4);
}

/** By code point, so a name with a supplementary-plane character (e.g. 𠮷) is not split mid-pair. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? '*'.repeat(chars.length) : chars[0] + '*'.repeat(chars.length - 1);
}
