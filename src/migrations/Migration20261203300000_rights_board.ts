import { Migration } from '@mikro-orm/migrations';

/**
 * The rights-protection board (维权信息公示牌, R7; RULES.md "Rights-protection board"):
 * - `rights_board`, one per project: what the general contractor records for it (its project
 *   department, the labour-wage manager, the pay day, the subcontractors — the hub has no model
 *   of them yet) and that it was posted (the date, an optional sha256 of a photo of it);
 * - `rights_channels`, one per district (210500: the city-wide row a district falls back to): the
 *   complaint numbers and the arbitration, legal-aid and legal-service channels city HRSS sets;
 * - `minimum_wage`, the local minimum wage per district, one version per effective date;
 * - `rights_board_rules`, one row: the working days after the base date by which a board must be
 *   posted (no text fixes it; 15, the brief's default).
 * Only the public legal service hotline is seeded: 12348 is the Ministry of Justice's one number
 * for the whole country. The Benxi numbers are not in the texts the hub follows, so they start
 * empty and the board says 未设置 until city HRSS sets them.
 */
export class Migration20261203300000_rights_board extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rights_board" (
      "project_id" uuid not null, "project_department" text null, "project_department_phone" text null,
      "labour_wage_manager_name" text null, "labour_wage_manager_phone" text null, "pay_day" smallint null,
      "subcontractors" jsonb not null default '[]', "posted_on" date null, "photo_sha256" varchar(64) null,
      "posted_recorded_at" timestamptz null, "updated_by" text not null,
      "updated_at" timestamptz not null default now(),
      constraint "rights_board_pkey" primary key ("project_id"),
      constraint "rights_board_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
      constraint "rights_board_pay_day_check" check ("pay_day" is null or "pay_day" between 1 and 31),
      constraint "rights_board_photo_check" check ("photo_sha256" is null or "photo_sha256" ~ '^[0-9a-f]{64}$'));`);
    this.addSql(`create table "rights_channels" (
      "district_code" varchar(6) not null, "labour_inspection_phone" text null,
      "industry_authority_phones" jsonb not null default '{}', "arbitration" text null, "legal_aid" text null,
      "legal_service_hotline" text null, "complaint_url" text null,
      "set_by" text not null, "set_at" timestamptz not null default now(),
      constraint "rights_channels_pkey" primary key ("district_code"));`);
    this.addSql(
      `insert into "rights_channels" ("district_code", "legal_service_hotline", "set_by") values ('210500', '12348', 'migration');`,
    );
    this.addSql(`create table "minimum_wage" (
      "id" uuid not null, "district_code" varchar(6) not null, "effective_from" date not null,
      "monthly_fen" bigint not null, "hourly_fen" bigint null,
      "set_by" text not null, "set_at" timestamptz not null default now(),
      constraint "minimum_wage_pkey" primary key ("id"),
      constraint "minimum_wage_district_effective_unique" unique ("district_code", "effective_from"),
      constraint "minimum_wage_amount_check" check ("monthly_fen" > 0 and ("hourly_fen" is null or "hourly_fen" > 0)));`);
    this.addSql(`create table "rights_board_rules" (
      "id" smallint not null, "posting_working_days" int not null,
      "set_by" text not null, "set_at" timestamptz not null default now(),
      constraint "rights_board_rules_pkey" primary key ("id"),
      constraint "rights_board_rules_one_row" check ("id" = 1),
      constraint "rights_board_rules_days_check" check ("posting_working_days" between 1 and 60));`);
    this.addSql(
      `insert into "rights_board_rules" ("id", "posting_working_days", "set_by") values (1, 15, 'migration');`,
    );
  }

  override async down(): Promise<void> {
    for (const t of ['rights_board_rules', 'minimum_wage', 'rights_channels', 'rights_board'])
      this.addSql(`drop table if exists "${t}" cascade;`);
  }
}
