import { Migration } from '@mikro-orm/migrations';

/**
 * Marks of pay alerts a bank's push left to evaluate (issue #9 item 8). A push no longer judges
 * PAID_OUTSIDE_PAYROLL (its debited accounts' projects) and ATTENDED_NOT_PAID /
 * PAYMENT_FAILED_UNRESOLVED (projects whose payroll lines it paid or failed) inside its own
 * transaction: those were four of its eight statements and held the projects' advisory locks,
 * so pushes of overlapping projects queued behind each other. The push writes a mark here in the
 * same transaction (or statement) as its events; the hub's follow-up (pay-alerts/pending.ts)
 * evaluates and deletes marks in one transaction a moment later, so a mark is never lost with a
 * crash. `kinds` is the kinds the push would have evaluated.
 */
export class Migration20261206100000_pay_alert_pending extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "pay_alert_pending" (
      "id" bigint generated always as identity primary key,
      "project_id" uuid not null,
      "kinds" text[] not null,
      "marked_at" timestamptz not null default now());`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "pay_alert_pending";`);
  }
}
