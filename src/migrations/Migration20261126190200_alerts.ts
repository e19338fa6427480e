import { Migration } from '@mikro-orm/migrations';

/** The deadline engine's findings (R5), and how far each agreement has been evaluated. */
export class Migration20261126190200_alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tripartite_agreement" add column "swept_through" date null;`);
    this.addSql(
      `create table "alert" ("id" uuid not null, "kind" varchar(40) not null, "status" varchar(16) not null,
        "project_id" uuid not null, "agreement_id" uuid not null, "due_date" date not null,
        "shortfall_fen" bigint not null, "opened_on" date not null, "resolved_on" date null, "withdrawn_on" date null,
        "bank_notice_deadline" date not null, "contractor_notified_at" timestamptz null,
        "contractor_report_deadline" date not null, "contractor_reported_at" timestamptz null,
        "escalations" jsonb not null default '[]', "updated_at" timestamptz not null default now(),
        constraint "alert_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "alert" add constraint "alert_agreement_id_kind_due_date_unique" unique ("agreement_id", "kind", "due_date");`,
    );
    this.addSql(`create index "alert_project_id_status_index" on "alert" ("project_id", "status");`);
    this.addSql(
      `alter table "alert" add constraint "alert_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "alert" add constraint "alert_agreement_id_foreign" foreign key ("agreement_id") references "tripartite_agreement" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "alert" add constraint "alert_status_check" check ("status" in ('OPEN','RESOLVED','WITHDRAWN'));`,
    );
    this.addSql(`alter table "alert" add constraint "alert_shortfall_check" check ("shortfall_fen" > 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "alert" cascade;`);
    this.addSql(`alter table "tripartite_agreement" drop column if exists "swept_through";`);
  }
}
