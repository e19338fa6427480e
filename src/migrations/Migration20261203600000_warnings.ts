import { Migration } from '@mikro-orm/migrations';

/**
 * Graded warnings (R17): the rule table city HRSS edits (seeded with RULES.md's default grading
 * for the signals the hub holds), the warnings derived from it (one open per subject, closed, never
 * deleted), each routed agency's read receipt, and the risk register (清单台账), closed item by item.
 */
export class Migration20261203600000_warnings extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "warning_rule" ("signal" text not null, "grade" text not null, "threshold" int null,
        "set_by" text not null default 'migration', "set_at" timestamptz not null default now(),
        constraint "warning_rule_pkey" primary key ("signal"),
        constraint "warning_rule_grade_check" check ("grade" in ('RED', 'ORANGE', 'YELLOW', 'OFF')),
        constraint "warning_rule_threshold_check" check ("threshold" is null or "threshold" between 0 and 1000));`,
    );
    this.addSql(
      `insert into "warning_rule" ("signal", "grade", "threshold") values
        ('COMPLAINT_BEING_HANDLED', 'YELLOW', null),
        ('ARREARS_UP_TO_MONTHS', 'YELLOW', 1),
        ('LABOR_COST_TRANSFER_LATE', 'YELLOW', null),
        ('DUTY_ALERT_OPEN', 'YELLOW', null),
        ('ARREARS_OVER_MONTHS', 'ORANGE', 1),
        ('WORKERS_OWED_AT_LEAST', 'ORANGE', 10),
        ('LABOR_COST_CYCLE_MISSED', 'ORANGE', null),
        ('DEPOSIT_MISSING', 'ORANGE', null),
        ('DUTY_ALERT_ESCALATED', 'ORANGE', null),
        ('ARREARS_OVER_MONTHS_SEVERE', 'RED', 2),
        ('COURT_FREEZE', 'RED', null),
        ('INCIDENT_WITHIN_DAYS', 'RED', 90),
        ('BLACKLISTED', 'RED', null);`,
    );
    this.addSql(
      `create table "warning_settings" ("id" int not null default 1, "acknowledge_within_working_days" int not null,
        "set_by" text not null default 'migration', "set_at" timestamptz not null default now(),
        constraint "warning_settings_pkey" primary key ("id"), constraint "warning_settings_one" check ("id" = 1),
        constraint "warning_settings_days_check" check ("acknowledge_within_working_days" between 1 and 60));`,
    );
    this.addSql(`insert into "warning_settings" ("id", "acknowledge_within_working_days") values (1, 3);`);
    this.addSql(
      `create table "warning" ("id" uuid not null, "subject_kind" text not null, "subject_id" uuid not null,
        "grade" text not null, "reasons" jsonb not null, "districts" text[] not null, "authorities" text[] not null,
        "opened_on" date not null, "evaluated_on" date not null, "acknowledge_by" date not null,
        "deadline_provisional" boolean not null default false, "escalated_on" date null, "escalated_to" text[] not null default '{}', "closed_on" date null,
        "close_reason" text null, "urges" jsonb not null default '[]', "created_at" timestamptz not null,
        constraint "warning_pkey" primary key ("id"),
        constraint "warning_subject_kind_check" check ("subject_kind" in ('PROJECT', 'ENTERPRISE')),
        constraint "warning_grade_check" check ("grade" in ('RED', 'ORANGE', 'YELLOW')));`,
    );
    this.addSql(
      `create unique index "warning_one_open" on "warning" ("subject_kind", "subject_id") where "closed_on" is null;`,
    );
    this.addSql(`create index "warning_keyset" on "warning" ("created_at" desc, "id" desc);`);
    this.addSql(
      `create table "warning_recipient" ("warning_id" uuid not null references "warning" ("id"),
        "recipient" text not null, "acknowledged_at" timestamptz null, "acknowledged_by" text null,
        constraint "warning_recipient_pkey" primary key ("warning_id", "recipient"));`,
    );
    this.addSql(
      `create table "risk_register_item" ("id" uuid not null, "subject_kind" text not null, "subject_id" uuid not null,
        "warning_id" uuid not null references "warning" ("id"), "grade" text not null,
        "districts" text[] not null, "authorities" text[] not null, "entered_on" date not null,
        "closed_on" date null, "close_reason" text null, "closed_by" text null, "closed_at" timestamptz null,
        "created_at" timestamptz not null, constraint "risk_register_item_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index "risk_register_one_open" on "risk_register_item" ("subject_kind", "subject_id") where "closed_on" is null;`,
    );
    this.addSql(
      `create index "risk_register_keyset" on "risk_register_item" ("created_at" desc, "id" desc);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "risk_register_item" cascade;`);
    this.addSql(`drop table if exists "warning_recipient" cascade;`);
    this.addSql(`drop table if exists "warning" cascade;`);
    this.addSql(`drop table if exists "warning_settings" cascade;`);
    this.addSql(`drop table if exists "warning_rule" cascade;`);
  }
}
