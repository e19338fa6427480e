import { Migration } from '@mikro-orm/migrations';

/**
 * Every foreign key gets an index on its columns (test/integration/foreign-key-indexes.test.ts
 * keeps it so), and the pay alerts' read of a project's debits becomes an index-only scan.
 *
 * - `tripartite_agreement.account_id`: a bank push whose credits land on accounts with alerts is
 *   checked against the agreements of those accounts (push-fast.ts, push-intake.ts). Without the
 *   index that join read every agreement: 5,030 rows, 0.9 ms of a push's statement in the agency
 *   bench's city, growing with the city.
 * - `project.owner_id` and three small tables: a change to a parent row (an enterprise, a case, a
 *   worker, a warning) otherwise reads the whole child table for its foreign-key check.
 * - PAID_OUTSIDE_PAYROLL (pay-alerts/payments.ts) reads every DEBIT of a project at each
 *   evaluation, and the follow-up after a push evaluates the projects it debited. The debits index
 *   is now two: the debits to a card, which PostgreSQL judges, with what that judgement reads (so
 *   the bulk of a history, on pages the visibility map marks all-visible, is read from the index
 *   without visiting the table); and the batch debits (no card), which the hub judges from their
 *   memo. One index for both made the read visit the table for every debit.
 */
export class Migration20261208100000_foreign_key_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "tripartite_agreement_account_id_index" on "tripartite_agreement" ("account_id");`,
    );
    this.addSql(`create index "project_owner_id_index" on "project" ("owner_id");`);
    this.addSql(
      `create index "deposit_payment_notice_case_id_index" on "deposit_payment_notice" ("case_id");`,
    );
    this.addSql(`create index "labour_wage_manager_worker_id_index" on "labour_wage_manager" ("worker_id");`);
    this.addSql(`create index "risk_register_item_warning_id_index" on "risk_register_item" ("warning_id");`);
    this.addSql(`drop index if exists "account_event_debits_index";`);
    this.addSql(
      `create index "account_event_card_debits_index" on "account_event" ("bank_code", "account_no")
         include ("amount_fen", "booked_at", "counterparty_card_hash")
         where "type" = 'DEBIT' and "counterparty_card_hash" is not null;`,
    );
    this.addSql(
      `create index "account_event_batch_debits_index" on "account_event" ("bank_code", "account_no")
         where "type" = 'DEBIT' and "counterparty_card_hash" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "account_event_batch_debits_index";`);
    this.addSql(`drop index if exists "account_event_card_debits_index";`);
    this.addSql(
      `create index "account_event_debits_index" on "account_event" ("bank_code", "account_no") where "type" = 'DEBIT';`,
    );
    this.addSql(`drop index if exists "risk_register_item_warning_id_index";`);
    this.addSql(`drop index if exists "labour_wage_manager_worker_id_index";`);
    this.addSql(`drop index if exists "deposit_payment_notice_case_id_index";`);
    this.addSql(`drop index if exists "project_owner_id_index";`);
    this.addSql(`drop index if exists "tripartite_agreement_account_id_index";`);
  }
}
