import { Migration } from '@mikro-orm/migrations';

/**
 * The blacklist (B1–B5): entries, the published changes (the credit feed), the amount test's
 * thresholds as data (seeded with Liaoning's), and the flag of an overdue listing decision.
 */
export class Migration20261126211000_blacklist extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "blacklist_entry" ("id" uuid not null, "case_id" uuid not null, "subject_kind" varchar(16) not null,
        "enterprise_id" uuid not null, "legal_rep_of" uuid null, "name" text not null, "uscc" varchar(18) null,
        "id_number" varchar(18) null, "ground" varchar(20) not null, "district_code" varchar(6) not null,
        "decided_on" date not null, "listed_until" date not null, "decision_deadline" date null,
        "basis" text not null, "status" varchar(16) not null default 'LISTED', "removed_on" date null,
        "removal_reason" varchar(16) null, "removal_note" text null, "credit_commitment_on" date null,
        "decided_by" text not null, "removed_by" text null,
        "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
        constraint "blacklist_entry_pkey" primary key ("id"));`,
    );
    for (const [column, table] of [
      ['case_id', 'wage_case'],
      ['enterprise_id', 'enterprise'],
      ['legal_rep_of', 'blacklist_entry'],
    ]) {
      this.addSql(
        `alter table "blacklist_entry" add constraint "blacklist_entry_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade;`,
      );
    }
    // One standing decision per case: a second decideListing racing the first fails here.
    this.addSql(
      `create unique index "blacklist_entry_case_subject_listed_unique" on "blacklist_entry" ("case_id", "subject_kind") where "status" = 'LISTED';`,
    );
    this.addSql(
      `create index "blacklist_entry_status_listed_until_index" on "blacklist_entry" ("status", "listed_until");`,
    );
    this.addSql(`create index "blacklist_entry_legal_rep_of_index" on "blacklist_entry" ("legal_rep_of");`);
    this.addSql(
      `alter table "blacklist_entry" add constraint "blacklist_entry_kind_check" check (
        ("subject_kind" = 'ENTERPRISE' and "uscc" is not null and "id_number" is null and "legal_rep_of" is null)
        or ("subject_kind" = 'PERSON' and "uscc" is null and "legal_rep_of" is not null));`,
    );
    this.addSql(
      `alter table "blacklist_entry" add constraint "blacklist_entry_values_check" check (
        "ground" in ('AMOUNT_THRESHOLD','MASS_INCIDENT') and "status" in ('LISTED','REMOVED','EXPIRED')
        and ("removal_reason" is null or "removal_reason" in ('EARLY_REMOVAL','CORRECTION'))
        and "listed_until" > "decided_on"
        and (("status" = 'LISTED') = ("removed_on" is null))
        and (("status" = 'REMOVED') = ("removal_reason" is not null)));`,
    );

    // The feed. `seq` comes from an identity with CACHE 1 (the default, said out loud): with a
    // per-session cache two sessions would hand out numbers out of order, and the feed's order
    // rests on numbers being drawn in the order writers take the feed lock.
    this.addSql(
      `create table "blacklist_change" ("seq" bigint generated always as identity (cache 1) not null,
        "kind" varchar(16) not null, "entry_id" uuid not null, "entry" jsonb not null,
        "at" timestamptz not null default clock_timestamp(),
        constraint "blacklist_change_pkey" primary key ("seq"));`,
    );
    this.addSql(
      `alter table "blacklist_change" add constraint "blacklist_change_entry_id_foreign" foreign key ("entry_id") references "blacklist_entry" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "blacklist_change" add constraint "blacklist_change_kind_check" check ("kind" in ('LISTED','REMOVED','EXPIRED'));`,
    );
    // Each entry is listed once and leaves once: a re-run expiry cannot publish twice.
    this.addSql(
      `alter table "blacklist_change" add constraint "blacklist_change_entry_kind_unique" unique ("entry_id", "kind");`,
    );

    this.addSql(
      `create table "listing_threshold" ("rule" varchar(16) not null, "min_workers" int not null,
        "min_months" int not null, "min_amount_fen" bigint not null,
        "updated_at" timestamptz not null default now(), "updated_by" text not null,
        constraint "listing_threshold_pkey" primary key ("rule"));`,
    );
    this.addSql(
      `alter table "listing_threshold" add constraint "listing_threshold_check" check (
        "rule" in ('ONE_WORKER','MANY_WORKERS') and "min_workers" > 0 and "min_months" >= 0 and "min_amount_fen" > 0);`,
    );
    // Liaoning (RULES.md): a worker owed 3 months or more and ¥10,000; 10 or more workers and ¥50,000.
    this.addSql(
      `insert into "listing_threshold" ("rule", "min_workers", "min_months", "min_amount_fen", "updated_by") values
        ('ONE_WORKER', 1, 3, 1000000, 'migration: Liaoning'),
        ('MANY_WORKERS', 10, 0, 5000000, 'migration: Liaoning');`,
    );

    this.addSql(
      `create table "listing_escalation" ("case_id" uuid not null, "deadline" date not null,
        "escalated_on" date not null, "recorded_at" timestamptz not null default now(),
        constraint "listing_escalation_pkey" primary key ("case_id"));`,
    );
    this.addSql(
      `alter table "listing_escalation" add constraint "listing_escalation_case_id_foreign" foreign key ("case_id") references "wage_case" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "listing_escalation" cascade;`);
    this.addSql(`drop table if exists "listing_threshold" cascade;`);
    this.addSql(`drop table if exists "blacklist_change" cascade;`);
    this.addSql(`drop table if exists "blacklist_entry" cascade;`);
  }
}
