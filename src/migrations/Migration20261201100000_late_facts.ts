import { Migration } from '@mikro-orm/migrations';

/**
 * Late facts (issue 8): each chain step keeps the server's receipt time beside the time the bank or
 * the contractor stated, so a back-dated step shows as one; and a supplementary agreement names the
 * agreement it supersedes (at most one successor each: the unique key decides a race).
 */
export class Migration20261201100000_late_facts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "alert" add column "contractor_notified_recorded_at" timestamptz null, add column "contractor_reported_recorded_at" timestamptz null;`,
    );
    this.addSql(`alter table "tripartite_agreement" add column "supersedes_id" uuid null;`);
    this.addSql(
      `alter table "tripartite_agreement" add constraint "tripartite_agreement_supersedes_id_unique" unique ("supersedes_id");`,
    );
    this.addSql(
      `alter table "tripartite_agreement" add constraint "tripartite_agreement_supersedes_id_foreign" foreign key ("supersedes_id") references "tripartite_agreement" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tripartite_agreement" drop column if exists "supersedes_id";`);
    this.addSql(
      `alter table "alert" drop column if exists "contractor_notified_recorded_at", drop column if exists "contractor_reported_recorded_at";`,
    );
  }
}
