import { Bank } from '../entities';
import type { AmountUnit } from '../../adapters/xml/amount';
import { badInput, notFound } from '../domain/errors';
import { assertCityHrss } from '../auth/scope';
import { sql } from '../db/sql';
import { requiredText, type ServiceContext } from './context';
import { conflictOnDuplicate } from './unique-violation';

export interface BankInput {
  code: string;
  name: string;
  webhookSecret: string;
}

const BANK_CODE = /^[A-Z0-9_]{2,32}$/;

export async function registerBank(ctx: ServiceContext, input: BankInput): Promise<Bank> {
  assertCityHrss(ctx.caller, 'register banks');
  if (!BANK_CODE.test(input.code))
    throw badInput('code', 'use 2–32 characters from A-Z, 0-9 and "_" (e.g. ICBC_BENXI)');
  assertWebhookSecret(input.webhookSecret);
  const bank = ctx.em.create(Bank, {
    code: input.code,
    name: requiredText(input.name, 'name'),
    webhookSecret: input.webhookSecret,
  });
  await conflictOnDuplicate(() => ctx.em.flush(), `code: bank ${input.code} is already registered`, 'code');
  return bank;
}

/** Standard Webhooks: `whsec_` + base64 of 24–64 random bytes. */
export function assertWebhookSecret(secret: string, field = 'webhookSecret'): void {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  const bytes = match ? Buffer.from(match[1], 'base64').length : 0;
  if (!match || bytes < 24 || bytes > 64) {
    throw badInput(field, 'must be "whsec_" followed by base64 of 24 to 64 random bytes');
  }
}

export function findBank(ctx: Pick<ServiceContext, 'em'>, code: string): Promise<Bank | null> {
  return ctx.em.findOne(Bank, { code });
}

/**
 * States the unit of a bank's amounts (its profile's `amountUnit`, read by the 银企直连 adapters):
 * ICBC does not document whether `Amount` is yuan or fen, and a wrong guess is a 100x error. Merged
 * into the options in one statement, so a concurrent change to another option is kept.
 */
export async function setBankAmountUnit(ctx: ServiceContext, code: string, unit: AmountUnit): Promise<Bank> {
  assertCityHrss(ctx.caller, "set a bank's amount unit");
  const updated = await sql(
    ctx.em,
    `update bank set adapter_options = adapter_options || jsonb_build_object('amountUnit', ?::text)
      where code = ? returning code`,
    [unit, code],
  );
  if (updated.length === 0) throw notFound(`bank ${code}`);
  return ctx.em.findOneOrFail(Bank, { code }, { refresh: true });
}
