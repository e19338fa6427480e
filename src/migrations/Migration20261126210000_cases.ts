import { Migration } from '@mikro-orm/migrations';

/**
 * Wage cases (C1–C4, M1–M4): the case, its verified lines, its payments and every move; and the
 * employer's legal representative (listed with it, B1), which registration now records.
 */
export class Migration20261126210000_cases extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "enterprise" add column "legal_rep_name" text null, add column "legal_rep_id_number" varchar(18) null;`,
    );
    this.addSql(
      `create table "wage_case" ("id" uuid not null, "source" varchar(24) not null, "status" varchar(24) not null,
        "project_id" uuid null, "district_code" varchar(6) not null, "routed_org" varchar(16) not null,
        "employer_id" uuid not null, "workers" int null, "claimed_amount_fen" bigint not null,
        "received_on" date not null, "alert_id" uuid null, "debtor_id" uuid null, "verified_on" date null,
        "verified_total_fen" bigint not null default 0, "paid_total_fen" bigint not null default 0,
        "paid_in_full_on" date null, "order_issued_on" date null, "order_deadline" date null,
        "listing_decision_deadline" date null, "filed_on" date null, "transferred_on" date null,
        "police_ground" varchar(32) null, "police_result_on" date null, "police_result" text null,
        "guided_to_court_on" date null, "closed_on" date null, "close_reason" text null,
        "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
        constraint "wage_case_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "wage_case_district_code_status_index" on "wage_case" ("district_code", "status");`,
    );
    this.addSql(`create index "wage_case_created_at_id_index" on "wage_case" ("created_at", "id");`);
    this.addSql(`create index "wage_case_project_id_index" on "wage_case" ("project_id");`);
    this.addSql(`create index "wage_case_employer_id_index" on "wage_case" ("employer_id");`);
    this.addSql(
      `create index "wage_case_listing_decision_deadline_index" on "wage_case" ("listing_decision_deadline");`,
    );
    this.addSql(`alter table "wage_case" add constraint "wage_case_alert_id_unique" unique ("alert_id");`);
    for (const [column, table, nullable] of [
      ['project_id', 'project', true],
      ['employer_id', 'enterprise', false],
      ['alert_id', 'alert', true],
      ['debtor_id', 'enterprise', true],
    ] as const) {
      this.addSql(
        `alter table "wage_case" add constraint "wage_case_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade${nullable ? ' on delete set null' : ''};`,
      );
    }
    this.addSql(
      `alter table "wage_case" add constraint "wage_case_status_check" check ("status" in
        ('RECEIVED','VERIFIED','ORDERED','FILED','TRANSFERRED','LISTED','GUIDED_TO_COURT','PAID','CLOSED'));`,
    );
    this.addSql(
      `alter table "wage_case" add constraint "wage_case_amounts_check" check ("claimed_amount_fen" > 0
        and "verified_total_fen" >= 0 and "paid_total_fen" >= 0 and "paid_total_fen" <= "verified_total_fen");`,
    );
    this.addSql(
      `alter table "wage_case" add constraint "wage_case_order_check" check ("order_deadline" is null or "order_deadline" > "order_issued_on");`,
    );

    this.addSql(
      `create table "wage_case_line" ("id" uuid not null, "case_id" uuid not null, "position" int not null,
        "worker_name" text not null, "worker_id_number" varchar(18) not null, "months_owed" int not null,
        "amount_fen" bigint not null, constraint "wage_case_line_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "wage_case_line" add constraint "wage_case_line_case_id_position_unique" unique ("case_id", "position");`,
    );
    this.addSql(
      `alter table "wage_case_line" add constraint "wage_case_line_case_id_worker_id_number_unique" unique ("case_id", "worker_id_number");`,
    );
    this.addSql(
      `alter table "wage_case_line" add constraint "wage_case_line_case_id_foreign" foreign key ("case_id") references "wage_case" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "wage_case_line" add constraint "wage_case_line_check" check ("months_owed" > 0 and "amount_fen" > 0);`,
    );

    this.addSql(
      `create table "wage_case_transition" ("id" uuid not null, "case_id" uuid not null, "action" varchar(32) not null,
        "from_status" varchar(24) null, "to_status" varchar(24) not null, "on_date" date not null,
        "by_sub" text not null, "by_org" varchar(32) not null, "by_district" varchar(6) not null, "note" text null,
        "recorded_at" timestamptz not null default now(), constraint "wage_case_transition_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "wage_case_transition_case_id_recorded_at_index" on "wage_case_transition" ("case_id", "recorded_at");`,
    );
    this.addSql(
      `alter table "wage_case_transition" add constraint "wage_case_transition_case_id_foreign" foreign key ("case_id") references "wage_case" ("id") on update cascade;`,
    );

    this.addSql(
      `create table "wage_case_payment" ("id" uuid not null, "case_id" uuid not null, "paid_on" date not null,
        "amount_fen" bigint not null, "by_sub" text not null, "recorded_at" timestamptz not null default now(),
        constraint "wage_case_payment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "wage_case_payment_case_id_index" on "wage_case_payment" ("case_id");`);
    this.addSql(
      `alter table "wage_case_payment" add constraint "wage_case_payment_case_id_foreign" foreign key ("case_id") references "wage_case" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "wage_case_payment" add constraint "wage_case_payment_check" check ("amount_fen" > 0);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "wage_case_payment" cascade;`);
    this.addSql(`drop table if exists "wage_case_transition" cascade;`);
    this.addSql(`drop table if exists "wage_case_line" cascade;`);
    this.addSql(`drop table if exists "wage_case" cascade;`);
    this.addSql(
      `alter table "enterprise" drop column if exists "legal_rep_name", drop column if exists "legal_rep_id_number";`,
    );
  }
}
