import { Migration } from '@mikro-orm/migrations';

/**
 * account_event gains the lookup hash of a DEBIT's counterparty card (lookupHash('CARD', …), as
 * workers' and payroll lines' cards are hashed), written at intake. Why: PAID_OUTSIDE_PAYROLL is
 * judged at every push over all the project's debits, and each debit's card was hashed in Node
 * on every evaluation — with 200 debits an account, ten accounts a push, that was most of a small
 * push's time, and it grew with the history. With the hash stored, PostgreSQL compares it with
 * the project's cards itself. Rows stored before (null here) are still hashed in Node, so no
 * backfill is needed (the lookup key never rotates: reencrypt.ts).
 */
export class Migration20261205000000_event_counterparty_card_hash extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "account_event" add column "counterparty_card_hash" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "account_event" drop column "counterparty_card_hash";`);
  }
}
