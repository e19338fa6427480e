import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InboundDocument } from '../../adapters/bank-adapter';

export const fixturePath = (rel: string): string => join(__dirname, '..', 'fixtures', rel);
export const fixture = (rel: string): Buffer => readFileSync(fixturePath(rel));

export function inbound(body: Buffer | string, extra: Partial<InboundDocument> = {}): InboundDocument {
  return {
    bankCode: 'test-bank',
    contentType: 'application/xml',
    charset: null,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    ...extra,
  };
}

/** Runs `fn` and returns the error it throws (failing the test if it does not throw). */
export function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a throw');
}
