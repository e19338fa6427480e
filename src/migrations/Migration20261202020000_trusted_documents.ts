import { Migration } from '@mikro-orm/migrations';

/**
 * Trusted documents city HRSS registers beside the release manifest. A document's id is the
 * SHA-256 of its body, so a row never changes meaning: it is only ever retired, never rewritten.
 */
export class Migration20261202020000_trusted_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "trusted_document" (
      "id" varchar(64) primary key,
      "name" varchar(128) not null,
      "type" varchar(12) not null,
      "body" text not null,
      "note" text null,
      "registered_by" text not null,
      "registered_at" timestamptz not null,
      "retired_at" timestamptz null,
      "retired_by" text null,
      constraint "trusted_document_type_check" check ("type" in ('query', 'mutation', 'subscription')),
      constraint "trusted_document_id_check" check ("id" ~ '^[0-9a-f]{64}$'));`);
    // the list's keyset order (newest first)
    this.addSql(
      `create index "trusted_document_registered_at_id_index" on "trusted_document" ("registered_at", "id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "trusted_document";`);
  }
}
