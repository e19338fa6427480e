import { Migration } from '@mikro-orm/migrations';

/**
 * Rate-limit counts when the hub has no Redis (the embedded default): unlogged, since a count lost
 * in a crash only gives callers a fresh minute, and WAL for every request would cost more than it.
 */
export class Migration20261201140000_rate_limit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unlogged table "rate_limit_hit" ("key" text not null, "expires_at" bigint not null, "count" int not null, constraint "rate_limit_hit_pkey" primary key ("key"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_hit";`);
  }
}
