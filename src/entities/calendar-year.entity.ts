import { ArrayType, Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { now as clockNow } from '../clock';

/**
 * One year of the working-day calendar (RULES.md "Periods and calendars"), as city HRSS loaded it
 * or as the hub shipped it (2025, 2026: inserted by the calendar migration, `updatedBy` null).
 * Dates are 'YYYY-MM-DD' strings, stored sorted and without duplicates.
 */
@Entity({ tableName: 'calendar_year' })
export class CalendarYearRecord {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  year!: number;

  /** the announced days off */
  @Property({ type: ArrayType, columnType: 'date[]' })
  holidays!: string[];

  /** the weekend days made working days (调休) */
  @Property({ type: ArrayType, columnType: 'date[]' })
  workdays!: string[];

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Opt<Date> = clockNow();

  /** the `sub` of the city HRSS officer who loaded it; null for the years built into the hub */
  @Property({ type: 'text', nullable: true })
  updatedBy: Opt<string> | null = null;
}
