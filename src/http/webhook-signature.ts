import { updateInSlices } from '../domain/hash-in-slices';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { now as clockNow } from '../clock';

/** Standard Webhooks allows this much clock difference, in both directions. */
export const TOLERANCE_SECONDS = 5 * 60;

export class SignatureRefused extends Error {
  override name = 'SignatureRefused';
}

export interface SignatureHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * Verifies a Standard Webhooks signature: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
 * where the key is the base64 after `whsec_`. Several space-separated signatures may be sent
 * (a bank rotating its secret); one match is enough. `secrets` are the keys the hub accepts (the
 * current one, and during a rotation's overlap the one it replaced); returns which one matched.
 */
export function verifySignature(
  secrets: string | readonly string[],
  headers: SignatureHeaders,
  body: Buffer,
  now: Date,
): number {
  checkSignatureHeaders(headers, now);
  // present: checked just above
  const [id, timestamp, signature] = [headers.id!, headers.timestamp!, headers.signature!];
  const sent = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => part.slice(3));
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  const matched = keys.findIndex((secret) => {
    const expected = sign(secret, id, timestamp, body);
    return sent.some((part) => safeEqual(part, expected));
  });
  if (matched < 0) throw new SignatureRefused('webhook-signature does not match');
  return matched;
}

/** verifySignature for a large body: the HMAC computed a slice at a time (hash-in-slices.ts). */
export async function verifySignatureInSlices(
  secrets: string | readonly string[],
  headers: SignatureHeaders,
  body: Buffer,
  now: Date,
): Promise<number> {
  checkSignatureHeaders(headers, now);
  const [id, timestamp, signature] = [headers.id!, headers.timestamp!, headers.signature!];
  const sent = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => part.slice(3));
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  for (let i = 0; i < keys.length; i++) {
    const key = Buffer.from(keys[i].replace(/^whsec_/, ''), 'base64');
    const hmac = createHmac('sha256', key).update(`${id}.${timestamp}.`);
    const expected = (await updateInSlices(hmac, body)).digest('base64');
    if (sent.some((part) => safeEqual(part, expected))) return i;
  }
  throw new SignatureRefused('webhook-signature does not match');
}

/**
 * What can be checked before the body is read: the three headers are there, the timestamp is Unix
 * seconds within the tolerance. A push failing this is refused without buffering its body.
 */
export function checkSignatureHeaders(headers: SignatureHeaders, now: Date): void {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    throw new SignatureRefused('webhook-id, webhook-timestamp and webhook-signature headers are required');
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new SignatureRefused('webhook-timestamp must be Unix seconds');
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > TOLERANCE_SECONDS) {
    throw new SignatureRefused(
      `webhook-timestamp is ${skew} s away from the hub's clock (at most ${TOLERANCE_SECONDS} s)`,
    );
  }
  if (!signature.split(' ').some((part) => part.startsWith('v1,'))) {
    throw new SignatureRefused('webhook-signature does not match');
  }
}

export function sign(secret: string, id: string, timestamp: string, body: Buffer): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

/** Headers a bank (or a test, the demo, the bench) sends with a body. */
export function signedHeaders(
  secret: string,
  body: Buffer,
  id: string,
  now = clockNow(),
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${sign(secret, id, timestamp, body)}`,
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
