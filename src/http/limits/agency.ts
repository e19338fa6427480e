import type { Caller } from '../../auth/caller';

/**
 * Whose share a request uses: a bank's (its code), a contractor's (its USCC), or an agency's
 * (organisation and district). One of them sending too much slows only itself.
 */
export function agencyKey(caller: Caller): string {
  if (caller.org === 'BANK' && caller.bank) return `bank:${caller.bank}`;
  if (caller.org === 'CONTRACTOR' && caller.uscc) return `contractor:${caller.uscc.toUpperCase()}`;
  return `${caller.org}:${caller.district}`;
}

/** Set by the rate limiter, which verifies the token first: the caller of a request, if valid. */
export const CALLER_LOCAL = 'caller';
