import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import { badInput } from '../domain/errors';

/**
 * What every service call receives: the caller's own forked EntityManager (inside the entry
 * point's transaction for writes) and who is asking. Services never commit on their own.
 */
export interface ServiceContext {
  em: EntityManager;
  caller: Caller;
}

/** Text inputs: trimmed, non-empty, bounded; the message names the field. */
export function requiredText(value: string, field: string, max = 200): string {
  const text = value.trim();
  if (!text) throw badInput(field, 'must not be empty');
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  return text;
}
