import { Migration } from '@mikro-orm/migrations';

/**
 * attendance_punch loses its foreign key to project; a trigger on project keeps what the key
 * guaranteed. Why: the key's check ran for every punch, about 40 % of a batch's insert time
 * (132,000 punches: 960–1,020 ms with it, 585 ms without), on the hub's largest table, when every
 * punch of a batch names the same project. The batch now takes one KEY SHARE lock on the project
 * row (src/services/workforce/attendance.ts) — the lock the key took per row — so the project
 * cannot go while its punches are written; and a project that has punches can neither be deleted
 * nor change its id (projects are never deleted by the hub; this is for a hand at psql).
 */
export class Migration20261204300000_attendance_project_guard extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "attendance_punch" drop constraint "attendance_punch_project_id_foreign";`);
    this.addSql(`create function "refuse_project_change_with_punches"() returns trigger language plpgsql as $$
      begin
        if (tg_op = 'DELETE' or new.id <> old.id)
           and exists (select 1 from attendance_punch where project_id = old.id) then
          raise exception 'project % has attendance punches', old.id using errcode = 'foreign_key_violation';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$;`);
    this.addSql(`create trigger "project_attendance_guard" before delete or update of "id" on "project"
      for each row execute function "refuse_project_change_with_punches"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "project_attendance_guard" on "project";`);
    this.addSql(`drop function if exists "refuse_project_change_with_punches"();`);
    this.addSql(`alter table "attendance_punch" add constraint "attendance_punch_project_id_foreign"
      foreign key ("project_id") references "project" ("id") on update cascade;`);
  }
}
