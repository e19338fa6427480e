import { Migration } from '@mikro-orm/migrations';

/** Administrative penalties P1–P5 (Regulation arts. 54–58), each after an order to correct. */
export class Migration20261126210100_penalties extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "penalty" ("id" uuid not null, "code" varchar(2) not null, "party_kind" varchar(8) not null,
        "party_id" uuid not null, "bank_code" varchar(32) null, "project_id" uuid not null,
        "district_code" varchar(6) not null, "person_name" text null, "person_id_number" varchar(18) null,
        "fine_fen" bigint not null, "correction_ordered_on" date not null, "correction_deadline" date not null,
        "decided_on" date not null, "consequence" varchar(24) not null, "decided_by_sub" text not null,
        "decided_by_org" varchar(32) not null, "decided_by_district" varchar(6) not null,
        "created_at" timestamptz not null default now(), constraint "penalty_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "penalty_district_code_decided_on_index" on "penalty" ("district_code", "decided_on");`,
    );
    this.addSql(`create index "penalty_created_at_id_index" on "penalty" ("created_at", "id");`);
    this.addSql(`create index "penalty_party_id_index" on "penalty" ("party_id");`);
    this.addSql(`create index "penalty_project_id_index" on "penalty" ("project_id");`);
    this.addSql(
      `alter table "penalty" add constraint "penalty_party_id_foreign" foreign key ("party_id") references "enterprise" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "penalty" add constraint "penalty_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "penalty" add constraint "penalty_code_check" check ("code" in ('P1','P2','P3','P4','P5')
        and "party_kind" in ('UNIT','PERSON') and ("party_kind" = 'UNIT' or "code" = 'P1'));`,
    );
    this.addSql(
      `alter table "penalty" add constraint "penalty_dates_check" check ("correction_deadline" > "correction_ordered_on"
        and "decided_on" > "correction_deadline" and "fine_fen" > 0);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "penalty" cascade;`);
  }
}
