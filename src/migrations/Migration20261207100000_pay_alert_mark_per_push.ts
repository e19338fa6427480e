import { Migration } from '@mikro-orm/migrations';

/**
 * One pay-alert mark a push, holding all of its projects (issue #9 item 8), instead of a row a
 * project: a push of 10 debits over 9 accounts wrote 9 marks, and their insert was about a third
 * of the one-statement push's execution (auto_explain, 0.7 of 1.7–2.0 ms). Marks left by a hub
 * that stopped before its follow-up ran are kept, each as a mark of its one project.
 */
export class Migration20261207100000_pay_alert_mark_per_push extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "pay_alert_pending" add column "project_ids" uuid[];`);
    this.addSql(`update "pay_alert_pending" set "project_ids" = array["project_id"];`);
    this.addSql(`alter table "pay_alert_pending" alter column "project_ids" set not null,
      drop column "project_id",
      add constraint "pay_alert_pending_project_ids_check" check (cardinality("project_ids") > 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "pay_alert_pending" add column "project_id" uuid;`);
    this.addSql(`insert into "pay_alert_pending" ("project_id", "kinds", "marked_at")
      select unnest("project_ids"), "kinds", "marked_at" from "pay_alert_pending";`);
    this.addSql(`delete from "pay_alert_pending" where "project_id" is null;`);
    this.addSql(`alter table "pay_alert_pending" alter column "project_id" set not null,
      drop constraint "pay_alert_pending_project_ids_check", drop column "project_ids";`);
  }
}
