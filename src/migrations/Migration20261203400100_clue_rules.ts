import { Migration } from '@mikro-orm/migrations';

/** The clue rule as data: the working days to close a clue, by the day it takes effect. */
export class Migration20261203400100_clue_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "clue_rules" ("id" uuid not null, "effective_from" date not null, "close_within_working_days" int not null,
        "set_by" text not null, "set_at" timestamptz not null default now(),
        constraint "clue_rules_pkey" primary key ("id"),
        constraint "clue_rules_days_check" check ("close_within_working_days" between 1 and 60));`,
    );
    this.addSql(
      `alter table "clue_rules" add constraint "clue_rules_effective_from_unique" unique ("effective_from");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "clue_rules" cascade;`);
  }
}
