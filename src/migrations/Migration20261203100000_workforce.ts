import { Migration } from '@mikro-orm/migrations';

/**
 * The workforce (R2, R4): teams, workers registered by real name, the labour-wage manager, labour
 * contracts, site entries and exits, and attendance punches. Workers' ID and card numbers are held
 * only SM4-encrypted (`*_enc`), found by a keyed hash (`*_hash`), shown masked (`*_masked`).
 *
 * attendance_punch is partitioned by month of `at`: it is the hub's largest table (a project of
 * 150 workers punches ~6,600 times a month), read almost only a month at a time (valid days,
 * payroll checks), and kept for the ledgers' retention (works paid + 3 years, art. 28): a month's
 * partition is scanned alone, and a month nobody's retention still holds is dropped whole.
 * Partitions are created by the hub as punches for a new month arrive (src/services/workforce/
 * attendance-partitions.ts); there is no default partition, so a month's partition can always be
 * created without scanning one.
 */
export class Migration20261203100000_workforce extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "work_team" ("id" uuid not null, "project_id" uuid not null, "corp_code" varchar(18) not null,
        "corp_name" text null, "corp_type" varchar(3) not null, "team_name" text not null,
        "leader_name" text null, "leader_id_enc" text null, "leader_id_masked" varchar(24) null,
        "registered_by" varchar(80) not null,
        "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
        constraint "work_team_pkey" primary key ("id"),
        constraint "work_team_project_corp_name_unique" unique ("project_id", "corp_code", "team_name"),
        constraint "work_team_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade);`,
    );
    this.addSql(
      `create table "worker" ("id" uuid not null, "project_id" uuid not null, "team_id" uuid not null,
        "worker_name" text not null, "id_card_type" varchar(2) not null default '01',
        "id_number_enc" text not null, "id_number_hash" char(64) not null, "id_number_masked" varchar(24) not null,
        "work_type" varchar(3) not null, "work_role" varchar(8) not null, "is_team_leader" boolean not null default false,
        "card_enc" text not null, "card_hash" char(64) not null, "card_masked" varchar(32) not null,
        "bank_code" varchar(16) null, "bank_name" text not null, "phone_enc" text null, "phone_masked" varchar(24) null,
        "content_hash" char(64) not null,
        "registered_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
        constraint "worker_pkey" primary key ("id"),
        constraint "worker_project_id_number_unique" unique ("project_id", "id_number_hash"),
        constraint "worker_role_check" check ("work_role" in ('WORKER', 'MANAGER')),
        constraint "worker_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
        constraint "worker_team_id_foreign" foreign key ("team_id") references "work_team" ("id") on update cascade);`,
    );
    this.addSql(`create index "worker_id_number_hash_index" on "worker" ("id_number_hash");`);
    this.addSql(`create index "worker_card_hash_index" on "worker" ("card_hash");`);
    this.addSql(`create index "worker_team_id_index" on "worker" ("team_id");`);
    // the workers list's keyset order within a project
    this.addSql(`create index "worker_project_id_id_index" on "worker" ("project_id", "id");`);
    this.addSql(
      `create table "labour_wage_manager" ("project_id" uuid not null, "worker_id" uuid null,
        "name" text not null, "id_number_enc" text not null, "id_number_hash" char(64) not null,
        "id_number_masked" varchar(24) not null, "phone_enc" text not null, "phone_masked" varchar(24) not null,
        "appointed_on" date not null, "appointed_by" varchar(80) not null, "created_at" timestamptz not null default now(),
        constraint "labour_wage_manager_pkey" primary key ("project_id"),
        constraint "labour_wage_manager_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
        constraint "labour_wage_manager_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade);`,
    );
    this.addSql(
      `create table "labour_contract" ("id" uuid not null, "project_id" uuid not null, "worker_id" uuid not null,
        "contract_code" varchar(64) not null, "employer_uscc" varchar(18) not null, "signed_on" date not null,
        "starts_on" date not null, "ends_on" date null, "work" text null, "pricing_method" varchar(8) not null,
        "wage_standard_fen" bigint not null, "wage_unit" varchar(8) not null, "pay_day" smallint not null,
        "pay_method" varchar(12) not null, "pay_cycle" varchar(8) not null, "liability_terms" text null,
        "content_hash" char(64) not null, "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "labour_contract_pkey" primary key ("id"),
        constraint "labour_contract_project_code_unique" unique ("project_id", "contract_code"),
        constraint "labour_contract_pricing_check" check ("pricing_method" in ('TIME', 'PIECE', 'TASK')),
        constraint "labour_contract_unit_check" check ("wage_unit" in ('HOUR', 'DAY', 'MONTH', 'PIECE', 'TASK')),
        constraint "labour_contract_pay_method_check" check ("pay_method" in ('BANK_CARD')),
        constraint "labour_contract_cycle_check" check ("pay_cycle" in ('MONTHLY', 'WEEKLY', 'DAILY')),
        constraint "labour_contract_pay_day_check" check ("pay_day" between 1 and 31),
        constraint "labour_contract_wage_check" check ("wage_standard_fen" > 0),
        constraint "labour_contract_term_check" check ("ends_on" is null or "ends_on" >= "starts_on"),
        constraint "labour_contract_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
        constraint "labour_contract_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade);`,
    );
    this.addSql(`create index "labour_contract_worker_id_index" on "labour_contract" ("worker_id");`);
    this.addSql(
      `create table "site_entry" ("id" uuid not null, "project_id" uuid not null, "worker_id" uuid not null,
        "direction" varchar(5) not null, "on_date" date not null, "recorded_at" timestamptz not null default now(),
        constraint "site_entry_pkey" primary key ("id"),
        constraint "site_entry_unique" unique ("project_id", "worker_id", "direction", "on_date"),
        constraint "site_entry_direction_check" check ("direction" in ('ENTRY', 'EXIT')),
        constraint "site_entry_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade,
        constraint "site_entry_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade);`,
    );
    this.addSql(`create index "site_entry_worker_id_index" on "site_entry" ("worker_id");`);
    // The valid-day rule as data (RULES.md: Jilin and vendor practice), versions by effective date.
    this.addSql(
      `create table "attendance_rules" ("effective_from" date not null, "min_punches" int not null,
        "morning_from" time not null, "morning_to" time not null, "afternoon_from" time not null,
        "afternoon_to" time not null, "min_span_minutes" int not null, "manager_share_bp" int not null,
        "created_at" timestamptz not null default now(),
        constraint "attendance_rules_pkey" primary key ("effective_from"),
        constraint "attendance_rules_values_check" check ("min_punches" between 1 and 20
          and "morning_from" <= "morning_to" and "afternoon_from" <= "afternoon_to"
          and "min_span_minutes" between 0 and 1440 and "manager_share_bp" between 0 and 10000));`,
    );
    this.addSql(
      `insert into "attendance_rules" values ('2020-01-01', 2, '08:00', '11:00', '13:00', '18:00', 240, 8000, now());`,
    );
    this.addSql(
      `create table "attendance_punch" ("project_id" uuid not null, "id_number_hash" char(64) not null,
        "at" timestamptz not null, "direction" varchar(3) not null, "gate" varchar(64) null,
        "received_at" timestamptz not null default now(),
        constraint "attendance_punch_pkey" primary key ("project_id", "id_number_hash", "at", "direction"),
        constraint "attendance_punch_direction_check" check ("direction" in ('IN', 'OUT')),
        constraint "attendance_punch_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade)
       partition by range ("at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "alert" where "kind" = 'WORKER_WITHOUT_CONTRACT' and "agreement_id" is null;`);
    for (const t of [
      'attendance_punch',
      'attendance_rules',
      'site_entry',
      'labour_contract',
      'labour_wage_manager',
      'worker',
      'work_team',
    ])
      this.addSql(`drop table if exists "${t}" cascade;`);
  }
}
