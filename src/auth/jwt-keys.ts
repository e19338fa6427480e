/**
 * The hub's token keys. A key has an id (`kid`, in the JWT header) so that a token names the key it
 * was signed with: rotating is adding a key, issuing with it, then removing the old one, and every
 * token of a removed key is refused at once — the only way to revoke tokens before they expire.
 *
 * JWT_KEYS=kid1:secret1,kid2:secret2 holds the named keys; JWT_SIGNING_KEY_ID names the one new
 * tokens are signed with. JWT_SECRET (the contract's single key) still works: it verifies tokens
 * that carry no kid, and signs when no JWT_SIGNING_KEY_ID is set.
 */

export interface JwtKeys {
  /** kid → secret */
  named: ReadonlyMap<string, string>;
  /** JWT_SECRET (or the development default): checks tokens without a kid; null when unset */
  unnamed: string | null;
  /** the kid new tokens carry; null: they are signed with `unnamed` and carry no kid */
  signingKeyId: string | null;
}

export const KID = /^[A-Za-z0-9._-]{1,64}$/;
export const MIN_SECRET_BYTES = 32;

/** A single secret as a key ring: what JWT_SECRET alone (and the tests' signToken) means. */
export const singleKey = (secret: string): JwtKeys => ({
  named: new Map(),
  unnamed: secret,
  signingKeyId: null,
});

export const asKeys = (keys: string | JwtKeys): JwtKeys =>
  typeof keys === 'string' ? singleKey(keys) : keys;

/** The secret (and kid, if any) new tokens are signed with. */
export function signingKey(keys: JwtKeys): { kid: string | null; secret: string } {
  if (keys.signingKeyId) return { kid: keys.signingKeyId, secret: keys.named.get(keys.signingKeyId)! };
  return { kid: null, secret: keys.unnamed! };
}

/**
 * Reads JWT_KEYS and JWT_SIGNING_KEY_ID beside JWT_SECRET (`unnamed`); `fail` throws the config error.
 * Every secret is at least 32 bytes (HS256); a kid is 1–64 of A-Z a-z 0-9 . _ -, never repeated.
 */
export function parseJwtKeys(
  raw: { keys?: string; signingKeyId?: string; unnamed: string | null },
  fail: (message: string) => never,
): JwtKeys {
  const named = new Map<string, string>();
  const entries = (raw.keys ?? '').trim();
  if (entries) {
    for (const [i, entry] of entries.split(',').entries()) {
      const colon = entry.indexOf(':');
      const kid = colon < 0 ? '' : entry.slice(0, colon).trim();
      const secret = colon < 0 ? '' : entry.slice(colon + 1).trim();
      // The secret is never echoed: a config error is printed and may end up in a log.
      if (!KID.test(kid)) {
        fail(
          `JWT_KEYS entry ${i + 1} must be "kid:secret", the kid 1–64 of A-Z a-z 0-9 . _ - (entries are separated by ",")`,
        );
      }
      if (named.has(kid)) fail(`JWT_KEYS names the key id "${kid}" twice`);
      if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
        fail(
          `JWT_KEYS: the secret of key "${kid}" must be at least ${MIN_SECRET_BYTES} bytes long for HS256`,
        );
      }
      named.set(kid, secret);
    }
  }
  const wanted = raw.signingKeyId?.trim() || null;
  let signingKeyId: string | null = wanted;
  if (wanted && !named.has(wanted)) {
    fail(
      `JWT_SIGNING_KEY_ID "${wanted}" is not one of the key ids in JWT_KEYS (${[...named.keys()].join(', ') || 'none'})`,
    );
  }
  if (!wanted && named.size > 0 && !raw.unnamed) {
    // With no JWT_SECRET to fall back on, one key is unambiguous; several need to be told apart.
    if (named.size > 1) {
      fail(
        `JWT_SIGNING_KEY_ID must name the key new tokens are signed with: one of ${[...named.keys()].join(', ')}`,
      );
    }
    signingKeyId = [...named.keys()][0];
  }
  return { named, unnamed: raw.unnamed, signingKeyId };
}

/** What start-up logs about the keys: their ids, never a secret. */
export function describeKeys(keys: JwtKeys): string {
  const ids = [...keys.named.keys()];
  const parts: string[] = [];
  if (ids.length) parts.push(`JWT_KEYS ${ids.join(', ')}`);
  if (keys.unnamed) parts.push('JWT_SECRET (tokens without kid)');
  return `${parts.join(' + ')}; new tokens signed with ${keys.signingKeyId ? `kid ${keys.signingKeyId}` : 'JWT_SECRET'}`;
}
