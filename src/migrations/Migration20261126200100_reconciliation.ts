import { Migration } from '@mikro-orm/migrations';

/** Reconciliation alerts carry the statement's figures. */
export class Migration20261126200100_reconciliation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "alert" add column "details" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert" drop column if exists "details";`);
  }
}
