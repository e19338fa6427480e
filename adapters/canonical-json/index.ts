import {
  DocumentRejected,
  type AdapterResult,
  type BankAdapter,
  type InboundDocument,
} from '../bank-adapter';
import type { AccountEvent, RejectedEvent } from '../../src/domain/account-event';
import { toAccountEvent } from './validate-event';

/** The most events one push may carry; larger statements come as several pushes. */
export const MAX_EVENTS_PER_PUSH = 5000;

/** `application/json`: `{ "events": [AccountEventInput, …] }`, the contract's own shape. */
export const canonicalJsonAdapter: BankAdapter = {
  name: 'canonical-json',
  contentTypes: ['application/json'],
  accepts: (doc) => doc.contentType === 'application/json',
  parse(doc: InboundDocument): AdapterResult {
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(doc.body));
    } catch (err) {
      throw new DocumentRejected(
        `the body is not valid UTF-8 JSON: ${(err as Error).message}`,
        'MALFORMED_JSON',
      );
    }
    const events = (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(events))
      throw new DocumentRejected('the body must be an object with an "events" array', 'MALFORMED_JSON');
    if (events.length > MAX_EVENTS_PER_PUSH) {
      throw new DocumentRejected(
        `events: at most ${MAX_EVENTS_PER_PUSH} per push, got ${events.length}`,
        'TOO_MANY_EVENTS',
      );
    }
    return validateAll(events);
  },
};

export function validateAll(inputs: readonly unknown[]): AdapterResult {
  const accepted: AccountEvent[] = [];
  const eventIndexes: number[] = [];
  const rejected: RejectedEvent[] = [];
  inputs.forEach((input, index) => {
    const result = toAccountEvent(input, index);
    if ('event' in result) {
      accepted.push(result.event);
      eventIndexes.push(index);
    } else rejected.push(result.rejected);
  });
  return { events: accepted, rejected, statements: [], eventIndexes };
}
