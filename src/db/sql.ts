import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs SQL with `?` placeholders as bind parameters, on the transaction's connection when there is
 * one. `em.execute` would write the values into the SQL text (escaping them character by
 * character), which for a batch's JSON parameter costs more than the insert itself.
 */
export async function sql<T = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const knex = em.getTransactionContext() ?? em.getKnex();
  const result = await knex.raw(text, params as never);
  return (result.rows ?? []) as T[];
}
