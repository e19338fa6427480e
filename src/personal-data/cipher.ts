/**
 * Workers' ID and card numbers at rest: SM4 (GB/T 32907, the national standard block cipher) in
 * CBC mode with a random IV, then an HMAC-SHA256 tag over key id, IV and ciphertext (Node's
 * OpenSSL has no sm4-gcm, so integrity is added, encrypt-then-MAC). A stored value reads
 * `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url), so any key of the ring decrypts what it wrote.
 *
 * Lookups never decrypt: `lookupHash` is an HMAC of the normalised number under a key of its own,
 * stored beside the ciphertext and indexed; equal numbers give equal hashes, nothing else does.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEV_PERSONAL_DATA_KEYS, type PersonalDataKeys } from './keys';

let ring: PersonalDataKeys = DEV_PERSONAL_DATA_KEYS;

/** Set once at start-up from the settings (src/config.ts); until then the development keys. */
export function usePersonalDataKeys(keys: PersonalDataKeys): void {
  ring = keys;
}

const macKeyOf = (key: Buffer): Buffer => createHmac('sha256', key).update('wagewatch-sm4-mac').digest();
const b64 = (b: Buffer): string => b.toString('base64url');

export function encryptPersonal(plain: string): string {
  const keyId = ring.writeKeyId;
  const key = ring.keys.get(keyId)!;
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = createHmac('sha256', macKeyOf(key)).update(`${keyId}.`).update(iv).update(ct).digest();
  return `v1.${keyId}.${b64(iv)}.${b64(ct)}.${b64(tag.subarray(0, 16))}`;
}

export class PersonalDataKeyError extends Error {
  override name = 'PersonalDataKeyError';
}

export function decryptPersonal(stored: string): string {
  const [version, keyId, ivText, ctText, tagText] = stored.split('.');
  if (version !== 'v1' || tagText === undefined) throw new PersonalDataKeyError('not an encrypted value');
  const key = ring.keys.get(keyId);
  if (!key)
    throw new PersonalDataKeyError(`encrypted with key "${keyId}", which PERSONAL_DATA_KEYS no longer holds`);
  const iv = Buffer.from(ivText, 'base64url');
  const ct = Buffer.from(ctText, 'base64url');
  const tag = createHmac('sha256', macKeyOf(key)).update(`${keyId}.`).update(iv).update(ct).digest();
  const given = Buffer.from(tagText, 'base64url');
  if (given.length !== 16 || !timingSafeEqual(given, tag.subarray(0, 16)))
    throw new PersonalDataKeyError('the stored value was altered (its tag does not match)');
  const decipher = createDecipheriv('sm4-cbc', key, iv);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
}

/** The key id a stored value was written with (to find rows still under an old key). */
export const keyIdOf = (stored: string): string => stored.split('.')[1] ?? '';

export function lookupHash(kind: 'ID' | 'CARD', normalized: string): string {
  return createHmac('sha256', ring.lookupKey).update(`${kind}:${normalized}`).digest('hex');
}

/** A keyed digest of a row's content (which holds numbers): tells a replay from a correction. */
export function contentHash(content: unknown): string {
  return createHmac('sha256', ring.lookupKey)
    .update(`CONTENT:${JSON.stringify(content)}`)
    .digest('hex');
}

/** The id of the key new values are written with. */
export const writeKeyId = (): string => ring.writeKeyId;
