import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError } from '../domain/errors';
import { isBenxiScopeCode } from '../domain/districts';
import { ORGS, type Caller, type Org } from './caller';
import { nowMs } from '../clock';
import { asKeys, KID, signingKey, type JwtKeys } from './jwt-keys';

// Tokens are dated by the hub's clock, so a test that sets the clock signs and checks in its time.
const clockSeconds = (): number => Math.floor(nowMs() / 1000);

const ALGORITHM = 'HS256';

/** Signs with the hub's signing key: a named key puts its id in the header (`kid`). */
export function signToken(caller: Caller, keys: string | JwtKeys, ttl: string | number = '8h'): string {
  assertClaims(caller as unknown as Record<string, unknown>);
  const { kid, secret } = signingKey(asKeys(keys));
  return jwt.sign({ ...caller, iat: clockSeconds() }, secret, {
    algorithm: ALGORITHM,
    expiresIn: ttl as jwt.SignOptions['expiresIn'],
    ...(kid ? { keyid: kid } : {}),
  });
}

/** Ninety days: an agency system's token is reissued at least each quarter. TOKEN_MAX_LIFETIME_HOURS sets it. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 90 * 24 * 3600;

/**
 * Verifies an `Authorization` header value; any failure is UNAUTHENTICATED. The message says only
 * what the holder can act on (expired, a key rotated out, too long-lived), never which check a
 * forgery failed.
 * A token meant to live longer than `maxLifetimeS` (exp − iat, or exp − now without iat) is refused:
 * a stolen 100-year token would otherwise outlive every rotation but its key's.
 *
 * A token's signature and claims do not change, so once checked they are remembered (by the exact
 * token string, with the key that verified them); its times — exp, nbf, the lifetime — are checked again on every call.
 * Each request used to verify its token twice (rate limit, context), and jsonwebtoken given a string
 * secret first tries it as a PEM public key, which throws: together a fifth of the CPU of a trivial
 * query (issue #9's profile, README).
 */
export function verifyBearer(
  header: string | undefined,
  keys: string | JwtKeys,
  maxLifetimeS = DEFAULT_MAX_TOKEN_LIFETIME_S,
): Caller {
  if (!header) throw unauthenticated('no bearer token: send Authorization: Bearer <JWT> (npm run token)');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated('the Authorization header must be "Bearer <JWT>"');
  const token = match[1];
  const given = asKeys(keys);
  const known = remembered.get(token);
  // Found by the token alone, then held to the keys of this call: a key rotated out (or another
  // secret) sends the token the long way, which refuses it with the message it always had.
  if (known && secretFor(known.kid, given) === known.secret) {
    checkTimes(known.checked, maxLifetimeS);
    return { ...known.checked.caller };
  }
  const { kid, secret } = verificationSecret(token, given);
  const keyring = keyringOf(secret);
  let payload: unknown;
  try {
    // times are checked below, the same way for a remembered token
    payload = jwt.verify(token, keyring.key, {
      algorithms: [ALGORITHM],
      ignoreExpiration: true,
      ignoreNotBefore: true,
    });
  } catch {
    throw unauthenticated('the token is not valid');
  }
  const claims = payload as Record<string, unknown>;
  if (claims.nbf !== undefined && typeof claims.nbf !== 'number')
    throw unauthenticated('the token is not valid');
  // A token without exp would never expire; the contract makes exp part of every token.
  if (typeof claims.exp !== 'number') {
    throw unauthenticated('the token has no exp (expiry) claim');
  }
  const checked: CheckedToken = {
    exp: claims.exp,
    iat: typeof claims.iat === 'number' ? claims.iat : null,
    nbf: typeof claims.nbf === 'number' ? claims.nbf : null,
    caller: { sub: '', org: 'HRSS', district: '' },
  };
  checkTimes(checked, maxLifetimeS);
  assertClaims(claims);
  checked.caller = {
    sub: String(claims.sub),
    org: claims.org as Org,
    district: String(claims.district),
  };
  if (typeof claims.bank === 'string') checked.caller.bank = claims.bank;
  if (typeof claims.uscc === 'string') checked.caller.uscc = claims.uscc;
  remember(token, { kid, secret, checked });
  return { ...checked.caller };
}

interface CheckedToken {
  exp: number;
  iat: number | null;
  nbf: number | null;
  caller: Caller;
}

/** As jsonwebtoken judges exp and nbf (no tolerance), then the hub's maximum lifetime. */
function checkTimes(t: CheckedToken, maxLifetimeS: number): void {
  const now = clockSeconds();
  if (now >= t.exp) throw unauthenticated('the token has expired');
  if (t.nbf !== null && t.nbf > now) throw unauthenticated('the token is not valid');
  const issued = t.iat !== null ? Math.min(t.iat, now) : now;
  if (t.exp - issued > maxLifetimeS) {
    throw unauthenticated(
      `the token lives longer than the hub's maximum of ${Math.floor(maxLifetimeS / 3600)} hours: ask for a new one`,
    );
  }
}

/** KeyObjects per secret: jsonwebtoken given a string secret first tries it as a PEM public key. */
const keyrings = new Map<string, { key: KeyObject }>();

function keyringOf(secret: string): { key: KeyObject } {
  let ring = keyrings.get(secret);
  if (ring) return ring;
  if (keyrings.size >= 16) keyrings.clear(); // a hub has one secret; a test process may make many
  ring = { key: createSecretKey(Buffer.from(secret, 'utf8')) };
  keyrings.set(secret, ring);
  return ring;
}

/**
 * Tokens whose signature and claims were checked, by the exact token string, with the key id they
 * named and the secret that verified them. One map, so that a request finds its token without
 * decoding it to learn its kid first (a few % of a trivial query's CPU, issue #9's profile).
 */
interface RememberedToken {
  kid: string | null;
  secret: string;
  checked: CheckedToken;
}
/** the oldest are forgotten past this many */
const REMEMBERED_TOKENS = 10_000;
const remembered = new Map<string, RememberedToken>();

function remember(token: string, entry: RememberedToken): void {
  if (remembered.size >= REMEMBERED_TOKENS && !remembered.has(token))
    remembered.delete(remembered.keys().next().value!);
  remembered.set(token, entry);
}

/** The secret `keys` holds for a token naming `kid` (null: none), as verificationSecret picks it. */
const secretFor = (kid: string | null, keys: JwtKeys): string | null | undefined =>
  kid === null ? keys.unnamed : keys.named.get(kid);

/**
 * The key a token says it was signed with: its `kid`, or JWT_SECRET for a token without one. A kid
 * the hub does not hold is a retired key (or a forgery): the message says so, so that an agency
 * whose token stopped working after a rotation knows to ask for a new one.
 */
function verificationSecret(token: string, keys: JwtKeys): { kid: string | null; secret: string } {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded !== 'object') throw unauthenticated('the token is not valid');
  const kid: unknown = decoded.header.kid;
  if (kid === undefined) {
    if (keys.unnamed) return { kid: null, secret: keys.unnamed };
    throw unauthenticated(
      'the token carries no key id (kid) and this hub only takes tokens signed with one of its named keys: ask for a new token',
    );
  }
  if (typeof kid !== 'string' || !KID.test(kid)) throw unauthenticated('the token is not valid');
  const secret = keys.named.get(kid);
  if (!secret) {
    throw unauthenticated(
      `the token was signed with key "${kid}", which this hub does not accept (rotated out, or never one of its keys): ask for a new token`,
    );
  }
  return { kid, secret };
}

function assertClaims(claims: Record<string, unknown>): void {
  const problem = claimProblem(claims);
  if (problem) throw unauthenticated(`the token's claims are not usable: ${problem}`);
}

function claimProblem(c: Record<string, unknown>): string | null {
  if (typeof c.sub !== 'string' || !c.sub) return 'sub is missing';
  if (typeof c.org !== 'string' || !(ORGS as readonly string[]).includes(c.org))
    return 'org is not a known organisation';
  if (typeof c.district !== 'string' || !isBenxiScopeCode(c.district))
    return 'district is not a Benxi division code';
  if (c.org === 'BANK' && (typeof c.bank !== 'string' || !c.bank)) return 'a BANK token needs a bank claim';
  if (c.org === 'CONTRACTOR' && (typeof c.uscc !== 'string' || !c.uscc))
    return 'a CONTRACTOR token needs a uscc claim';
  return null;
}

const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);
