/**
 * The keys that protect workers' ID and bank card numbers at rest (R4, issue #10 item 6).
 *
 * PERSONAL_DATA_KEYS=id1:<32 hex digits>,id2:<32 hex digits> holds every SM4 key (128 bits) a stored
 * value may be encrypted with; PERSONAL_DATA_KEY_ID names the one new values are written with.
 * Rotating is adding a key, writing with it, re-encrypting the old rows (each value names its
 * key), then removing the old key. PERSONAL_DATA_LOOKUP_KEY (at least 64 hex digits) keys the
 * HMAC that finds a worker by number; it is not rotated with the encryption keys, since every
 * stored hash would have to be recomputed from the plain numbers.
 *
 * With none of them set the development keys below work, so `npm start` runs on the embedded
 * defaults; NODE_ENV=production refuses them, as it refuses the JWT development secret.
 */

export interface PersonalDataKeys {
  /** key id → 16-byte SM4 key */
  keys: ReadonlyMap<string, Buffer>;
  writeKeyId: string;
  /** the HMAC-SHA256 key of the lookup hashes */
  lookupKey: Buffer;
  isDevDefault: boolean;
}

export const DEV_PERSONAL_DATA_KEY_ID = 'dev';
const DEV_KEY_HEX = '7761676577617463682d6465762d6b31'; // "wagewatch-dev-k1"
const DEV_LOOKUP_HEX = Buffer.from('wagewatch-development-lookup-key-do-not-use-in-prod').toString('hex');
const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;

export const DEV_PERSONAL_DATA_KEYS: PersonalDataKeys = {
  keys: new Map([[DEV_PERSONAL_DATA_KEY_ID, Buffer.from(DEV_KEY_HEX, 'hex')]]),
  writeKeyId: DEV_PERSONAL_DATA_KEY_ID,
  lookupKey: Buffer.from(DEV_LOOKUP_HEX, 'hex'),
  isDevDefault: true,
};

/** Reads the three settings; `fail` throws the config error. No key is ever echoed in a message. */
export function parsePersonalDataKeys(
  env: Record<string, string | undefined>,
  nodeEnv: string,
  fail: (message: string) => never,
): PersonalDataKeys {
  const raw = env.PERSONAL_DATA_KEYS?.trim();
  const lookup = env.PERSONAL_DATA_LOOKUP_KEY?.trim();
  if (!raw && !lookup && !env.PERSONAL_DATA_KEY_ID) {
    if (nodeEnv === 'production')
      fail(
        'PERSONAL_DATA_KEYS and PERSONAL_DATA_LOOKUP_KEY are required when NODE_ENV=production (the development keys are refused)',
      );
    return DEV_PERSONAL_DATA_KEYS;
  }
  if (!raw) fail('PERSONAL_DATA_KEYS must be set with PERSONAL_DATA_LOOKUP_KEY or PERSONAL_DATA_KEY_ID');
  const keys = new Map<string, Buffer>();
  for (const [i, entry] of raw.split(',').entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    const hex = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id))
      fail(`PERSONAL_DATA_KEYS entry ${i + 1} must be "id:key", the id 1–32 of A-Z a-z 0-9 . _ -`);
    if (!/^[0-9a-fA-F]{32}$/.test(hex))
      fail(`PERSONAL_DATA_KEYS key "${id}" must be 32 hex digits (an SM4 key is 128 bits)`);
    if (keys.has(id)) fail(`PERSONAL_DATA_KEYS names the key id "${id}" twice`);
    keys.set(id, Buffer.from(hex, 'hex'));
  }
  const writeKeyId = env.PERSONAL_DATA_KEY_ID?.trim() || (keys.size === 1 ? [...keys.keys()][0] : '');
  if (!writeKeyId) fail('PERSONAL_DATA_KEY_ID must name the key new values are written with');
  if (!keys.has(writeKeyId)) fail(`PERSONAL_DATA_KEY_ID "${writeKeyId}" is not in PERSONAL_DATA_KEYS`);
  if (!lookup || !/^[0-9a-fA-F]{64,}$/.test(lookup))
    fail('PERSONAL_DATA_LOOKUP_KEY must be at least 64 hex digits (256 bits)');
  return { keys, writeKeyId, lookupKey: Buffer.from(lookup, 'hex'), isDevDefault: false };
}
