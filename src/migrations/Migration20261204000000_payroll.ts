import { Migration } from '@mikro-orm/migrations';

/**
 * Payroll through the special account (R6; Regulation arts. 11–14, 31). The contractor submits a
 * month's payroll per team (工资支付表) under its own number (the national platform's
 * `thirdPayRollCode`, so a replay is found by it); the account's bank reports each line's result.
 *
 * A line keeps the card it was to be paid to, as the worker's own card is kept: SM4-encrypted,
 * found by the keyed hash, shown masked. `pay_month` is copied onto the line because every check
 * the hub runs (attended but not paid, the ledger) reads a month across a project's payrolls.
 * `first_failed_on` survives a later payment: how long a failure stayed unresolved is a fact the
 * PAYMENT_FAILED_UNRESOLVED rule and a case officer both need.
 */
export class Migration20261204000000_payroll extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "payroll" ("id" uuid not null, "project_id" uuid not null, "team_id" uuid not null,
        "reference" varchar(64) not null, "pay_month" char(7) not null, "content_hash" char(64) not null,
        "submitted_by" varchar(80) not null, "submitted_at" timestamptz not null default now(),
        constraint "payroll_pkey" primary key ("id"),
        constraint "payroll_project_reference_unique" unique ("project_id", "reference"),
        constraint "payroll_month_check" check ("pay_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        constraint "payroll_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
        constraint "payroll_team_id_foreign" foreign key ("team_id") references "work_team" ("id") on update cascade);`,
    );
    // a team's payrolls month by month, and the project's payroll list in keyset order
    this.addSql(`create index "payroll_team_month_index" on "payroll" ("team_id", "pay_month");`);
    this.addSql(`create index "payroll_project_id_id_index" on "payroll" ("project_id", "id");`);
    this.addSql(
      `create table "payroll_line" ("id" uuid not null, "payroll_id" uuid not null, "project_id" uuid not null,
        "worker_id" uuid not null, "pay_month" char(7) not null, "days" numeric(4,1) not null,
        "gross_fen" bigint not null, "net_fen" bigint not null,
        "card_enc" text not null, "card_hash" char(64) not null, "card_masked" varchar(32) not null,
        "status" varchar(8) not null default 'PENDING', "bank_event_id" varchar(128) null,
        "paid_on" date null, "first_failed_on" date null, "failure_reason" text null,
        "result_at" timestamptz null,
        constraint "payroll_line_pkey" primary key ("id"),
        constraint "payroll_line_payroll_worker_unique" unique ("payroll_id", "worker_id"),
        constraint "payroll_line_status_check" check ("status" in ('PENDING', 'PAID', 'FAILED')),
        constraint "payroll_line_amounts_check" check ("gross_fen" >= 0 and "net_fen" >= 0 and "net_fen" <= "gross_fen"),
        constraint "payroll_line_days_check" check ("days" >= 0 and "days" <= 31),
        constraint "payroll_line_paid_check" check ("status" <> 'PAID' or "paid_on" is not null),
        constraint "payroll_line_payroll_id_foreign" foreign key ("payroll_id") references "payroll" ("id") on update cascade,
        constraint "payroll_line_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
        constraint "payroll_line_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade);`,
    );
    this.addSql(
      `create index "payroll_line_project_month_index" on "payroll_line" ("project_id", "pay_month");`,
    );
    this.addSql(
      `create index "payroll_line_worker_month_index" on "payroll_line" ("worker_id", "pay_month");`,
    );
    this.addSql(`create index "payroll_line_card_hash_index" on "payroll_line" ("card_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "payroll_line" cascade;`);
    this.addSql(`drop table if exists "payroll" cascade;`);
  }
}
