/**
 * The bank profiles the push route reads (secrets, adapter options), kept per process so that a
 * push does not look its bank up before its body is read: that look-up was one round trip and a
 * MikroORM hydration a push, a tenth of a small push's time.
 *
 * Why a kept profile is safe although other hub processes (or GraphQL here) may change the bank:
 * it is only a hint. Each profile carries its row's `version` (an md5 of the whole row as text),
 * and the push's transaction checks it in its first statement (push-intake.ts): a push read with
 * an outdated profile stores nothing and is taken again with the profile read anew. A signature
 * the kept profile refuses is checked again against a fresh read too, so a rotated secret signs at
 * once. Only banks that exist are kept (an unknown code is looked up every time, and never grows
 * the map); banks are a short fixed list.
 */
import type { MikroORM } from '@mikro-orm/postgresql';

export interface BankProfile {
  code: string;
  webhookSecret: string;
  previousWebhookSecret: string | null;
  previousWebhookSecretUntil: Date | null;
  adapterOptions: Record<string, unknown>;
  /** md5 of the bank row as text: changes with any column */
  version: string;
}

/** The expression a statement compares a profile's `version` with (alias `b` for the bank row). */
export const BANK_VERSION_SQL = 'md5(b::text)';

export class BankProfiles {
  private readonly kept = new Map<string, BankProfile>();

  constructor(private readonly orm: MikroORM) {}

  /** The kept profile, or one read now; null for a bank the hub does not know. */
  async get(code: string): Promise<{ profile: BankProfile; fromCache: boolean } | null> {
    const kept = this.kept.get(code);
    if (kept) return { profile: kept, fromCache: true };
    const profile = await this.read(code);
    return profile ? { profile, fromCache: false } : null;
  }

  /** Reads the bank again (its kept profile turned out outdated). */
  async read(code: string): Promise<BankProfile | null> {
    const knex = this.orm.em.getKnex();
    const { rows } = await knex.raw(
      `select b.code, b.webhook_secret, b.previous_webhook_secret, b.previous_webhook_secret_until,
              b.adapter_options, ${BANK_VERSION_SQL} as version
         from bank b where b.code = ?`,
      [code],
    );
    const row = rows[0];
    if (!row) {
      this.kept.delete(code);
      return null;
    }
    const profile: BankProfile = {
      code: row.code,
      webhookSecret: row.webhook_secret,
      previousWebhookSecret: row.previous_webhook_secret,
      previousWebhookSecretUntil: row.previous_webhook_secret_until
        ? new Date(row.previous_webhook_secret_until)
        : null,
      adapterOptions: row.adapter_options ?? {},
      version: row.version,
    };
    this.kept.set(code, profile);
    return profile;
  }

  forget(code: string): void {
    this.kept.delete(code);
  }
}
