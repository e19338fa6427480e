import { Migration } from '@mikro-orm/migrations';

/**
 * Clues from the national and provincial platforms under their own numbers (R18, C1), joint
 * assessments of malicious arrears on a case (M1) and legal-aid and union referrals (R11).
 */
export class Migration20261203400000_clues_assessments_referrals extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "wage_clue" ("id" uuid not null, "source" varchar(24) not null, "source_number" varchar(64) not null,
        "fingerprint" varchar(64) not null, "project_id" uuid null, "district_code" varchar(6) not null,
        "routed_org" varchar(16) not null, "employer_uscc" varchar(18) not null, "workers" int not null,
        "claimed_amount_fen" bigint not null, "received_on" date not null, "summary" text not null,
        "close_within_working_days" int not null, "due_on" date not null, "due_on_provisional" boolean not null default false,
        "outcome" varchar(24) null, "closed_on" date null, "close_note" text null, "closed_by" varchar(40) null,
        "wage_case_id" uuid null, "received_by" varchar(40) not null, "created_at" timestamptz not null default now(),
        constraint "wage_clue_pkey" primary key ("id"),
        constraint "wage_clue_source_check" check ("source" in ('NATIONAL_PLATFORM', 'PROVINCIAL_SYSTEM')),
        constraint "wage_clue_outcome_check" check ("outcome" is null or "outcome" in ('VERIFIED_PAID', 'VERIFIED_CASE_FILED', 'NOT_SUBSTANTIATED', 'DUPLICATE', 'OUT_OF_JURISDICTION')),
        constraint "wage_clue_closed_check" check (("outcome" is null) = ("closed_on" is null)),
        constraint "wage_clue_amount_check" check ("claimed_amount_fen" > 0 and "workers" > 0));`,
    );
    this.addSql(
      `alter table "wage_clue" add constraint "wage_clue_source_source_number_unique" unique ("source", "source_number");`,
    );
    this.addSql(
      `alter table "wage_clue" add constraint "wage_clue_wage_case_id_unique" unique ("wage_case_id");`,
    );
    this.addSql(
      `alter table "wage_clue" add constraint "wage_clue_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "wage_clue" add constraint "wage_clue_wage_case_id_foreign" foreign key ("wage_case_id") references "wage_case" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create index "wage_clue_project_id_index" on "wage_clue" ("project_id");`);
    this.addSql(`create index "wage_clue_created_at_id_index" on "wage_clue" ("created_at", "id");`);
    this.addSql(
      `create index "wage_clue_district_code_routed_org_index" on "wage_clue" ("district_code", "routed_org");`,
    );

    this.addSql(
      `create table "wage_case_assessment" ("id" uuid not null, "wage_case_id" uuid not null, "assessed_on" date not null,
        "participants" text[] not null, "conclusion" varchar(24) not null, "note" text not null,
        "recorded_by" varchar(40) not null, "recorded_at" timestamptz not null default now(),
        constraint "wage_case_assessment_pkey" primary key ("id"),
        constraint "wage_case_assessment_conclusion_check" check ("conclusion" in ('MALICIOUS_ARREARS', 'ILLEGAL_WAGE_DEMAND', 'NOT_MALICIOUS')));`,
    );
    this.addSql(
      `alter table "wage_case_assessment" add constraint "wage_case_assessment_wage_case_id_foreign" foreign key ("wage_case_id") references "wage_case" ("id") on update cascade;`,
    );
    this.addSql(
      `create index "wage_case_assessment_wage_case_id_index" on "wage_case_assessment" ("wage_case_id");`,
    );

    this.addSql(
      `create table "wage_case_referral" ("id" uuid not null, "wage_case_id" uuid not null, "kind" varchar(16) not null,
        "referred_on" date not null, "referred_to" varchar(40) not null, "note" text null, "outcome_on" date null,
        "outcome" text null, "recorded_by" varchar(40) not null, "recorded_at" timestamptz not null default now(),
        constraint "wage_case_referral_pkey" primary key ("id"),
        constraint "wage_case_referral_kind_check" check ("kind" in ('LEGAL_AID', 'UNION')));`,
    );
    this.addSql(
      `alter table "wage_case_referral" add constraint "wage_case_referral_wage_case_id_foreign" foreign key ("wage_case_id") references "wage_case" ("id") on update cascade;`,
    );
    this.addSql(
      `create index "wage_case_referral_wage_case_id_index" on "wage_case_referral" ("wage_case_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "wage_case_referral" cascade;`);
    this.addSql(`drop table if exists "wage_case_assessment" cascade;`);
    this.addSql(`drop table if exists "wage_clue" cascade;`);
  }
}
