import { Migration } from '@mikro-orm/migrations';

/**
 * Deadlines computed for a calendar year not loaded are provisional (src/domain/calendar.ts): an
 * alert's due date or chain deadlines, a case's listing-decision deadline. The flag is stored so it
 * can be shown and so that loading the year finds exactly what to recompute (the partial indexes).
 */
export class Migration20261201130000_provisional_deadlines extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "alert" add column "deadlines_provisional" boolean not null default false;`);
    this.addSql(`alter table "wage_case" add column "deadlines_provisional" boolean not null default false;`);
    this.addSql(
      `create index "alert_deadlines_provisional_index" on "alert" ("agreement_id") where "deadlines_provisional";`,
    );
    this.addSql(
      `create index "wage_case_deadlines_provisional_index" on "wage_case" ("id") where "deadlines_provisional";`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "wage_case_deadlines_provisional_index";`);
    this.addSql(`drop index if exists "alert_deadlines_provisional_index";`);
    this.addSql(`alter table "wage_case" drop column "deadlines_provisional";`);
    this.addSql(`alter table "alert" drop column "deadlines_provisional";`);
  }
}
