/**
 * The forms a wage deposit takes (Deposit Rules arts. 5, 15–17): cash in a deposit account, or a
 * bank guarantee (保函), a guarantee company's letter or an insurance policy in its place, each
 * with its issuer, number, amount and validity; and how much of them is held on a given day.
 */
import { addDays } from '../dates';
import { badInput } from '../errors';
import { addYears } from './months';

export const DEPOSIT_FORMS = [
  'CASH_ACCOUNT',
  'BANK_GUARANTEE',
  'GUARANTEE_COMPANY_LETTER',
  'INSURANCE',
] as const;
export type DepositForm = (typeof DEPOSIT_FORMS)[number];
/** 工程款支付担保: a bank's guarantee, a guarantee company's, or an insurer's bond */
export const PAYMENT_GUARANTEE_FORMS = ['BANK_GUARANTEE', 'GUARANTEE_COMPANY_LETTER', 'INSURANCE'] as const;
export type PaymentGuaranteeForm = (typeof PAYMENT_GUARANTEE_FORMS)[number];

export interface ValidityInput {
  form: DepositForm;
  depositedOn: string;
  validFrom: string | null;
  validUntil: string | null;
  /** the construction contract's agreed end (合同约定竣工日期) */
  contractEndsOn: string | null;
}

/**
 * The validity as stored: a cash deposit is held from the day it was paid in and does not expire;
 * a guarantee in its place runs at least one year and at least to the contract's end (arts. 15–17).
 * BAD_USER_INPUT naming the field otherwise.
 */
export function checkValidity(v: ValidityInput): { validFrom: string; validUntil: string | null } {
  if (v.form === 'CASH_ACCOUNT') {
    if (v.validUntil !== null) throw badInput('validUntil', 'a cash deposit does not expire: leave it out');
    if (v.validFrom !== null && v.validFrom !== v.depositedOn)
      throw badInput('validFrom', 'a cash deposit is held from the day it was paid in (depositedOn)');
    return { validFrom: v.depositedOn, validUntil: null };
  }
  const validFrom = v.validFrom ?? v.depositedOn;
  if (validFrom < v.depositedOn)
    throw badInput('validFrom', `must not be before the day it was issued (${v.depositedOn})`);
  if (v.validUntil === null) throw badInput('validUntil', `a ${v.form} must state the last day it is valid`);
  const aYear = addDays(addYears(validFrom, 1), -1);
  if (v.validUntil < aYear)
    throw badInput(
      'validUntil',
      `must be ${aYear} or later: a guarantee in place of the deposit is valid at least one year from ${validFrom} (Deposit Rules arts. 15–17)`,
    );
  if (v.contractEndsOn === null)
    throw badInput(
      'contractEndsOn',
      `a ${v.form} must cover the contract term: state the contract's agreed end`,
    );
  if (v.validUntil < v.contractEndsOn)
    throw badInput(
      'validUntil',
      `must be ${v.contractEndsOn} or later: a guarantee covers the whole contract term (Deposit Rules arts. 15–17)`,
    );
  return { validFrom, validUntil: v.validUntil };
}

/** One instrument, with what happened to it: top-ups paid in and payments made from it on HRSS's notice. */
export interface HeldInstrument {
  id: string;
  form: DepositForm;
  amountFen: bigint;
  depositedOn: string;
  validFrom: string;
  validUntil: string | null;
  topUps: readonly { on: string; amountFen: bigint }[];
  /** payments the bank made from it (paidOn), each lowering what is held from that day */
  payments: readonly { id?: string; on: string; amountFen: bigint }[];
}

export interface HeldOptions {
  /** payments made count (the top-up duty); false: the deposit as made, before any use */
  countPayments?: boolean;
  /** only facts dated on or before this day (what was known then); default: all */
  knownBy?: string;
}

/** What the instruments hold on `day`: each in force that day, with its top-ups less its payments. */
export function heldOn(instruments: readonly HeldInstrument[], day: string, opts: HeldOptions = {}): bigint {
  const known = opts.knownBy ?? '9999-12-31';
  let total = 0n;
  for (const i of instruments) {
    if (i.depositedOn > known || i.depositedOn > day || i.validFrom > day) continue;
    if (i.validUntil !== null && i.validUntil < day) continue;
    let held = i.amountFen;
    for (const t of i.topUps) if (t.on <= day && t.on <= known) held += t.amountFen;
    if (opts.countPayments !== false)
      for (const p of i.payments) if (p.on <= day && p.on <= known) held -= p.amountFen;
    total += held > 0n ? held : 0n;
  }
  return total;
}

/** Every day on which what is held can change, sorted: where a scan for "enough again" needs to look. */
export function changeDays(instruments: readonly HeldInstrument[]): string[] {
  const days = new Set<string>();
  for (const i of instruments) {
    days.add(i.depositedOn);
    days.add(i.validFrom);
    if (i.validUntil) days.add(addDays(i.validUntil, 1));
    for (const t of i.topUps) days.add(t.on);
    for (const p of i.payments) days.add(p.on);
  }
  return [...days].sort();
}
