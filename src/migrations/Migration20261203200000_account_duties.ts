import { Migration } from '@mikro-orm/migrations';

/**
 * The special account's own duties and frozen funds (R5, R10, R13): the filing of the account with
 * the supervising department, a government-investment project's verified funding arrangement, the
 * court and order of a bank's FREEZE_ATTEMPT, the supervising department's objection to a freeze,
 * and the objection period city HRSS keeps beside the deposit rules (default 5 working days: the
 * hub's own; RULES.md "Frozen funds" found no period in a primary text).
 */
export class Migration20261203200000_account_duties extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "project" add column "government_investment" boolean not null default false;`);
    this.addSql(
      `alter table "account_event" add column "court" text null, add column "order_no" varchar(64) null;`,
    );
    this.addSql(
      `alter table "deposit_rules" add column "freeze_objection_working_days" int not null default 5;`,
    );
    this.addSql(
      `create table "special_account_filing" ("id" uuid not null, "project_id" uuid not null, "filed_on" date not null,
        "filed_with" varchar(40) not null, "reference" text not null, "recorded_by" text not null,
        "created_at" timestamptz not null default now(),
        constraint "special_account_filing_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "special_account_filing" add constraint "special_account_filing_project_id_unique" unique ("project_id");`,
    );
    this.addSql(
      `alter table "special_account_filing" add constraint "special_account_filing_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade;`,
    );
    this.addSql(
      `create table "funding_arrangement" ("id" uuid not null, "project_id" uuid not null, "verified_on" date not null,
        "source" text not null, "amount_fen" bigint null, "reference" text not null, "recorded_by" text not null,
        "created_at" timestamptz not null default now(),
        constraint "funding_arrangement_pkey" primary key ("id"),
        constraint "funding_arrangement_amount_check" check ("amount_fen" is null or "amount_fen" > 0));`,
    );
    this.addSql(
      `alter table "funding_arrangement" add constraint "funding_arrangement_project_id_unique" unique ("project_id");`,
    );
    this.addSql(
      `alter table "funding_arrangement" add constraint "funding_arrangement_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade;`,
    );
    this.addSql(
      `create table "freeze_objection" ("id" uuid not null, "project_id" uuid not null, "account_event_id" bigint not null,
        "objected_on" date not null, "reference" text not null, "note" text null, "recorded_by" text not null,
        "created_at" timestamptz not null default now(),
        constraint "freeze_objection_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "freeze_objection" add constraint "freeze_objection_account_event_id_unique" unique ("account_event_id");`,
    );
    this.addSql(
      `alter table "freeze_objection" add constraint "freeze_objection_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "freeze_objection" add constraint "freeze_objection_account_event_id_foreign" foreign key ("account_event_id") references "account_event" ("id") on update cascade;`,
    );
    this.addSql(`create index "freeze_objection_project_id_index" on "freeze_objection" ("project_id");`);
    // the duty facts read a batch's account events by type (opened, closed, freeze attempts)
    this.addSql(
      `create index "account_event_duty_types_index" on "account_event" ("bank_code", "account_no", "type")
        where "type" in ('ACCOUNT_OPENED', 'ACCOUNT_CLOSED', 'FREEZE_ATTEMPT');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "account_event_duty_types_index";`);
    this.addSql(`drop table if exists "freeze_objection" cascade;`);
    this.addSql(`drop table if exists "funding_arrangement" cascade;`);
    this.addSql(`drop table if exists "special_account_filing" cascade;`);
    this.addSql(`alter table "deposit_rules" drop column "freeze_objection_working_days";`);
    this.addSql(`alter table "account_event" drop column "court", drop column "order_no";`);
    this.addSql(`alter table "project" drop column "government_investment";`);
  }
}
