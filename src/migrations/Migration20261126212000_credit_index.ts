import { Migration } from '@mikro-orm/migrations';

/**
 * The deadline engine reads only CREDITs, per account and time; with the amount included the read
 * never touches the table, and the many DEBITs of payroll are not in the index at all.
 */
export class Migration20261126212000_credit_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "account_event_credits_index" on "account_event" ("bank_code", "account_no", "booked_at") include ("amount_fen") where "type" = 'CREDIT';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "account_event_credits_index";`);
  }
}
