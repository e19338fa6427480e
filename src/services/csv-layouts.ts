/**
 * The column layout a bank's CSV statements are read with (adapters/csv-statement), kept in the
 * bank profile as `adapterOptions.csvLayout`: city HRSS registers it; the csv-statement adapter
 * reads it on every `text/csv` push. No table of its own: a layout is one bank's option, and the
 * push already loads the bank.
 */
import { CsvLayoutError, validateCsvLayout, type CsvLayout } from '../../adapters/csv-statement';
import { assertCityHrss, isCityHrss } from '../auth/scope';
import { sql } from '../db/sql';
import { Bank } from '../entities';
import { badInput, conflict, forbidden, notFound } from '../domain/errors';
import type { ServiceContext } from './context';

/** Checks a layout as entered; BAD_USER_INPUT names the field, e.g. `layout.columns.amount`. */
export function checkCsvLayoutInput(input: unknown): CsvLayout {
  try {
    return validateCsvLayout(input, 'layout');
  } catch (err) {
    if (err instanceof CsvLayoutError) throw badInput(err.field, err.message.slice(err.field.length + 2));
    throw err;
  }
}

/**
 * Registers (or replaces) a bank's CSV layout. Merged into the options in one statement, so a
 * concurrent change to another option (amountUnit, ...) is kept. Never commits.
 */
export async function setBankCsvLayout(
  ctx: ServiceContext,
  bankCode: string,
  input: unknown,
): Promise<CsvLayout> {
  assertCityHrss(ctx.caller, "register a bank's CSV statement layout");
  const layout = checkCsvLayoutInput(input);
  const updated = await sql(
    ctx.em,
    `update bank set adapter_options = adapter_options || jsonb_build_object('csvLayout', ?::jsonb)
      where code = ? returning code`,
    [JSON.stringify(layout), bankCode],
  );
  if (updated.length === 0) throw notFound(`bank ${bankCode}`);
  return layout;
}

/** The bank's layout, or null when none is registered: city HRSS, and the bank itself. */
export async function getBankCsvLayout(ctx: ServiceContext, bankCode: string): Promise<CsvLayout | null> {
  const { caller } = ctx;
  const own = caller.org === 'BANK' && caller.bank === bankCode;
  if (!own && !isCityHrss(caller)) {
    throw forbidden("only city-level HRSS (210500) and the bank itself read a bank's CSV statement layout");
  }
  const bank = await ctx.em.findOne(Bank, { code: bankCode });
  if (!bank) throw notFound(`bank ${bankCode}`);
  const stored = bank.adapterOptions.csvLayout;
  if (stored == null) return null;
  try {
    return validateCsvLayout(stored, 'csvLayout');
  } catch (err) {
    if (err instanceof CsvLayoutError) {
      // only a hand edit of the database gets here; pushes are refused as BAD_PROFILE meanwhile
      throw conflict(`bank ${bankCode}'s stored CSV layout is not valid (${err.message}); register it again`);
    }
    throw err;
  }
}
