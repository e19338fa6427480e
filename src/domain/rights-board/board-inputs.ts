/**
 * Checks of what is written on a rights-protection board: it is printed and posted where every
 * worker reads it, so each value is short, plain text, and a number is a number. Errors name the
 * field, as every input error of the hub does.
 */
import { badInput } from '../errors';
import { checkUscc, normalizeUscc } from '../identifiers';

/** A telephone number as printed: digits, spaces, hyphens, brackets, a leading +, an extension (转). */
const PHONE = /^\+?[0-9][0-9 ()\-转]{1,38}[0-9]$/;

export function phoneOrNull(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (!v) return null;
  if (!PHONE.test(v))
    throw badInput(field, `"${v.slice(0, 40)}" is not a telephone number (digits, spaces, -, (), 转)`);
  return v;
}

export function textOrNull(value: string | null | undefined, field: string, max = 200): string | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (!v) return null;
  if (v.length > max) throw badInput(field, `must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(v)) throw badInput(field, 'must be one line of text');
  return v;
}

/** The QR code's target: an https page (the complaint platform), nothing a phone would run. */
export function complaintUrlOrNull(value: string | null | undefined, field = 'complaintUrl'): string | null {
  const v = textOrNull(value, field, 500);
  if (v === null) return null;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw badInput(field, 'is not a URL');
  }
  if (url.protocol !== 'https:') throw badInput(field, 'must be an https: address');
  return url.toString();
}

export function payDayOrNull(value: number | null | undefined, field = 'payDay'): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 31)
    throw badInput(field, 'must be a day of the month, 1 to 31');
  return value;
}

/** sha256 of the posted board's photo, as 64 hex digits (the photo itself stays with the contractor). */
export function sha256OrNull(value: string | null | undefined, field = 'photoSha256'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v)) throw badInput(field, 'must be a SHA-256 digest: 64 hexadecimal digits');
  return v;
}

export const MAX_SUBCONTRACTORS = 50;

export function subcontractorsOf(
  list: readonly { name: string; uscc?: string | null }[],
  field = 'subcontractors',
): { name: string; uscc: string | null }[] {
  if (list.length > MAX_SUBCONTRACTORS) throw badInput(field, `at most ${MAX_SUBCONTRACTORS} subcontractors`);
  const seen = new Set<string>();
  return list.map((s, i) => {
    const name = textOrNull(s.name, `${field}[${i}].name`);
    if (name === null) throw badInput(`${field}[${i}].name`, 'must not be empty');
    let uscc: string | null = null;
    if (s.uscc !== null && s.uscc !== undefined && s.uscc.trim() !== '') {
      uscc = normalizeUscc(s.uscc.trim());
      if (!checkUscc(uscc).ok)
        throw badInput(`${field}[${i}].uscc`, 'is not a unified social credit code (GB 32100)');
    }
    const key = uscc ?? name;
    if (seen.has(key)) throw badInput(`${field}[${i}]`, `${name} is listed twice`);
    seen.add(key);
    return { name, uscc };
  });
}
