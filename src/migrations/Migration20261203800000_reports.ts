import { Migration } from '@mikro-orm/migrations';

/**
 * Monthly reports (R21): the files themselves as bytea, one row per month, district and department
 * (the expression index makes "the district's own report", department null, one row too).
 */
export class Migration20261203800000_reports extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "report" ("id" uuid not null, "period" varchar(7) not null, "district_code" varchar(6) not null,
        "department" varchar(16) null, "through" date not null, "to_date" boolean not null, "sections" jsonb not null,
        "generated_at" timestamptz not null, "generated_by" text not null,
        "xlsx" bytea not null, "xlsx_bytes" int not null, "pdf" bytea null, "pdf_bytes" int null, "pdf_error" text null,
        constraint "report_pkey" primary key ("id"),
        constraint "report_period_check" check ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        constraint "report_department_check" check ("department" is null or "department" in ('HOUSING', 'TRANSPORT', 'WATER', 'BENGANG')),
        constraint "report_pdf_check" check (("pdf" is null) = ("pdf_bytes" is null)));`,
    );
    this.addSql(
      `create unique index "report_period_district_department_unique" on "report" ("period", "district_code", (coalesce("department", '')));`,
    );
    this.addSql(`create index "report_generated_at_id_index" on "report" ("generated_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "report" cascade;`);
  }
}
