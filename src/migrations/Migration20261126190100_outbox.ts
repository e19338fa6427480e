import { Migration } from '@mikro-orm/migrations';

/** Outbound notices (the outbox) and where each recipient receives them. */
export class Migration20261126190100_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox_notice" ("id" uuid not null default gen_random_uuid(), "topic" text not null,
        "recipient" text not null, "dedupe_key" text not null, "payload" jsonb not null,
        "status" varchar(16) not null default 'PENDING', "attempts" int not null default 0,
        "next_attempt_at" timestamptz not null default now(), "last_error" text null,
        "last_http_status" int null, "created_at" timestamptz not null default now(),
        "delivered_at" timestamptz null, constraint "outbox_notice_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "outbox_notice" add constraint "outbox_notice_dedupe_key_unique" unique ("dedupe_key");`,
    );
    // The relay's scan: due PENDING rows in next_attempt_at order.
    this.addSql(
      `create index "outbox_notice_status_next_attempt_at_index" on "outbox_notice" ("status", "next_attempt_at");`,
    );
    // The operators' list, newest first, keyset-paged.
    this.addSql(`create index "outbox_notice_created_at_id_index" on "outbox_notice" ("created_at", "id");`);
    this.addSql(
      `alter table "outbox_notice" add constraint "outbox_notice_status_check" check ("status" in ('PENDING','DELIVERED','FAILED'));`,
    );
    this.addSql(
      `alter table "outbox_notice" add constraint "outbox_notice_attempts_check" check ("attempts" >= 0);`,
    );
    this.addSql(
      `alter table "outbox_notice" add constraint "outbox_notice_delivered_check" check ("status" <> 'DELIVERED' or "delivered_at" is not null);`,
    );

    this.addSql(
      `create table "notice_endpoint" ("recipient" text not null, "url" text not null, "webhook_secret" text not null,
        "updated_at" timestamptz not null default now(), "updated_by" text not null,
        constraint "notice_endpoint_pkey" primary key ("recipient"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notice_endpoint" cascade;`);
    this.addSql(`drop table if exists "outbox_notice" cascade;`);
  }
}
