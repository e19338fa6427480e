/**
 * The life of a wage case (C1–C4, M1–M4) as data: which moves exist, from which states, to which
 * state, and who may make each (the authority table's column, src/domain/case-authority.ts). Pure:
 * the services in src/services/cases/ load the case in the caller's scope, ask `findMove`,
 * `mayAct` and `factRefusal`, then write the move with who and when (`wage_case_transition`).
 *
 *   RECEIVED ──VERIFY──▶ VERIFIED ──ORDER_PAYMENT──▶ ORDERED ──PAY_IN_FULL──▶ PAID
 *      │                    │                          │
 *      └──FILE──▶ FILED ◀───┴──────────FILE────────────┘    (立案: an unresolved clue, C3)
 *   FILED: VERIFY and ORDER_PAYMENT happen inside it (the state stays FILED; `filedOn` stays set)
 *   ORDERED ──ORDER_PAYMENT──▶ ORDERED: only HRSS's order after another agency's (Order 45's clock)
 *   ORDERED | FILED | LISTED ──TRANSFER_TO_POLICE──▶ TRANSFERRED (C4/M2; M3 also from RECEIVED, VERIFIED)
 *   ORDERED | FILED | TRANSFERRED ──LIST──▶ LISTED (the listing decision, B1–B2)
 *   RECEIVED | VERIFIED | ORDERED | FILED ──GUIDE_TO_COURT──▶ GUIDED_TO_COURT (disputed amounts)
 *   any open state ──CLOSE──▶ CLOSED
 *   any open state ──ESCALATE_TO_GOVERNMENT──▶ the same state (一事一议, R20: an employer that cannot
 *     pay is put to the district government; once per case, recorded beside the state)
 *
 * PAID and CLOSED are final. A payment that leaves arrears is RECORD_PAYMENT (the state stays); the
 * one that clears them is PAY_IN_FULL, which ends VERIFIED, ORDERED and FILED cases as PAID; in
 * TRANSFERRED and LISTED a payment is recorded and the state stays, because the police case and the
 * listing have lives of their own (a listed party is removed by B5, not by a payment).
 */

import { CASE_AUTHORITY, startsListingClock, type CaseActor } from './case-authority';

export const CASE_STATUSES = [
  'RECEIVED',
  'VERIFIED',
  'ORDERED',
  'FILED',
  'TRANSFERRED',
  'LISTED',
  'GUIDED_TO_COURT',
  'PAID',
  'CLOSED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const FINAL_STATUSES: readonly CaseStatus[] = ['PAID', 'CLOSED'];
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export const CASE_ACTIONS = [
  'RECEIVE',
  'VERIFY',
  'ORDER_PAYMENT',
  'RECORD_PAYMENT',
  'PAY_IN_FULL',
  'FILE',
  'TRANSFER_TO_POLICE',
  'RECORD_POLICE_RESULT',
  'LIST',
  'GUIDE_TO_COURT',
  'CLOSE',
  'ESCALATE_TO_GOVERNMENT',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Who may make each move is the authority table's (case-authority.ts); re-exported for the callers. */
export type { CaseActor } from './case-authority';

export interface CaseMove {
  action: CaseAction;
  from: CaseStatus | null;
  to: CaseStatus;
  who: readonly CaseActor[];
}

// "who" is the authority table's column for the action: one table, read here and by every service
const moves = (
  action: CaseAction,
  from: readonly (CaseStatus | null)[],
  to: CaseStatus | 'SAME',
): CaseMove[] =>
  from.map((f) => ({
    action,
    from: f,
    to: to === 'SAME' ? (f as CaseStatus) : to,
    who: CASE_AUTHORITY[action],
  }));

/** Every allowed move. Anything not listed is refused. */
export const CASE_MOVES: readonly CaseMove[] = [
  ...moves('RECEIVE', [null], 'RECEIVED'),
  ...moves('VERIFY', ['RECEIVED'], 'VERIFIED'),
  ...moves('VERIFY', ['FILED'], 'SAME'),
  ...moves('ORDER_PAYMENT', ['VERIFIED'], 'ORDERED'),
  ...moves('ORDER_PAYMENT', ['FILED'], 'SAME'),
  // HRSS's own order after another agency's: only an HRSS order starts the listing clock (factRefusal)
  ...moves('ORDER_PAYMENT', ['ORDERED'], 'SAME'),
  ...moves('RECORD_PAYMENT', ['VERIFIED', 'ORDERED', 'FILED', 'TRANSFERRED', 'LISTED'], 'SAME'),
  ...moves('PAY_IN_FULL', ['VERIFIED', 'ORDERED', 'FILED'], 'PAID'),
  ...moves('PAY_IN_FULL', ['TRANSFERRED', 'LISTED'], 'SAME'),
  ...moves('FILE', ['RECEIVED', 'VERIFIED', 'ORDERED'], 'FILED'),
  ...moves('TRANSFER_TO_POLICE', ['RECEIVED', 'VERIFIED', 'ORDERED', 'FILED', 'LISTED'], 'TRANSFERRED'),
  ...moves('RECORD_POLICE_RESULT', ['TRANSFERRED'], 'SAME'),
  ...moves('LIST', ['ORDERED', 'FILED', 'TRANSFERRED'], 'LISTED'),
  ...moves('GUIDE_TO_COURT', ['RECEIVED', 'VERIFIED', 'ORDERED', 'FILED'], 'GUIDED_TO_COURT'),
  ...moves('CLOSE', OPEN_STATUSES, 'CLOSED'),
  ...moves('ESCALATE_TO_GOVERNMENT', OPEN_STATUSES, 'SAME'),
];

export const isCaseStatus = (s: string): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s);

/** The move `action` makes from `from`, or null when the table has none. */
export function findMove(action: CaseAction, from: string | null): CaseMove | null {
  return CASE_MOVES.find((m) => m.action === action && m.from === from) ?? null;
}

/**
 * The move from `from` to a different state `to`, for callers that name the target (a listing
 * decision moves a case to LISTED). At most one action leads from one state to another.
 */
export function moveTo(from: string, to: string): CaseMove | null {
  if (from === to) return null;
  return CASE_MOVES.find((m) => m.from === from && m.to === to) ?? null;
}

/** Whether any move leads from `from` to the different state `to`. */
export const canMove = (from: string, to: string): boolean => moveTo(from, to) !== null;

/**
 * The moves other modules make by naming the target state (recordCaseTransition): only the listing
 * decision. Every other move has its own mutation here, which checks its own facts (a payment that
 * clears the arrears, an order with its deadline, …) and must not be bypassed.
 */
export const MOVES_BY_TARGET: readonly CaseAction[] = ['LIST'];

/** The grounds of a transfer to the police (C4, M2, M3). */
export const POLICE_REFERRAL_GROUNDS = [
  'REFUSAL_TO_PAY',
  'ASSET_TRANSFER_OR_FLIGHT',
  'FABRICATED_CLAIM',
] as const;
export type PoliceReferralGround = (typeof POLICE_REFERRAL_GROUNDS)[number];

/** The facts of a case that the guards read. Amounts in fen; dates `YYYY-MM-DD`. */
export interface CaseFacts {
  status: CaseStatus;
  verifiedOn: string | null;
  orderDeadline: string | null;
  /** the org that issued the order to pay, when there is one */
  orderIssuedByOrg?: string | null;
  arrearsOutstandingFen: bigint;
  transferredOn: string | null;
}

/**
 * Why the case's facts forbid `action` on `on` by an officer of `byOrg` although the table allows
 * it, or null. Each reason is a sentence for the caller (the service makes it a CONFLICT).
 */
export function factRefusal(
  action: CaseAction,
  facts: CaseFacts,
  on: string,
  ground: PoliceReferralGround = 'REFUSAL_TO_PAY',
  byOrg?: string,
): string | null {
  const arrears = facts.arrearsOutstandingFen > 0n;
  switch (action) {
    case 'VERIFY':
      return facts.verifiedOn ? `the claim was already verified on ${facts.verifiedOn}` : null;
    case 'ORDER_PAYMENT':
      if (!facts.verifiedOn)
        return 'an order to pay needs the verified debtor and amounts first (verifyWageClaim)';
      // one order per case, except HRSS's own after another agency's: the listing clock (Order 45)
      // runs only from an HRSS order, and without it the case could never be listed
      if (
        facts.orderDeadline &&
        !(
          startsListingClock({ org: byOrg ?? null }) &&
          !startsListingClock({ org: facts.orderIssuedByOrg ?? null })
        )
      )
        return `an order to pay was already issued, with deadline ${facts.orderDeadline}`;
      return arrears ? null : 'no arrears are outstanding';
    case 'RECORD_PAYMENT':
    case 'PAY_IN_FULL':
      if (!facts.verifiedOn)
        return 'payments are recorded against the verified arrears: verify the claim first';
      return arrears ? null : 'no arrears are outstanding';
    case 'TRANSFER_TO_POLICE':
      if (facts.transferredOn)
        return `the case was already transferred to the police on ${facts.transferredOn}`;
      if (ground === 'FABRICATED_CLAIM') return null;
      if (!facts.orderDeadline) return 'a transfer for arrears needs an order to pay (orderPayment) first';
      if (!arrears) return 'the arrears have been paid';
      if (ground === 'REFUSAL_TO_PAY' && on <= facts.orderDeadline) {
        return `the order's deadline ${facts.orderDeadline} has not passed on ${on}`;
      }
      return null;
    default:
      return null;
  }
}

/** Whether `actors` (what the caller is to this case) include one the move admits. */
export const actorMayMove = (move: CaseMove, actors: readonly CaseActor[]): boolean =>
  move.who.some((w) => actors.includes(w));

export { describeActors } from './case-authority';
