import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log: every mutation and every answer that carried personal data, who asked and when.
 * Append-only in the database itself: an UPDATE is refused, and a DELETE only inside the retention
 * purge (which sets wagewatch.audit_purge for its own transaction), so no code path can rewrite it.
 */
export class Migration20261201140200_audit_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" (
      "id" bigserial primary key,
      "at" timestamptz not null,
      "kind" varchar(24) not null,
      "sub" text not null, "org" varchar(32) not null, "district" varchar(6) not null,
      "bank" varchar(32) null, "uscc" varchar(18) null,
      "token_hash" varchar(16) not null,
      "operation_name" text null,
      "object_ids" text[] not null default '{}',
      "outcome" varchar(40) not null,
      "request_id" varchar(64) null,
      constraint "audit_entry_kind_check" check ("kind" in ('MUTATION', 'PERSONAL_DATA_READ')));`);
    this.addSql(`create index "audit_entry_at_id_index" on "audit_entry" ("at", "id");`);
    this.addSql(`create index "audit_entry_sub_at_index" on "audit_entry" ("sub", "at");`);
    this.addSql(`create function "audit_entry_append_only"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and current_setting('wagewatch.audit_purge', true) = 'on' then return old; end if;
        raise exception 'audit entries are append-only (% refused)', tg_op;
      end $$;`);
    this.addSql(
      `create trigger "audit_entry_append_only" before update or delete on "audit_entry" for each row execute function "audit_entry_append_only"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry";`);
    this.addSql(`drop function if exists "audit_entry_append_only"();`);
  }
}
