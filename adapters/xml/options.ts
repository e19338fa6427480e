import type { BankProfileOptions } from '../bank-adapter';
import { DocumentRejected } from '../bank-adapter';
import type { AmountUnit } from './amount';
import type { SafeXmlOptions } from './safe-xml';

/**
 * Bank profile options the XML adapters read. Profiles are data edited by people, so a wrong
 * value is refused loudly instead of silently falling back (a wrong amount unit is a 100x error).
 */
export function amountUnitOption(options: BankProfileOptions, opts: { required?: boolean } = {}): AmountUnit {
  if (opts.required && options.amountUnit === undefined) {
    throw new DocumentRejected(
      'this format does not say its amount unit: the bank profile must state it (city HRSS: setBankAmountUnit YUAN or FEN)',
      'BAD_PROFILE',
    );
  }
  const v = options.amountUnit ?? 'yuan';
  if (v !== 'yuan' && v !== 'fen') {
    throw new DocumentRejected(
      `bank profile option amountUnit must be "yuan" or "fen", not ${JSON.stringify(v)}`,
      'BAD_PROFILE',
    );
  }
  return v;
}

export function xmlLimitOptions(options: BankProfileOptions, charset: string | null): SafeXmlOptions {
  return { charset, maxBytes: positiveInt(options, 'maxBytes'), maxDepth: positiveInt(options, 'maxDepth') };
}

function positiveInt(options: BankProfileOptions, key: string): number | undefined {
  const v = options[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new DocumentRejected(`bank profile option ${key} must be a positive integer`, 'BAD_PROFILE');
  }
  return v;
}
