import { Migration } from '@mikro-orm/migrations';

/**
 * `push_full_path(reason)` raises SQLSTATE WW001. The one-statement push (src/services/push-fast.ts)
 * calls it when the database shows the push needs the full transactional path (a replayed event,
 * an account at another bank, a credit on an account with an open alert, an outdated bank
 * profile, a taken webhook-id): the error undoes everything the statement wrote, and the hub
 * takes the push again the full way. A function, because a plain SQL statement cannot raise.
 * Created once, under the migrations' lock (src/db/migrate.ts), so hubs starting together never
 * replace it concurrently.
 */
export class Migration20261206110000_push_full_path extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function push_full_path(reason text) returns bigint language plpgsql volatile as $$
begin
  raise exception using errcode = 'WW001', message = 'push takes the full path: ' || reason;
end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function push_full_path(text);`);
  }
}
