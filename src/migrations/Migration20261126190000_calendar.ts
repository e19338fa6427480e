import { Migration } from '@mikro-orm/migrations';
import { validateCalendarYear } from '../domain/calendar';
import { BUILT_IN_CALENDAR_YEARS } from '../domain/calendar-data';

/** A validated list of 'YYYY-MM-DD' dates as a PostgreSQL date[] literal (no quoting needed). */
const dateArray = (dates: readonly string[]): string => `'{${dates.join(',')}}'::date[]`;

/**
 * The working-day calendar table, holding 2025 and 2026 as the hub ships them.
 *
 * The years come from src/domain/calendar-data.ts, the one source of truth for the built-in
 * calendar, so the rows always match what RULES.md lists. This migration runs once per database:
 * a later correction of a built-in year goes in through setCalendarYear (or a new migration),
 * never by editing this one.
 */
export class Migration20261126190000_calendar extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "calendar_year" ("year" int not null, "holidays" date[] not null, "workdays" date[] not null, "updated_at" timestamptz not null default now(), "updated_by" text null, constraint "calendar_year_pkey" primary key ("year"));`,
    );
    // The database refuses what the service already refuses, so no other writer can store it.
    this.addSql(
      `alter table "calendar_year" add constraint "calendar_year_year_check" check ("year" between 2000 and 2100);`,
    );
    this.addSql(
      `alter table "calendar_year" add constraint "calendar_year_disjoint_check" check (not ("holidays" && "workdays"));`,
    );
    for (const built of BUILT_IN_CALENDAR_YEARS) {
      const { year, holidays, workdays } = validateCalendarYear(built); // sorted, deduplicated
      this.addSql(
        `insert into "calendar_year" ("year", "holidays", "workdays") values (${year}, ${dateArray(holidays)}, ${dateArray(workdays)});`,
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "calendar_year" cascade;`);
  }
}
