import type { Caller } from '../../auth/caller';
import { CASE_AUTHORITY, describeActors, mayAct } from '../../domain/case-authority';
import {
  factRefusal,
  findMove,
  type CaseAction,
  type CaseMove,
  type PoliceReferralGround,
} from '../../domain/case-states';
import { badInput, conflict, forbidden, notFound } from '../../domain/errors';
import { sql } from '../../db/sql';
import type { WageCase } from '../../entities';
import type { ServiceContext } from '../context';
import { assertStatedDate } from '../stated-date';
import { insertTransition } from './listing-facts';
import { findCaseForUpdate } from './scope';
import { now as clockNow } from '../../clock';

/** Who may make any move of `action`: the authority table's column. */
export const whoFor = (action: CaseAction): CaseMove['who'] => CASE_AUTHORITY[action];

/** FORBIDDEN for a caller who sees the case but may not make the move (the message names no district). */
export function assertMayAct(caller: Caller, wageCase: WageCase, action: CaseAction): void {
  if (!mayAct(caller, wageCase, action)) {
    throw forbidden(`${action} on this case is for ${describeActors(whoFor(action))}`);
  }
}

export interface MoveRequest {
  caseId: string;
  action: CaseAction;
  /** the date of the step, and the input field that carries it */
  on: string;
  onField: string;
  ground?: PoliceReferralGround;
}

/**
 * The first half of every move on an existing case: the step's date a real one and not after
 * today (BAD_USER_INPUT naming the field), the case in scope (else NOT_FOUND, saying nothing of
 * it) and then locked, the caller one who may make the move (FORBIDDEN), then `validate` (the
 * input's own checks: BAD_USER_INPUT), the move allowed from the current state (CONFLICT), the date
 * not before the case's last step (BAD_USER_INPUT naming the field) and the move allowed by the
 * facts (CONFLICT). Returns the case and the move.
 */
export async function beginMove(
  ctx: ServiceContext,
  req: MoveRequest,
  validate: (wageCase: WageCase) => void = () => undefined,
): Promise<{ wageCase: WageCase; move: CaseMove }> {
  assertStatedDate(req.on, req.onField);
  const wageCase = await findCaseForUpdate(ctx, req.caseId);
  if (!wageCase) throw notFound(`caseId: case ${req.caseId}`);
  assertMayAct(ctx.caller, wageCase, req.action);
  validate(wageCase);
  const move = findMove(req.action, wageCase.status);
  if (!move)
    throw conflict(`status: a case in state ${wageCase.status} cannot take the step ${req.action}`, 'status');
  const [last] = await sql<{ last_on: string | null }>(
    ctx.em,
    `select to_char(max(on_date), 'YYYY-MM-DD') as last_on from wage_case_transition where case_id = ?`,
    [wageCase.id],
  );
  if (last?.last_on && req.on < last.last_on) {
    throw badInput(req.onField, `${req.on} is before the case's last step on ${last.last_on}`);
  }
  const refusal = factRefusal(
    req.action,
    {
      status: wageCase.status,
      verifiedOn: wageCase.verifiedOn,
      orderDeadline: wageCase.orderDeadline,
      orderIssuedByOrg: wageCase.orderIssuedByOrg,
      arrearsOutstandingFen: arrearsOf(wageCase),
      transferredOn: wageCase.transferredOn,
    },
    req.on,
    req.ground,
    ctx.caller.org,
  );
  if (refusal) throw conflict(`${req.action}: ${refusal}`);
  return { wageCase, move };
}

/** The second half: the new state written and the move kept with who and when. */
export async function finishMove(
  ctx: ServiceContext,
  wageCase: WageCase,
  move: CaseMove,
  on: string,
  note: string | null,
): Promise<WageCase> {
  const from = wageCase.status;
  wageCase.status = move.to;
  wageCase.updatedAt = clockNow();
  await ctx.em.flush();
  await insertTransition(ctx.em, wageCase.id, move.action, from, move.to, ctx.caller, on, note);
  return wageCase;
}

export const arrearsOf = (c: { verifiedTotalFen: bigint; paidTotalFen: bigint }): bigint =>
  c.verifiedTotalFen > c.paidTotalFen ? c.verifiedTotalFen - c.paidTotalFen : 0n;
