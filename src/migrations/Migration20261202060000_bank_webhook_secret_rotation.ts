import { Migration } from '@mikro-orm/migrations';

/**
 * A bank's webhook secret can be rotated with an overlap: the secret it replaced stays accepted
 * until `previous_webhook_secret_until`, so the bank can switch its signer without a refused push.
 * The two columns are set and cleared together.
 */
export class Migration20261202060000_bank_webhook_secret_rotation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "bank"
      add column "previous_webhook_secret" text null,
      add column "previous_webhook_secret_until" timestamptz null,
      add column "webhook_secret_rotated_at" timestamptz null;`);
    this.addSql(`alter table "bank" add constraint "bank_previous_webhook_secret_check"
      check (("previous_webhook_secret" is null) = ("previous_webhook_secret_until" is null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "bank" drop constraint if exists "bank_previous_webhook_secret_check";`);
    this.addSql(`alter table "bank"
      drop column if exists "previous_webhook_secret",
      drop column if exists "previous_webhook_secret_until",
      drop column if exists "webhook_secret_rotated_at";`);
  }
}
