import { Migration } from '@mikro-orm/migrations';

/** The dynamic zero's case deadlines as data (R12): working days from receipt and from filing, by version. */
export class Migration20261203900100_case_deadline_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_deadline_rules" ("id" uuid not null, "effective_from" date not null,
        "unordered_within_working_days" int not null, "filed_within_working_days" int not null,
        "set_by" text not null, "set_at" timestamptz not null default now(),
        constraint "case_deadline_rules_pkey" primary key ("id"),
        constraint "case_deadline_rules_unordered_check" check ("unordered_within_working_days" between 1 and 60),
        constraint "case_deadline_rules_filed_check" check ("filed_within_working_days" between 1 and 90));`,
    );
    this.addSql(
      `alter table "case_deadline_rules" add constraint "case_deadline_rules_effective_from_unique" unique ("effective_from");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_deadline_rules" cascade;`);
  }
}
