/**
 * The last step of a key rotation: every encrypted number (workers' ID, card and phone; the
 * labour-wage managers' ID and phone; team leaders' ID; payroll lines' cards) still under another key than the writing
 * one is decrypted and encrypted again with it, a batch at a time, each batch its own transaction
 * (rows are locked only while their batch runs, and skipped if a request holds them: the next run
 * takes them). Lookup hashes and masked forms do not change. Afterwards the old key can leave
 * PERSONAL_DATA_KEYS. `npm run personal-data:reencrypt`.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import { decryptPersonal, encryptPersonal, writeKeyId } from '../../personal-data/cipher';

const ENCRYPTED: { table: string; key: string; columns: string[] }[] = [
  { table: 'worker', key: 'id', columns: ['id_number_enc', 'card_enc', 'phone_enc'] },
  { table: 'labour_wage_manager', key: 'project_id', columns: ['id_number_enc', 'phone_enc'] },
  { table: 'work_team', key: 'id', columns: ['leader_id_enc'] },
  // the card a payroll line pays (R6), kept as the worker's own is
  { table: 'payroll_line', key: 'id', columns: ['card_enc'] },
];

const again = (v: string | null): string | null => (v === null ? null : encryptPersonal(decryptPersonal(v)));

export async function reencryptPersonalData(em: EntityManager, batch = 1000): Promise<number> {
  const prefix = `v1.${writeKeyId()}.`;
  let done = 0;
  for (const { table, key, columns } of ENCRYPTED) {
    const stale = columns.map((c) => `(${c} is not null and not starts_with(${c}, ?))`).join(' or ');
    for (;;) {
      const n = await em.transactional(async (tx) => {
        const rows = await sql<Record<string, string | null>>(
          tx as EntityManager,
          `select ${key}::text as k, ${columns.join(', ')} from ${table} where ${stale}
            order by ${key} limit ? for update skip locked`,
          [...columns.map(() => prefix), batch],
        );
        if (!rows.length) return 0;
        await sql(
          tx as EntityManager,
          `update ${table} t set ${columns.map((c) => `${c} = v.${c}`).join(', ')}
             from jsonb_to_recordset(?::jsonb) as v(k uuid, ${columns.map((c) => `${c} text`).join(', ')})
            where t.${key} = v.k`,
          [
            JSON.stringify(
              rows.map((r) => Object.fromEntries([['k', r.k], ...columns.map((c) => [c, again(r[c])])])),
            ),
          ],
        );
        return rows.length;
      });
      done += n;
      if (n < batch) break;
    }
  }
  return done;
}
