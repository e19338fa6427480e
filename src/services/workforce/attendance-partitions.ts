/**
 * attendance_punch is partitioned by month (see its migration for why). A month's partition is
 * made the first time punches of that month arrive, on a connection of its own and committed at
 * once: the batch's own transaction then only inserts, and never holds the parent's exclusive lock
 * that creating a partition takes while it writes thousands of rows. Concurrent first batches of
 * a month are serialised by an advisory lock on the partition's name; `if not exists` does the rest.
 * Months are Asia/Shanghai calendar months, so a month's valid days read one partition.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

const known = new Set<string>();

export const partitionName = (month: string): string =>
  `attendance_punch_y${month.slice(0, 4)}m${month.slice(5, 7)}`;

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** `months`: "YYYY-MM" Shanghai months. */
export async function ensureAttendancePartitions(em: EntityManager, months: Iterable<string>): Promise<void> {
  const knex = em.getKnex(); // the pool, not the caller's transaction
  const dbKey = (em.getConnection().getClientUrl?.() ?? '') as string;
  for (const month of [...new Set(months)].sort()) {
    const name = partitionName(month);
    if (known.has(`${dbKey}|${name}`)) continue;
    const [{ exists }] = (await knex.raw(`select to_regclass(?) is not null as exists`, [name])).rows;
    if (!exists)
      await knex.transaction(async (trx) => {
        await trx.raw(`select pg_advisory_xact_lock(hashtext(?))`, [name]);
        await trx.raw(
          `create table if not exists "${name}" partition of attendance_punch
             for values from ('${month}-01 00:00:00+08') to ('${nextMonth(month)}-01 00:00:00+08')`,
        );
      });
    known.add(`${dbKey}|${name}`);
  }
}
