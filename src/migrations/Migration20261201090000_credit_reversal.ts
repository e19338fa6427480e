import { Migration } from '@mikro-orm/migrations';

/**
 * CREDIT_REVERSAL: a bank taking an owner's transfer back. The deadline engine counts credits net of
 * reversals, so the covering index of credits takes reversals too (their amount, signed in the read).
 */
export class Migration20261201090000_credit_reversal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "account_event" drop constraint "account_event_type_check";`);
    this.addSql(
      `alter table "account_event" add constraint "account_event_type_check" check ("type" in ('CREDIT','CREDIT_REVERSAL','DEBIT','ACCOUNT_OPENED','ACCOUNT_CLOSED','FREEZE_ATTEMPT','PAYMENT_FAILED'));`,
    );
    this.addSql(`alter table "account_event" drop constraint "account_event_amount_check";`);
    this.addSql(
      `alter table "account_event" add constraint "account_event_amount_check" check (case when "type" in ('CREDIT','CREDIT_REVERSAL','DEBIT') then "amount_fen" is not null and "amount_fen" > 0 else "amount_fen" is null or "amount_fen" > 0 end);`,
    );
    this.addSql(`alter table "account_event" add column "reverses" varchar(128) null;`);
    this.addSql(`drop index if exists "account_event_credits_index";`);
    this.addSql(
      `create index "account_event_credits_index" on "account_event" ("bank_code", "account_no", "booked_at") include ("amount_fen", "type") where "type" in ('CREDIT', 'CREDIT_REVERSAL');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "account_event_credits_index";`);
    this.addSql(
      `create index "account_event_credits_index" on "account_event" ("bank_code", "account_no", "booked_at") include ("amount_fen") where "type" = 'CREDIT';`,
    );
    this.addSql(`alter table "account_event" drop column "reverses";`);
    this.addSql(`delete from "account_event" where "type" = 'CREDIT_REVERSAL';`);
    this.addSql(`alter table "account_event" drop constraint "account_event_amount_check";`);
    this.addSql(
      `alter table "account_event" add constraint "account_event_amount_check" check (case when "type" in ('CREDIT','DEBIT') then "amount_fen" is not null and "amount_fen" > 0 else "amount_fen" is null or "amount_fen" > 0 end);`,
    );
    this.addSql(`alter table "account_event" drop constraint "account_event_type_check";`);
    this.addSql(
      `alter table "account_event" add constraint "account_event_type_check" check ("type" in ('CREDIT','DEBIT','ACCOUNT_OPENED','ACCOUNT_CLOSED','FREEZE_ATTEMPT','PAYMENT_FAILED'));`,
    );
  }
}
