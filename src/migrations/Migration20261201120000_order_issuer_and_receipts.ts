import { Migration } from '@mikro-orm/migrations';

/**
 * Who issued a case's order to pay (only an HRSS order starts the listing clock, Order 45), and the
 * server's receipt time beside the blacklist's stated dates that had none (a removal's or expiry's
 * `removed_on`, a credit commitment's `credit_commitment_on`). Existing orders take their issuer
 * from the ORDER_PAYMENT step in the case's history; the listing deadline of an order that was not
 * HRSS's is cleared, as the rule now derives it. Existing removals take `updated_at` as the best
 * receipt time known; existing commitments have none (null: not recorded then).
 */
export class Migration20261201120000_order_issuer_and_receipts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "wage_case" add column "order_issued_by_org" varchar(32) null, add column "order_issued_by_district" varchar(6) null;`,
    );
    this.addSql(
      `update "wage_case" c set "order_issued_by_org" = t."by_org", "order_issued_by_district" = t."by_district"
         from (select distinct on ("case_id") "case_id", "by_org", "by_district" from "wage_case_transition"
                where "action" = 'ORDER_PAYMENT' order by "case_id", "recorded_at" desc) t
        where t."case_id" = c."id";`,
    );
    this.addSql(
      `update "wage_case" set "listing_decision_deadline" = null where "order_issued_by_org" is distinct from 'HRSS';`,
    );
    this.addSql(
      `alter table "blacklist_entry" add column "credit_commitment_recorded_at" timestamptz null, add column "removal_recorded_at" timestamptz null;`,
    );
    this.addSql(
      `update "blacklist_entry" set "removal_recorded_at" = "updated_at" where "removed_on" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "blacklist_entry" drop column "removal_recorded_at", drop column "credit_commitment_recorded_at";`,
    );
    this.addSql(
      `alter table "wage_case" drop column "order_issued_by_district", drop column "order_issued_by_org";`,
    );
  }
}
