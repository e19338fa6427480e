import { Migration } from '@mikro-orm/migrations';

/**
 * The settings of the pay alerts (src/services/workforce/pay-alerts), one row city HRSS edits
 * (`setPayAlertRules`), as rights_board_rules is:
 * - `failed_payment_working_days` (PAYMENT_FAILED_UNRESOLVED): working days after a line's first
 *   failure by which it must be paid. No text fixes it; 5 working days is the span the city gives
 *   the bank and the contractor for their notices (3 + 3 working days, Benxi opinions item 5),
 *   rounded to a working week.
 * - `manager_days` (NO_LABOUR_WAGE_MANAGER): natural days after the construction permit by which
 *   the labour-wage manager is appointed. No text fixes it either; 10, the period a subcontractor
 *   has to register its workers after entering the site (RULES.md, a Hebei rule): the manager is
 *   who checks that registration, so he must be in place by then.
 */
export class Migration20261204200000_pay_alert_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "pay_alert_rules" (
      "id" smallint not null, "failed_payment_working_days" int not null, "manager_days" int not null,
      "set_by" text not null, "set_at" timestamptz not null default now(),
      constraint "pay_alert_rules_pkey" primary key ("id"),
      constraint "pay_alert_rules_one_row" check ("id" = 1),
      constraint "pay_alert_rules_days_check" check ("failed_payment_working_days" between 1 and 60
        and "manager_days" between 1 and 365));`);
    this.addSql(
      `insert into "pay_alert_rules" ("id", "failed_payment_working_days", "manager_days", "set_by") values (1, 5, 10, 'migration');`,
    );
    // PAID_OUTSIDE_PAYROLL reads a project's debits: by account, only the debits
    this.addSql(
      `create index "account_event_debits_index" on "account_event" ("bank_code", "account_no") where "type" = 'DEBIT';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "account_event_debits_index";`);
    this.addSql(`drop table if exists "pay_alert_rules" cascade;`);
    this.addSql(
      `delete from "alert" where "agreement_id" is null and "kind" in ('ATTENDED_NOT_PAID', 'PAID_OUTSIDE_PAYROLL', 'PAY_BELOW_MINIMUM_WAGE', 'PAYMENT_FAILED_UNRESOLVED', 'NO_LABOUR_WAGE_MANAGER');`,
    );
  }
}
