/**
 * The penalties of the Regulation (《保障农民工工资支付条例》 arts. 54–58; RULES.md "Penalties") as
 * data: each code's fine range (fen, both limits included), the consequences it allows, and who
 * orders it. Every code is "order to correct by a deadline; if not corrected, then" the fine.
 */

export const PENALTY_CODES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type PenaltyCode = (typeof PENALTY_CODES)[number];

export const PENALTY_CONSEQUENCES = [
  'STOP_WORK',
  'RESTRICT_BIDDING',
  'QUALIFICATION_LOWERED',
  'QUALIFICATION_REVOKED',
  'NONE',
] as const;
export type PenaltyConsequence = (typeof PENALTY_CONSEQUENCES)[number];

/** Who a fine is on: the unit (the enterprise) or, under P1 only, one responsible person. */
export type PenaltyPartyKind = 'UNIT' | 'PERSON';

/** Which agencies order a code (the Regulation's "由……责令"). */
export type PenaltyAuthority = 'HRSS' | 'INDUSTRY_AUTHORITY' | 'FINANCIAL_REGULATOR';

export interface FineRange {
  minFen: bigint;
  maxFen: bigint;
}

export interface PenaltyRule {
  code: PenaltyCode;
  article: string;
  /** the fine on the unit, and (P1) on each responsible person */
  ranges: { UNIT: FineRange } & Partial<Record<PenaltyPartyKind, FineRange>>;
  /** the consequences the code allows; the first is what an ordinary case gets */
  consequences: readonly PenaltyConsequence[];
  /** whether the project is stopped with the fine (P2, P4: 责令项目停工，并处罚款) */
  stopsWork: boolean;
  authorities: readonly PenaltyAuthority[];
  /** which of the project's parties the code may be imposed on; null: any registered party */
  parties: readonly ('OWNER' | 'CONTRACTOR')[] | null;
  violations: string;
}

const yuan = (n: number): bigint => BigInt(n) * 100n;
const range = (min: number, max: number): FineRange => ({ minFen: yuan(min), maxFen: yuan(max) });

export const PENALTY_RULES: Readonly<Record<PenaltyCode, PenaltyRule>> = Object.freeze({
  P1: {
    code: 'P1',
    article: 'art. 54',
    ranges: { UNIT: range(20_000, 50_000), PERSON: range(10_000, 30_000) },
    consequences: ['NONE'],
    stopsWork: false,
    authorities: ['HRSS'],
    parties: null,
    violations: 'wages paid in kind or securities; no payroll ledger or pay slip; workers’ cards withheld',
  },
  P2: {
    code: 'P2',
    article: 'art. 55',
    ranges: { UNIT: range(50_000, 100_000) },
    // stop work always; the serious sanctions fall on the construction unit (施工单位)
    consequences: ['STOP_WORK', 'RESTRICT_BIDDING', 'QUALIFICATION_LOWERED', 'QUALIFICATION_REVOKED'],
    stopsWork: true,
    authorities: ['HRSS', 'INDUSTRY_AUTHORITY'],
    parties: null,
    violations: 'no special account opened or used; no deposit or guarantee; no real-name management',
  },
  P3: {
    code: 'P3',
    article: 'art. 56',
    ranges: { UNIT: range(50_000, 100_000) },
    consequences: ['NONE'],
    stopsWork: false,
    authorities: ['HRSS', 'INDUSTRY_AUTHORITY'],
    parties: null,
    violations:
      'no monthly workload check or worker-signed payroll; subcontractor labour unsupervised; no cooperation; no rights-protection board',
  },
  P4: {
    code: 'P4',
    article: 'art. 57',
    ranges: { UNIT: range(50_000, 100_000) },
    consequences: ['STOP_WORK'],
    stopsWork: true,
    authorities: ['HRSS', 'INDUSTRY_AUTHORITY'],
    parties: ['OWNER', 'CONTRACTOR'],
    violations:
      'owner gives no payment guarantee or does not transfer labour cost on time and in full; records withheld',
  },
  P5: {
    code: 'P5',
    article: 'art. 58',
    ranges: { UNIT: range(20_000, 50_000) },
    consequences: ['NONE'],
    stopsWork: false,
    authorities: ['FINANCIAL_REGULATOR'],
    parties: null,
    violations: 'a financial institution refuses to help HRSS query accounts',
  },
});

/** The serious sanctions of P2: imposed only on the project's general contractor (施工单位). */
export const CONTRACTOR_ONLY_CONSEQUENCES: readonly PenaltyConsequence[] = [
  'RESTRICT_BIDDING',
  'QUALIFICATION_LOWERED',
  'QUALIFICATION_REVOKED',
];

/** `12345678` fen → `¥123,456.78`: how a range reads in a message. */
export function formatYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${whole}.${cents}`;
}

const PARTY_WORDS: Record<PenaltyPartyKind, string> = { UNIT: 'a unit', PERSON: 'each responsible person' };

/** The range that applies, or a reason the code has no fine for that kind of party. */
export function fineRange(code: PenaltyCode, kind: PenaltyPartyKind): FineRange | null {
  return PENALTY_RULES[code].ranges[kind] ?? null;
}

/** e.g. "P1 for a unit is ¥20,000.00–¥50,000.00" */
export function describeRange(code: PenaltyCode, kind: PenaltyPartyKind): string {
  const r = fineRange(code, kind);
  if (!r) return `${code} has no fine on a person`;
  return `${code} for ${PARTY_WORDS[kind]} is ${formatYuan(r.minFen)}–${formatYuan(r.maxFen)}`;
}

/** Why a fine is outside its legal range (the message of a BAD_USER_INPUT on `fine`), or null. */
export function fineProblem(code: PenaltyCode, kind: PenaltyPartyKind, fineFen: bigint): string | null {
  const r = fineRange(code, kind);
  if (!r) return `${code} has no fine on a responsible person; only P1 fines persons`;
  if (fineFen < r.minFen || fineFen > r.maxFen) {
    return `${describeRange(code, kind)}; ${formatYuan(fineFen)} is outside it`;
  }
  return null;
}

/** Why `consequence` is not one the code allows, or null. */
export function consequenceProblem(code: PenaltyCode, consequence: PenaltyConsequence): string | null {
  const allowed = PENALTY_RULES[code].consequences;
  if (allowed.includes(consequence)) return null;
  return `${code} (${PENALTY_RULES[code].article}) allows ${allowed.join(', ')}; not ${consequence}`;
}
