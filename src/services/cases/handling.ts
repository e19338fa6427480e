import { assertIsoDate, yearOf } from '../../domain/dates';
import { badInput } from '../../domain/errors';
import { normalizeUscc } from '../../domain/identifiers';
import { formatMoney } from '../../domain/money';
import { findMove, type PoliceReferralGround } from '../../domain/case-states';
import { startsListingClock } from '../../domain/case-authority';
import { WageCaseLine, WageCasePayment, type WageCase } from '../../entities';
import { loadWorkingCalendar } from '../calendar';
import { requiredText, type ServiceContext } from '../context';
import { requireEnterprise } from '../enterprises';
import { addNotices, noticeDedupeKey, recipientKey } from '../outbox';
import { routedTo } from './actors';
import { arrearsOf, beginMove, finishMove } from './moves';
import { requireResidentId } from './personal-data';
import { assertAssessedForTransfer } from './supervision';
import { owedLinesFromLedger } from './ledger-lines';

/** B2: the listing decision is due within this many working days after the order's deadline. */
export const LISTING_DECISION_WORKING_DAYS = 20;
export const MAX_VERIFICATION_LINES = 5_000;
export const MAX_MONTHS_OWED = 600;

export interface VerificationLineInput {
  workerName: string;
  workerIdNumber: string;
  monthsOwed: number;
  amountFen: bigint;
}

export interface VerificationInput {
  debtorUscc: string;
  verifiedOn: string;
  /** none when linesFromLedger */
  lines?: VerificationLineInput[] | null;
  /** the lines from the project's wage ledger (R6): every worker it shows owed (ledger-lines.ts) */
  linesFromLedger?: boolean | null;
}

/**
 * C2: the verified debtor and, per worker, the months and the amount owed. The verified total is
 * the sum of the lines; the ID numbers are checked (GB 11643) and one worker appears once. The
 * claim's own amount and number of workers stay as they were received.
 */
export async function verifyWageClaim(
  ctx: ServiceContext,
  caseId: string,
  input: VerificationInput,
): Promise<WageCase> {
  assertIsoDate(input.verifiedOn, 'verifiedOn');
  const fromLedger = input.linesFromLedger === true;
  if (fromLedger && input.lines?.length)
    throw badInput('linesFromLedger', 'give either lines or linesFromLedger, not both');
  const given = fromLedger ? null : checkLines(input.lines ?? []);
  const { wageCase, move } = await beginMove(
    ctx,
    { caseId, action: 'VERIFY', on: input.verifiedOn, onField: 'verifiedOn' },
    (c) => notBeforeReceipt(c, input.verifiedOn, 'verifiedOn'),
  );
  const lines = given ?? checkLines(await owedLinesFromLedger(ctx.em, wageCase.project?.id));
  const debtor = await requireEnterprise(ctx, normalizeUscc(input.debtorUscc.trim()), 'debtorUscc');
  lines.forEach((line, position) => ctx.em.create(WageCaseLine, { wageCase, position, ...line }));
  wageCase.debtor = debtor;
  wageCase.verifiedOn = input.verifiedOn;
  wageCase.verifiedTotalFen = lines.reduce((sum, l) => sum + l.amountFen, 0n);
  return finishMove(
    ctx,
    wageCase,
    move,
    input.verifiedOn,
    `${lines.length} workers, ${formatMoney(wageCase.verifiedTotalFen)} owed by ${debtor.uscc}`,
  );
}

function checkLines(input: VerificationLineInput[]): VerificationLineInput[] {
  if (!Array.isArray(input) || input.length === 0) throw badInput('lines', 'must name at least one worker');
  if (input.length > MAX_VERIFICATION_LINES)
    throw badInput('lines', `must have at most ${MAX_VERIFICATION_LINES} workers`);
  const seen = new Map<string, number>();
  return input.map((line, i) => {
    const field = `lines[${i}]`;
    const workerName = requiredText(line.workerName, `${field}.workerName`, 100);
    const workerIdNumber = requireResidentId(line.workerIdNumber, `${field}.workerIdNumber`);
    const earlier = seen.get(workerIdNumber);
    if (earlier !== undefined) {
      throw badInput(
        `${field}.workerIdNumber`,
        `is the same worker as lines[${earlier}]; give one line per worker`,
      );
    }
    seen.set(workerIdNumber, i);
    if (!Number.isInteger(line.monthsOwed) || line.monthsOwed < 1 || line.monthsOwed > MAX_MONTHS_OWED) {
      throw badInput(`${field}.monthsOwed`, `must be a whole number of months from 1 to ${MAX_MONTHS_OWED}`);
    }
    if (line.amountFen <= 0n) throw badInput(`${field}.amount`, 'must be more than 0');
    return { workerName, workerIdNumber, monthsOwed: line.monthsOwed, amountFen: line.amountFen };
  });
}

function notBeforeReceipt(c: WageCase, on: string, field: string): void {
  if (on < c.receivedOn) throw badInput(field, `${on} is before the claim was received on ${c.receivedOn}`);
}

/**
 * 责令限期支付 (C2): an order to pay the verified arrears by `deadline`, which must be after
 * `issuedOn` and a working day (an order's last day on a day off would move by Civil Code art. 203;
 * the hub asks for the real last day instead, so that every later rule reads one date). Records who
 * issued it (org and district). An HRSS order (district or city) fixes the listing decision
 * deadline: the 20th working day after the deadline (B2), counted from the day after it (Civil
 * Code art. 201) on the loaded calendar. A year not loaded is counted on the calendar's provisional
 * rule (Monday–Friday less the fixed-date holidays) and the case says so (`deadlinesProvisional`)
 * until city HRSS loads the year, which recomputes it (calendar-recompute.ts). Another agency's
 * order starts no listing clock (Order 45 counts from HRSS's order), so it has none.
 */
export async function orderPayment(
  ctx: ServiceContext,
  caseId: string,
  issuedOn: string,
  deadline: string,
): Promise<WageCase> {
  assertIsoDate(issuedOn, 'issuedOn');
  assertIsoDate(deadline, 'deadline');
  if (deadline <= issuedOn) throw badInput('deadline', `must be after the order's issue date ${issuedOn}`);
  const { wageCase, move } = await beginMove(ctx, {
    caseId,
    action: 'ORDER_PAYMENT',
    on: issuedOn,
    onField: 'issuedOn',
  });
  const calendar = await loadWorkingCalendar(ctx.em);
  const deadlineDay = calendar.workingDayStatus(deadline);
  if (!deadlineDay.working) {
    const provisionally = deadlineDay.provisional
      ? ` (provisionally: ${yearOf(deadline)} is not loaded)`
      : '';
    throw badInput(
      'deadline',
      `${deadline} is not a working day${provisionally}; an order's last day should be one (the next is ${calendar.nextWorkingDayFrom(deadline).date})`,
    );
  }
  const listing = calendar.workingDaysAfter(deadline, LISTING_DECISION_WORKING_DAYS);
  const listingDeadline = listing.date;
  wageCase.orderIssuedOn = issuedOn;
  wageCase.orderDeadline = deadline;
  wageCase.orderIssuedByOrg = ctx.caller.org;
  wageCase.orderIssuedByDistrict = ctx.caller.district;
  // Order 45: only an HRSS order starts the listing clock; another agency's order is still an order
  const hrssOrder = startsListingClock(ctx.caller);
  wageCase.listingDecisionDeadline = hrssOrder ? listingDeadline : null;
  wageCase.deadlinesProvisional = hrssOrder && listing.provisional;
  const result = await finishMove(
    ctx,
    wageCase,
    move,
    issuedOn,
    `pay ${formatMoney(arrearsOf(wageCase))} by ${deadline}; ` +
      (hrssOrder
        ? `listing decision due by ${listingDeadline}` +
          (listing.provisional ? ' (provisional: a calendar year it needs is not loaded)' : '')
        : 'not an HRSS order: no listing clock'),
  );
  return result;
}

/**
 * A payment of the arrears. It may not exceed what is outstanding; the one that clears them ends
 * a VERIFIED, ORDERED or FILED case as PAID (a TRANSFERRED or LISTED case keeps its state: the
 * police case and the listing go on by their own rules).
 */
export async function recordWagePayment(
  ctx: ServiceContext,
  caseId: string,
  paidOn: string,
  amountFen: bigint,
): Promise<WageCase> {
  assertIsoDate(paidOn, 'paidOn');
  if (amountFen <= 0n) throw badInput('amount', 'must be more than 0');
  const found = await beginMove(
    ctx,
    { caseId, action: 'RECORD_PAYMENT', on: paidOn, onField: 'paidOn' },
    (c) => notBeforeReceipt(c, paidOn, 'paidOn'),
  );
  const { wageCase } = found;
  const outstanding = arrearsOf(wageCase);
  if (amountFen > outstanding) {
    throw badInput(
      'amount',
      `${formatMoney(amountFen)} is more than the arrears outstanding, ${formatMoney(outstanding)}`,
    );
  }
  let { move } = found;
  if (amountFen === outstanding) {
    move = findMove('PAY_IN_FULL', wageCase.status)!; // allowed wherever RECORD_PAYMENT is (case-states.ts)
    wageCase.paidInFullOn = paidOn;
  }
  ctx.em.create(WageCasePayment, { wageCase, paidOn, amountFen, bySub: ctx.caller.sub });
  wageCase.paidTotalFen += amountFen;
  return finishMove(
    ctx,
    wageCase,
    move,
    paidOn,
    `paid ${formatMoney(amountFen)}; outstanding ${formatMoney(arrearsOf(wageCase))}`,
  );
}

/** 立案 (C3): an unresolved clue becomes a filed case for the joint investigation team. */
export async function fileCase(
  ctx: ServiceContext,
  caseId: string,
  filedOn: string,
  note?: string | null,
): Promise<WageCase> {
  assertIsoDate(filedOn, 'filedOn');
  const text = optionalText(note, 'note');
  const { wageCase, move } = await beginMove(
    ctx,
    { caseId, action: 'FILE', on: filedOn, onField: 'filedOn' },
    (c) => notBeforeReceipt(c, filedOn, 'filedOn'),
  );
  wageCase.filedOn = filedOn;
  return finishMove(ctx, wageCase, move, filedOn, text);
}

/**
 * C4/M2/M3: transfer to the police. REFUSAL_TO_PAY (拒不支付劳动报酬, Regulation art. 41) only after
 * the order's deadline has passed with arrears unpaid; ASSET_TRANSFER_OR_FLIGHT (M2) after an order,
 * with arrears unpaid, even before its deadline; FABRICATED_CLAIM (M3: a claim made up to extract
 * project money) at any open stage before the order.
 */
export async function transferToPolice(
  ctx: ServiceContext,
  caseId: string,
  on: string,
  note: string,
  ground: PoliceReferralGround = 'REFUSAL_TO_PAY',
): Promise<WageCase> {
  assertIsoDate(on, 'on');
  const text = requiredText(note ?? '', 'note', 2000);
  const { wageCase, move } = await beginMove(ctx, {
    caseId,
    action: 'TRANSFER_TO_POLICE',
    on,
    onField: 'on',
    ground,
  });
  await assertAssessedForTransfer(ctx, wageCase.id, ground, on); // M1 before M2/M3
  wageCase.transferredOn = on;
  wageCase.policeGround = ground;
  return finishMove(ctx, wageCase, move, on, `${ground}: ${text}`);
}

/** M4: the police copy their result back; the case's agency and the district HRSS are told. */
export async function recordPoliceResult(
  ctx: ServiceContext,
  caseId: string,
  on: string,
  result: string,
): Promise<WageCase> {
  assertIsoDate(on, 'on');
  const text = requiredText(result ?? '', 'result', 2000);
  const { wageCase, move } = await beginMove(ctx, {
    caseId,
    action: 'RECORD_POLICE_RESULT',
    on,
    onField: 'on',
  });
  wageCase.policeResultOn = on;
  wageCase.policeResult = text;
  await finishMove(ctx, wageCase, move, on, text);
  const recipients = [...new Set([routedTo(wageCase), recipientKey.hrss(wageCase.districtCode)])];
  await addNotices(
    ctx.em,
    recipients.map((recipient) => ({
      topic: 'CASE_POLICE_RESULT',
      recipient,
      dedupeKey: noticeDedupeKey('CASE_POLICE_RESULT', `${wageCase.id}|${on}`, recipient),
      payload: { caseId: wageCase.id, on },
    })),
  );
  return wageCase;
}

/** C4: disputed amounts or quantities: the workers are guided to the courts (or arbitration). */
export async function guideToCourt(
  ctx: ServiceContext,
  caseId: string,
  on: string,
  reason: string,
): Promise<WageCase> {
  assertIsoDate(on, 'on');
  const text = requiredText(reason ?? '', 'reason', 2000);
  const { wageCase, move } = await beginMove(
    ctx,
    { caseId, action: 'GUIDE_TO_COURT', on, onField: 'on' },
    (c) => notBeforeReceipt(c, on, 'on'),
  );
  wageCase.guidedToCourtOn = on;
  return finishMove(ctx, wageCase, move, on, text);
}

/** Closes an open case with its reason (unfounded, withdrawn, duplicate, settled in court, …). */
export async function closeCase(
  ctx: ServiceContext,
  caseId: string,
  on: string,
  reason: string,
): Promise<WageCase> {
  assertIsoDate(on, 'on');
  const text = requiredText(reason ?? '', 'reason', 2000);
  const { wageCase, move } = await beginMove(ctx, { caseId, action: 'CLOSE', on, onField: 'on' }, (c) =>
    notBeforeReceipt(c, on, 'on'),
  );
  wageCase.closedOn = on;
  wageCase.closeReason = text;
  return finishMove(ctx, wageCase, move, on, text);
}

function optionalText(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, 2000);
}
