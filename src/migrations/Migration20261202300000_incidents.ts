import { Migration } from '@mikro-orm/migrations';

/** Wage-arrears incidents (R20, K4): each reported once, listed latest first per district. */
export class Migration20261202300000_incidents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "incident" ("id" uuid not null, "kind" varchar(24) not null, "district_code" varchar(6) not null,
        "project_id" uuid null, "occurred_at" timestamptz not null, "workers" int null, "note" text not null,
        "reported_by" varchar(40) not null, "created_at" timestamptz not null default now(),
        constraint "incident_pkey" primary key ("id"),
        constraint "incident_kind_check" check ("kind" in ('MASS_INCIDENT', 'EXTREME_INCIDENT', 'SKIP_LEVEL_PETITION', 'MAJOR_PUBLIC_OPINION')),
        constraint "incident_workers_check" check ("workers" is null or "workers" >= 0));`,
    );
    this.addSql(
      `alter table "incident" add constraint "incident_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create index "incident_project_id_index" on "incident" ("project_id");`);
    this.addSql(`create index "incident_occurred_at_id_index" on "incident" ("occurred_at", "id");`);
    this.addSql(
      `create index "incident_district_code_occurred_at_index" on "incident" ("district_code", "occurred_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "incident" cascade;`);
  }
}
