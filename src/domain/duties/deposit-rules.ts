/**
 * The wage-deposit rules (RULES.md "Wage deposit (R1)"; 《工程建设领域农民工工资保证金规定》,
 * 人社部发〔2021〕65号, "Deposit Rules") as data city HRSS keeps, one version per effective date.
 * The limits below are the national rule's; within them each figure is the province's (or city's)
 * choice, so they are refused only outside what the national text allows.
 */
import { badInput } from '../errors';
import { MAX_MONEY_FEN } from '../money';

export interface DepositRules {
  effectiveFrom: string;
  /** the ratio of the contract price, in basis points (1 % = 100): 1–3 % (art. 11) */
  baseRatioBp: number;
  /** a contractor with several projects under construction in the area may deposit less, never under 0.5 % (art. 11); null: no lowering */
  severalProjectsRatioBp: number | null;
  /** the most one project deposits before any raise ("单个工程合同额较高的，可设定存储上限"); null: no cap */
  capFen: bigint | null;
  /** projects under this contract price whose contractor had no arrears the year before may be exempt (art. 11); null: none */
  exemptionBelowFen: bigint | null;
  /** arrears in the prior 2 years raise the ratio by at least 50 % (art. 12) */
  arrearsRaisePct: number;
  /** a listed contractor (失信联合惩戒名单): at least 100 % (art. 12) */
  listedRaisePct: number;
  /** the bank pays from the deposit within this many working days of HRSS's notice (configurable; 5) */
  bankPayWorkingDays: number;
  /** the contractor tops a used deposit up within this many working days (configurable; 10) */
  topUpWorkingDays: number;
  /** the hub's own: working days after a duty's deadline before its alert escalates (an order to correct comes first) */
  correctionWorkingDays: number;
  /** working days the supervising department has to object to a court's freeze (R10; configurable, default 5) */
  freezeObjectionWorkingDays?: number;
  /** the first day the hub raises duty alerts (deposits, guarantees); null: not yet (requirements are still shown) */
  watchedFrom: string | null;
}

export const DEPOSIT_LIMITS = Object.freeze({
  minBaseRatioBp: 100,
  maxBaseRatioBp: 300,
  severalProjectsFloorBp: 50,
  minArrearsRaisePct: 50,
  minListedRaisePct: 100,
  /** a raise of more than 10× the ratio is a typo, not a policy */
  maxRaisePct: 1000,
  maxWorkingDays: 60,
});

/** Due within 20 working days of the permit, or of the contract's signing where none is needed (art. 8). */
export const DEPOSIT_DUE_WORKING_DAYS = 20;
/** HRSS reminds the contractor one month before a guarantee ends (arts. 15–17). */
export const GUARANTEE_REMINDER_MONTHS = 1;
/** Returned after completion, a written no-arrears promise and 30 days of publicity (art. 22). */
export const RETURN_PUBLICITY_DAYS = 30;
export const RETURN_REVIEW_WORKING_DAYS = 5;
export const RETURN_CONFIRM_WORKING_DAYS = 3;

const whole = (field: string, v: number, min: number, max: number): void => {
  if (!Number.isInteger(v) || v < min || v > max)
    throw badInput(field, `must be a whole number from ${min} to ${max}`);
};

/** Checks a version as city HRSS enters it; errors name the field and the national limit. */
export function validateDepositRules(r: DepositRules): DepositRules {
  const L = DEPOSIT_LIMITS;
  if (
    !Number.isInteger(r.baseRatioBp) ||
    r.baseRatioBp < L.minBaseRatioBp ||
    r.baseRatioBp > L.maxBaseRatioBp
  )
    throw badInput(
      'baseRatioBp',
      'must be from 100 to 300 basis points (1 %–3 % of the contract price, Deposit Rules art. 11)',
    );
  if (r.severalProjectsRatioBp !== null) {
    if (!Number.isInteger(r.severalProjectsRatioBp) || r.severalProjectsRatioBp < L.severalProjectsFloorBp)
      throw badInput(
        'severalProjectsRatioBp',
        'must be at least 50 basis points (0.5 %, Deposit Rules art. 11)',
      );
    if (r.severalProjectsRatioBp > r.baseRatioBp)
      throw badInput(
        'severalProjectsRatioBp',
        `must not be above baseRatioBp (${r.baseRatioBp}): it is a lowering`,
      );
  }
  for (const [field, v] of [
    ['capFen', r.capFen],
    ['exemptionBelowFen', r.exemptionBelowFen],
  ] as const) {
    if (v !== null && (v <= 0n || v > MAX_MONEY_FEN))
      throw badInput(field === 'capFen' ? 'cap' : 'exemptionBelow', 'must be more than 0');
  }
  if (
    !Number.isInteger(r.arrearsRaisePct) ||
    r.arrearsRaisePct < L.minArrearsRaisePct ||
    r.arrearsRaisePct > L.maxRaisePct
  )
    throw badInput(
      'arrearsRaisePct',
      `must be from 50 to ${L.maxRaisePct} (at least 50 %, Deposit Rules art. 12)`,
    );
  if (
    !Number.isInteger(r.listedRaisePct) ||
    r.listedRaisePct < L.minListedRaisePct ||
    r.listedRaisePct > L.maxRaisePct
  )
    throw badInput(
      'listedRaisePct',
      `must be from 100 to ${L.maxRaisePct} (at least 100 %, Deposit Rules art. 12)`,
    );
  whole('bankPayWorkingDays', r.bankPayWorkingDays, 1, L.maxWorkingDays);
  whole('topUpWorkingDays', r.topUpWorkingDays, 1, L.maxWorkingDays);
  whole('correctionWorkingDays', r.correctionWorkingDays, 1, L.maxWorkingDays);
  if (r.freezeObjectionWorkingDays !== undefined)
    whole('freezeObjectionWorkingDays', r.freezeObjectionWorkingDays, 1, L.maxWorkingDays);
  return r;
}

/** The version in force on `day`: the latest effective on or before it, else the earliest there is. */
export function rulesInForce(versions: readonly DepositRules[], day: string): DepositRules {
  if (versions.length === 0) throw new Error('no deposit rules stored (the migration seeds a default)');
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  let found = sorted[0];
  for (const v of sorted) if (v.effectiveFrom <= day) found = v;
  return found;
}

/** When duty alerts are raised from: the latest version's setting (a switch, not a rule of a period). */
export function watchedFromOf(versions: readonly DepositRules[]): string | null {
  if (versions.length === 0) return null;
  return [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0].watchedFrom;
}
