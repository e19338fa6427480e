/**
 * The canonical account event every bank adapter produces and the ingestion service stores.
 * Amounts are integer fen; `bookedAt` is an instant. `raw` is what the bank sent for this event,
 * kept for audit. Adapters are pure: they never look anything up.
 */
export const ACCOUNT_EVENT_TYPES = [
  'CREDIT',
  /** a credit taken back by the bank (camt RvslInd, CSV red ink, 冲正): lowers the labour cost counted */
  'CREDIT_REVERSAL',
  'DEBIT',
  'ACCOUNT_OPENED',
  'ACCOUNT_CLOSED',
  'FREEZE_ATTEMPT',
  'PAYMENT_FAILED',
] as const;
export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];

export interface AccountEvent {
  bankEventId: string;
  accountNo: string;
  type: AccountEventType;
  /** integer fen; present and > 0 for CREDIT, CREDIT_REVERSAL and DEBIT; a FREEZE_ATTEMPT's: the amount sought, when given */
  amountFen: bigint | null;
  bookedAt: Date;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  memo: string | null;
  /** for a CREDIT_REVERSAL: the bankEventId of the credit it takes back, when the bank says */
  reverses?: string | null;
  /** for a FREEZE_ATTEMPT: the court whose order it is, when the bank says (R10) */
  court?: string | null;
  /** for a FREEZE_ATTEMPT: the order's number, when the bank says */
  orderNo?: string | null;
  raw: unknown;
}

/** One input row an adapter or the GraphQL input could not turn into an event. */
export interface RejectedEvent {
  index: number;
  code: string;
  message: string;
}
