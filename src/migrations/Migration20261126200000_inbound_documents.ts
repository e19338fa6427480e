import { Migration } from '@mikro-orm/migrations';

/**
 * The raw archive of bank pushes: every document an adapter could read, byte for byte, with the
 * counts of its intake; each event stored from it points back to it (null for GraphQL intake and
 * for events stored before this migration).
 */
export class Migration20261126200000_inbound_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "inbound_document" ("id" uuid not null, "bank_code" varchar(32) not null,
        "content_type" varchar(100) not null, "charset" text null, "body" bytea not null,
        "sha256" char(64) not null, "size" int not null, "received_at" timestamptz not null,
        "adapter" varchar(64) not null, "account_no_hint" text null, "webhook_id" text null,
        "accepted" int not null default 0, "duplicates" int not null default 0,
        "unmatched" int not null default 0, "rejected" int not null default 0,
        constraint "inbound_document_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "inbound_document_received_at_id_index" on "inbound_document" ("received_at", "id");`,
    );
    this.addSql(
      `create index "inbound_document_bank_code_received_at_id_index" on "inbound_document" ("bank_code", "received_at", "id");`,
    );
    this.addSql(
      `alter table "inbound_document" add constraint "inbound_document_bank_code_foreign" foreign key ("bank_code") references "bank" ("code") on update cascade;`,
    );
    // What the archive promises about the bytes, checked where no writer can skip it.
    this.addSql(
      `alter table "inbound_document" add constraint "inbound_document_size_check" check ("size" = octet_length("body"));`,
    );
    this.addSql(
      `alter table "inbound_document" add constraint "inbound_document_sha256_check" check ("sha256" ~ '^[0-9a-f]{64}$');`,
    );

    this.addSql(`alter table "account_event" add column "document_id" uuid null;`);
    this.addSql(
      `alter table "account_event" add constraint "account_event_document_id_foreign" foreign key ("document_id") references "inbound_document" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `create index "account_event_document_id_index" on "account_event" ("document_id") where "document_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "account_event" drop column if exists "document_id";`);
    this.addSql(`drop table if exists "inbound_document" cascade;`);
  }
}
