/**
 * The last step of a key rotation: every worker's numbers still under another key than the writing
 * one are decrypted and encrypted again with it, a batch at a time, each batch its own transaction
 * (rows are locked only while their batch runs). The lookup hashes and masked forms do not change.
 * Afterwards the old key can leave PERSONAL_DATA_KEYS. `npm run personal-data:reencrypt`.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../db/sql';
import { decryptPersonal, encryptPersonal, writeKeyId } from '../../personal-data/cipher';

export async function reencryptPersonalData(em: EntityManager, batch = 1000): Promise<number> {
  const prefix = `v1.${writeKeyId()}.`;
  let done = 0;
  for (;;) {
    const n = await em.transactional(async (tx) => {
      const rows = await sql<{ id: string; i: string; c: string }>(
        tx as EntityManager,
        `select id::text, id_number_enc as i, card_enc as c from worker
          where not (starts_with(id_number_enc, ?) and starts_with(card_enc, ?))
          order by id limit ? for update skip locked`,
        [prefix, prefix, batch],
      );
      if (!rows.length) return 0;
      await sql(
        tx as EntityManager,
        `update worker w set id_number_enc = v.i, card_enc = v.c
           from unnest(?::uuid[], ?::text[], ?::text[]) as v(id, i, c) where w.id = v.id`,
        [
          rows.map((r) => r.id),
          rows.map((r) => encryptPersonal(decryptPersonal(r.i))),
          rows.map((r) => encryptPersonal(decryptPersonal(r.c))),
        ],
      );
      return rows.length;
    });
    done += n;
    if (n < batch) return done;
  }
}
