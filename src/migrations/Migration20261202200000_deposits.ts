import { Migration } from '@mikro-orm/migrations';

/**
 * R1 and R3: the wage deposit (工资保证金) and the owner's payment guarantee (工程款支付担保).
 * - `deposit_rules`: the rules city HRSS keeps as data, one version per effective date; the
 *   defaults row is the national minimum (Deposit Rules, 人社部发〔2021〕65号, in force 2021-11-01).
 *   `watched_from` null: the hub computes every project's requirement but raises no duty alert
 *   until city HRSS says from which day it holds parties to it (after loading what exists).
 * - `wage_deposit` (one instrument: cash, bank guarantee, guarantee company letter, insurance),
 *   its top-ups and HRSS's payment notices; `deposit_return` (the return's steps, one per project);
 *   `payment_guarantee`; the project's completion date.
 * - Alerts about a project's duties have no agreement: `agreement_id` becomes nullable and such an
 *   alert is unique per project, kind and due date. A payment guarantee has no amount to fall short
 *   of, so only a labour-cost alert must have a positive shortfall now.
 */
export class Migration20261202200000_deposits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "deposit_rules" (
      "id" uuid not null, "effective_from" date not null,
      "base_ratio_bp" int not null, "several_projects_ratio_bp" int null, "cap_fen" bigint null,
      "exemption_below_fen" bigint null, "arrears_raise_pct" int not null, "listed_raise_pct" int not null,
      "bank_pay_working_days" int not null, "top_up_working_days" int not null,
      "correction_working_days" int not null, "watched_from" date null,
      "set_by" text not null, "set_at" timestamptz not null default now(),
      constraint "deposit_rules_pkey" primary key ("id"),
      constraint "deposit_rules_effective_from_unique" unique ("effective_from"),
      constraint "deposit_rules_base_ratio_check" check ("base_ratio_bp" between 100 and 300),
      constraint "deposit_rules_several_check" check ("several_projects_ratio_bp" is null or "several_projects_ratio_bp" between 50 and "base_ratio_bp"),
      constraint "deposit_rules_raises_check" check ("arrears_raise_pct" >= 50 and "listed_raise_pct" >= 100));`);
    this
      .addSql(`insert into "deposit_rules" ("id", "effective_from", "base_ratio_bp", "several_projects_ratio_bp",
        "cap_fen", "exemption_below_fen", "arrears_raise_pct", "listed_raise_pct", "bank_pay_working_days",
        "top_up_working_days", "correction_working_days", "watched_from", "set_by")
      values ('6d1f7a52-6a3c-4c59-9a53-2f1d1c0e0001', '2021-11-01', 100, null, null, 300000000, 50, 100, 5, 10, 10,
        null, 'migration');`);

    this.addSql(
      `alter table "project" add column "completed_on" date null, add column "duties_swept_through" date null;`,
    );

    this.addSql(`create table "wage_deposit" (
      "id" uuid not null, "project_id" uuid not null, "form" varchar(32) not null, "issuer" text not null,
      "number" text not null, "bank_code" varchar(32) null, "amount_fen" bigint not null,
      "deposited_on" date not null, "valid_from" date not null, "valid_until" date null,
      "contract_ends_on" date null, "recorded_by" text not null, "created_at" timestamptz not null default now(),
      constraint "wage_deposit_pkey" primary key ("id"),
      constraint "wage_deposit_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
      constraint "wage_deposit_project_form_number_unique" unique ("project_id", "form", "number"),
      constraint "wage_deposit_form_check" check ("form" in ('CASH_ACCOUNT','BANK_GUARANTEE','GUARANTEE_COMPANY_LETTER','INSURANCE')),
      constraint "wage_deposit_amount_check" check ("amount_fen" > 0));`);
    this.addSql(
      `create index "wage_deposit_project_created_index" on "wage_deposit" ("project_id", "created_at", "id");`,
    );
    this.addSql(`create index "wage_deposit_created_index" on "wage_deposit" ("created_at", "id");`);
    this.addSql(
      `create index "wage_deposit_bank_index" on "wage_deposit" ("bank_code") where "bank_code" is not null;`,
    );

    this.addSql(`create table "deposit_top_up" (
      "id" uuid not null, "deposit_id" uuid not null, "amount_fen" bigint not null, "topped_up_on" date not null,
      "recorded_by" text not null, "created_at" timestamptz not null default now(),
      constraint "deposit_top_up_pkey" primary key ("id"),
      constraint "deposit_top_up_deposit_id_foreign" foreign key ("deposit_id") references "wage_deposit" ("id") on update cascade,
      constraint "deposit_top_up_amount_check" check ("amount_fen" > 0));`);
    this.addSql(
      `create index "deposit_top_up_deposit_index" on "deposit_top_up" ("deposit_id", "topped_up_on");`,
    );

    this.addSql(`create table "deposit_payment_notice" (
      "id" uuid not null, "deposit_id" uuid not null, "amount_fen" bigint not null, "notice_on" date not null,
      "pay_by" date not null, "pay_by_provisional" boolean not null default false, "case_id" uuid null,
      "paid_on" date null, "paid_recorded_at" timestamptz null, "recorded_by" text not null,
      "created_at" timestamptz not null default now(),
      constraint "deposit_payment_notice_pkey" primary key ("id"),
      constraint "deposit_payment_notice_deposit_id_foreign" foreign key ("deposit_id") references "wage_deposit" ("id") on update cascade,
      constraint "deposit_payment_notice_case_id_foreign" foreign key ("case_id") references "wage_case" ("id") on update cascade,
      constraint "deposit_payment_notice_amount_check" check ("amount_fen" > 0));`);
    this.addSql(
      `create index "deposit_payment_notice_deposit_index" on "deposit_payment_notice" ("deposit_id", "notice_on");`,
    );

    this.addSql(`create table "deposit_return" (
      "project_id" uuid not null, "publicity_starts_on" date null, "applied_on" date null,
      "promise_signed_on" date null, "reviewed_on" date null, "approved" boolean null, "review_note" text null,
      "confirmed_on" date null, "updated_by" text not null, "updated_at" timestamptz not null default now(),
      constraint "deposit_return_pkey" primary key ("project_id"),
      constraint "deposit_return_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade);`);

    this.addSql(`create table "payment_guarantee" (
      "id" uuid not null, "project_id" uuid not null, "form" varchar(32) not null, "issuer" text not null,
      "number" text not null, "amount_fen" bigint not null, "issued_on" date not null, "valid_from" date not null,
      "valid_until" date not null, "recorded_by" text not null, "created_at" timestamptz not null default now(),
      constraint "payment_guarantee_pkey" primary key ("id"),
      constraint "payment_guarantee_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
      constraint "payment_guarantee_project_form_number_unique" unique ("project_id", "form", "number"),
      constraint "payment_guarantee_form_check" check ("form" in ('BANK_GUARANTEE','GUARANTEE_COMPANY_LETTER','INSURANCE')),
      constraint "payment_guarantee_amount_check" check ("amount_fen" > 0));`);
    this.addSql(
      `create index "payment_guarantee_project_created_index" on "payment_guarantee" ("project_id", "created_at", "id");`,
    );

    // The requirement reads the contractor's arrears (cases it was found owing) and listings.
    this.addSql(
      `create index "wage_case_debtor_arrears_index" on "wage_case" ("debtor_id") where "verified_total_fen" > 0;`,
    );
    this.addSql(
      `create index "blacklist_entry_enterprise_index" on "blacklist_entry" ("enterprise_id") where "subject_kind" = 'ENTERPRISE';`,
    );

    this.addSql(`alter table "alert" alter column "agreement_id" drop not null;`);
    this.addSql(`alter table "alert" add column "correction_deadline" date null;`);
    this.addSql(
      `create unique index "alert_project_duty_unique" on "alert" ("project_id", "kind", "due_date") where "agreement_id" is null;`,
    );
    this.addSql(`alter table "alert" drop constraint if exists "alert_shortfall_check";`);
    this.addSql(
      `alter table "alert" add constraint "alert_shortfall_nonnegative_check" check ("shortfall_fen" >= 0);`,
    );
    this.addSql(
      `alter table "alert" add constraint "alert_labour_shortfall_check" check ("kind" <> 'MISSED_LABOR_COST_TRANSFER' or "shortfall_fen" > 0);`,
    );
    // A case made from a duty alert (a deposit or guarantee missing) claims no wages: 0.
    this.addSql(`alter table "wage_case" drop constraint if exists "wage_case_amounts_check";`);
    this
      .addSql(`alter table "wage_case" add constraint "wage_case_amounts_check" check (("claimed_amount_fen" > 0 or ("source" = 'ALERT' and "claimed_amount_fen" = 0))
        and "verified_total_fen" >= 0 and "paid_total_fen" >= 0 and "paid_total_fen" <= "verified_total_fen");`);
  }

  override async down(): Promise<void> {
    // Alerts about duties (and cases made from them) cannot be expressed in the older schema:
    // going down with any of them stored would have to delete records of enforcement.
    this.addSql(`do $$ begin
      if exists (select 1 from "alert" where "agreement_id" is null) then
        raise exception 'duty alerts exist (alert.agreement_id is null): migrating down would lose them';
      end if; end $$;`);
    this.addSql(`alter table "wage_case" drop constraint if exists "wage_case_amounts_check";`);
    this
      .addSql(`alter table "wage_case" add constraint "wage_case_amounts_check" check ("claimed_amount_fen" > 0
        and "verified_total_fen" >= 0 and "paid_total_fen" >= 0 and "paid_total_fen" <= "verified_total_fen");`);
    this.addSql(`alter table "alert" drop constraint if exists "alert_labour_shortfall_check";`);
    this.addSql(`alter table "alert" drop constraint if exists "alert_shortfall_nonnegative_check";`);
    this.addSql(`alter table "alert" add constraint "alert_shortfall_check" check ("shortfall_fen" > 0);`);
    this.addSql(`drop index if exists "alert_project_duty_unique";`);
    this.addSql(`alter table "alert" drop column "correction_deadline";`);
    this.addSql(`alter table "alert" alter column "agreement_id" set not null;`);
    this.addSql(`drop index if exists "blacklist_entry_enterprise_index";`);
    this.addSql(`drop index if exists "wage_case_debtor_arrears_index";`);
    this.addSql(`drop table if exists "payment_guarantee";`);
    this.addSql(`drop table if exists "deposit_return";`);
    this.addSql(`drop table if exists "deposit_payment_notice";`);
    this.addSql(`drop table if exists "deposit_top_up";`);
    this.addSql(`drop table if exists "wage_deposit";`);
    this.addSql(`alter table "project" drop column "completed_on", drop column "duties_swept_through";`);
    this.addSql(`drop table if exists "deposit_rules";`);
  }
}
