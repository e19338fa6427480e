import { Migration } from '@mikro-orm/migrations';

/** 一事一议 (R20): a case's escalation to the district government, once, with its reason. */
export class Migration20261203900000_case_government_escalation extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "wage_case" add column "escalated_to_government_on" date null,
        add column "government_escalation_reason" text null,
        add constraint "wage_case_government_escalation_check"
          check (("escalated_to_government_on" is null) = ("government_escalation_reason" is null));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "wage_case" drop constraint if exists "wage_case_government_escalation_check",
        drop column if exists "escalated_to_government_on", drop column if exists "government_escalation_reason";`,
    );
  }
}
