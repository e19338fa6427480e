import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { conflict } from '../domain/errors';

/** Turns the database's unique constraint into a CONFLICT that says what already exists. */
export async function conflictOnDuplicate<T>(
  work: () => Promise<T>,
  message: string,
  field?: string,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw conflict(message, field);
    throw err;
  }
}
