import { Migration } from '@mikro-orm/migrations';

/**
 * Replays (issue 8, item 4).
 * - `conflicting_replay`: a stored bankEventId sent again with other content. The stored event
 *   stays as it is; this keeps that it happened (which fields differed, when), for the bank and
 *   city HRSS. Field names only, never the values: no personal data.
 * - `webhook_delivery`: the first answer to each Standard Webhooks `webhook-id` per bank, so a
 *   retried push gets the same answer and is not archived again. Its primary key is what makes
 *   concurrent retries safe: the second claim waits for the first and then finds it taken. The id
 *   is keyed by its SHA-256, so a header of any length fits the index. The answer is kept as the
 *   JSON text sent (jsonb would reorder its keys, and refuses some escapes a message may hold).
 */
export class Migration20261201110000_intake_replays extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "conflicting_replay" ("id" uuid not null, "bank_code" varchar(32) not null,
        "bank_event_id" varchar(128) not null, "differing" text[] not null,
        "received_at" timestamptz not null, "document_id" uuid null,
        constraint "conflicting_replay_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "conflicting_replay_bank_code_received_at_id_index" on "conflicting_replay" ("bank_code", "received_at", "id");`,
    );
    this.addSql(
      `create index "conflicting_replay_received_at_id_index" on "conflicting_replay" ("received_at", "id");`,
    );
    this.addSql(
      `alter table "conflicting_replay" add constraint "conflicting_replay_bank_code_foreign" foreign key ("bank_code") references "bank" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "conflicting_replay" add constraint "conflicting_replay_document_id_foreign" foreign key ("document_id") references "inbound_document" ("id") on update cascade on delete set null;`,
    );
    // the reversals naming a credit, summed when one more is checked against it
    this.addSql(
      `create index "account_event_reverses_index" on "account_event" ("bank_code", "reverses") where "reverses" is not null;`,
    );
    this.addSql(
      `create table "webhook_delivery" ("bank_code" varchar(32) not null, "webhook_id_sha256" char(64) not null,
        "status" int null, "answer" text null, "received_at" timestamptz not null,
        constraint "webhook_delivery_pkey" primary key ("bank_code", "webhook_id_sha256"));`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_bank_code_foreign" foreign key ("bank_code") references "bank" ("code") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_delivery";`);
    this.addSql(`drop index if exists "account_event_reverses_index";`);
    this.addSql(`drop table if exists "conflicting_replay";`);
  }
}
