import { Migration } from '@mikro-orm/migrations';

export class Migration20261126180616_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "bank" ("code" varchar(32) not null, "name" text not null, "webhook_secret" text not null, "adapter_options" jsonb not null default '{}', "created_at" timestamptz not null default now(), constraint "bank_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "enterprise" ("id" uuid not null, "uscc" varchar(18) not null, "name" text not null, "uscc_check_verified" boolean not null default true, "created_at" timestamptz not null default now(), constraint "enterprise_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "enterprise" add constraint "enterprise_uscc_unique" unique ("uscc");`);

    this.addSql(
      `create table "project" ("id" uuid not null, "name" text not null, "district_code" varchar(6) not null, "industry" varchar(16) not null, "owner_id" uuid not null, "contractor_id" uuid not null, "contract_price_fen" bigint not null, "contract_signed_on" date not null, "permit_issued_on" date null, "created_at" timestamptz not null default now(), constraint "project_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "project_contractor_id_index" on "project" ("contractor_id");`);
    this.addSql(
      `create index "project_district_code_industry_index" on "project" ("district_code", "industry");`,
    );

    this.addSql(
      `create table "special_account" ("id" uuid not null, "bank_code" varchar(32) not null, "account_no" varchar(64) not null, "project_id" uuid not null, "created_at" timestamptz not null default now(), constraint "special_account_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "special_account" add constraint "special_account_project_id_unique" unique ("project_id");`,
    );
    this.addSql(
      `alter table "special_account" add constraint "special_account_bank_code_account_no_unique" unique ("bank_code", "account_no");`,
    );

    this.addSql(
      `create table "account_event" ("id" bigserial primary key, "bank_code" varchar(32) not null, "bank_event_id" varchar(128) not null, "account_no" varchar(64) not null, "type" varchar(16) not null, "amount_fen" bigint null, "booked_at" timestamptz not null, "received_at" timestamptz not null default now(), "counterparty_name" text null, "counterparty_account" text null, "memo" text null, "raw" jsonb not null);`,
    );
    this.addSql(
      `create index "account_event_bank_code_account_no_booked_at_index" on "account_event" ("bank_code", "account_no", "booked_at");`,
    );
    this.addSql(
      `alter table "account_event" add constraint "account_event_bank_code_bank_event_id_unique" unique ("bank_code", "bank_event_id");`,
    );

    this.addSql(
      `create table "tripartite_agreement" ("id" uuid not null, "project_id" uuid not null, "account_id" uuid not null, "labor_cost_per_cycle_fen" bigint not null, "due_day" smallint not null, "starts_on" date not null, "ends_on" date null, "created_at" timestamptz not null default now(), constraint "tripartite_agreement_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "tripartite_agreement_project_id_index" on "tripartite_agreement" ("project_id");`,
    );

    this.addSql(
      `alter table "project" add constraint "project_owner_id_foreign" foreign key ("owner_id") references "enterprise" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "project" add constraint "project_contractor_id_foreign" foreign key ("contractor_id") references "enterprise" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "special_account" add constraint "special_account_bank_code_foreign" foreign key ("bank_code") references "bank" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "special_account" add constraint "special_account_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "account_event" add constraint "account_event_bank_code_foreign" foreign key ("bank_code") references "bank" ("code") on update cascade;`,
    );

    this.addSql(
      `alter table "tripartite_agreement" add constraint "tripartite_agreement_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "tripartite_agreement" add constraint "tripartite_agreement_account_id_foreign" foreign key ("account_id") references "special_account" ("id") on update cascade;`,
    );
    // The database refuses what the services already refuse, so no other writer can store it.
    this.addSql(
      `alter table "tripartite_agreement" add constraint "tripartite_agreement_due_day_check" check ("due_day" between 1 and 28);`,
    );
    this.addSql(
      `alter table "tripartite_agreement" add constraint "tripartite_agreement_labor_cost_check" check ("labor_cost_per_cycle_fen" > 0);`,
    );
    this.addSql(
      `alter table "tripartite_agreement" add constraint "tripartite_agreement_period_check" check ("ends_on" is null or "ends_on" >= "starts_on");`,
    );
    this.addSql(
      `alter table "project" add constraint "project_contract_price_check" check ("contract_price_fen" >= 0);`,
    );
    this.addSql(
      `alter table "account_event" add constraint "account_event_type_check" check ("type" in ('CREDIT','DEBIT','ACCOUNT_OPENED','ACCOUNT_CLOSED','FREEZE_ATTEMPT','PAYMENT_FAILED'));`,
    );
    this.addSql(
      `alter table "account_event" add constraint "account_event_amount_check" check (case when "type" in ('CREDIT','DEBIT') then "amount_fen" is not null and "amount_fen" > 0 else "amount_fen" is null or "amount_fen" > 0 end);`,
    );
    // A bank may not write to another bank's account: looked up by number alone.
    this.addSql(`create index "special_account_account_no_index" on "special_account" ("account_no");`);
  }
}
