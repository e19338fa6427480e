import { Migration } from '@mikro-orm/migrations';

/**
 * Deleting a raw document past retention sets `document_id` null where events and replays point at
 * it. account_event's is indexed already; without this one each deleted document scanned the whole
 * conflicting_replay table.
 */
export class Migration20261202060100_raw_archive_retention extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "conflicting_replay_document_id_index" on "conflicting_replay" ("document_id") where "document_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "conflicting_replay_document_id_index";`);
  }
}
