import { Migration } from '@mikro-orm/migrations';

/**
 * A payroll line's hours (the national platform's `workHours`), optional: piece and task workers'
 * payrolls give days only. Kept beside `days` so a line maps onto `Payroll.Add` field for field.
 */
export class Migration20261204100000_payroll_work_hours extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "payroll_line" add column "work_hours" numeric(5,1) null,
         add constraint "payroll_line_work_hours_check" check ("work_hours" is null or ("work_hours" >= 0 and "work_hours" <= 744));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "payroll_line" drop constraint if exists "payroll_line_work_hours_check";`);
    this.addSql(`alter table "payroll_line" drop column if exists "work_hours";`);
  }
}
