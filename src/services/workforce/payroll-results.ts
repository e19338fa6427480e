/**
 * The account's bank reports each payroll line's result (R6): PAID with the bankEventId of the
 * debit that paid it, or FAILED. A later PAID after a FAILED is the retry: the line is paid, and
 * `first_failed_on` stays (how long the failure lasted is a fact a case officer needs). A paid line
 * stays paid: FAILED after PAID, or PAID again by another debit, is refused (CONFLICT). The same
 * result again changes nothing. The whole call is refused on any problem, each naming
 * `results[i].field`; nothing of it is stored.
 */
import { now as clockNow } from '../../clock';
import { sql } from '../../db/sql';
import { shanghaiDateOf } from '../../domain/dates';
import { DomainError, forbidden, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/uuid';
import { lookupHash } from '../../personal-data/cipher';
import type { ServiceContext } from '../context';
import { loadWorkforceProjects } from './access';
import type { Problem } from './payroll-lines';
import { residentId, RowRefusal } from './rows';
import { evaluatePayrollAlerts } from './pay-alerts';

export const MAX_RESULTS_PER_CALL = 5000;
/** a bank's clock may run a little ahead, as at intake */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface PayrollResultInput {
  workerIdNumber: string;
  status: 'PAID' | 'FAILED';
  at: Date;
  bankEventId?: string | null;
  failureReason?: string | null;
}

interface StoredLine {
  id: string;
  idHash: string;
  status: 'PENDING' | 'PAID' | 'FAILED';
  bankEventId: string | null;
  failureReason: string | null;
  /** as the driver gives it (a string or a Date) */
  resultAt: Date | string | null;
}

/** Records the results; answers the payroll's id. */
export async function recordPayrollResults(
  ctx: ServiceContext,
  payrollId: string,
  results: readonly PayrollResultInput[],
): Promise<string> {
  if (ctx.caller.org !== 'BANK' || !ctx.caller.bank)
    throw forbidden(
      "payroll results are reported by the bank holding the project's special account (BANK token)",
    );
  const [payroll] = isUuid(payrollId)
    ? await sql<{ projectId: string }>(
        ctx.em,
        `select project_id::text as "projectId" from payroll where id = ?`,
        [payrollId],
      )
    : [];
  if (!payroll) throw notFound(`payrollId: payroll ${payrollId}`);
  const project = (await loadWorkforceProjects(ctx.em, [payroll.projectId])).get(payroll.projectId)!;
  if (project.bankCode !== ctx.caller.bank)
    throw forbidden("only the bank holding the project's special account reports its payroll results");
  if (results.length === 0 || results.length > MAX_RESULTS_PER_CALL)
    throw new DomainError('BAD_USER_INPUT', `results: 1 to ${MAX_RESULTS_PER_CALL} per call`, 'results');

  const lines = await sql<StoredLine>(
    ctx.em,
    `select l.id::text, w.id_number_hash as "idHash", l.status, l.bank_event_id as "bankEventId",
            l.failure_reason as "failureReason", l.result_at as "resultAt"
       from payroll_line l join worker w on w.id = l.worker_id where l.payroll_id = ? for update of l`,
    [payrollId],
  );
  const byWorker = new Map(lines.map((l) => [l.idHash, l]));
  const problems: Problem[] = [];
  const conflicts: Problem[] = [];
  const updates = new Map<string, Record<string, unknown>>();
  const latest = clockNow().getTime() + FUTURE_TOLERANCE_MS;
  results.forEach((r, i) => {
    const at = (field: string) => `results[${i}].${field}`;
    let idNumber: string;
    try {
      idNumber = residentId(r.workerIdNumber, 'workerIdNumber');
    } catch (err) {
      if (!(err instanceof RowRefusal)) throw err;
      problems.push({ field: at('workerIdNumber'), message: err.message.replace(/^workerIdNumber: /, '') });
      return;
    }
    const line = byWorker.get(lookupHash('ID', idNumber));
    if (!line)
      return void problems.push({ field: at('workerIdNumber'), message: 'has no line on this payroll' });
    if (r.at.getTime() > latest) return void problems.push({ field: at('at'), message: 'is in the future' });
    const eventId = r.bankEventId?.trim() || null;
    if (eventId && eventId.length > 128)
      return void problems.push({ field: at('bankEventId'), message: 'must be at most 128 characters' });
    const reason = r.failureReason?.trim() || null;
    if (reason && reason.length > 200)
      return void problems.push({ field: at('failureReason'), message: 'must be at most 200 characters' });
    if (updates.has(line.id))
      return void problems.push({
        field: at('workerIdNumber'),
        message: 'has a result earlier in this call',
      });
    if (r.status === 'PAID') {
      if (!eventId)
        return void problems.push({
          field: at('bankEventId'),
          message: 'names the debit that paid the line',
        });
      if (line.status === 'PAID') {
        if (line.bankEventId !== eventId)
          conflicts.push({ field: at('bankEventId'), message: 'the line was paid by another debit' });
        return; // the same result again
      }
      updates.set(line.id, {
        id: line.id,
        status: 'PAID',
        paid_on: shanghaiDateOf(r.at),
        bank_event_id: eventId,
        failed_on: null,
        failure_reason: line.failureReason,
        result_at: r.at.toISOString(),
      });
      return;
    }
    if (line.status === 'PAID')
      return void conflicts.push({
        field: at('status'),
        message: 'the line is paid; a paid line stays paid',
      });
    const failureReason = reason ?? (eventId ? `bank event ${eventId}` : null);
    if (
      line.status === 'FAILED' &&
      line.resultAt !== null &&
      new Date(line.resultAt).getTime() === r.at.getTime() &&
      line.failureReason === failureReason
    )
      return; // the same failure again
    updates.set(line.id, {
      id: line.id,
      status: 'FAILED',
      paid_on: null,
      bank_event_id: null,
      failed_on: shanghaiDateOf(r.at),
      failure_reason: failureReason,
      result_at: r.at.toISOString(),
    });
  });
  if (problems.length) throw refusal('BAD_USER_INPUT', problems);
  if (conflicts.length) throw refusal('CONFLICT', conflicts);
  if (updates.size)
    await sql(
      ctx.em,
      `update payroll_line l set status = v.status, paid_on = coalesce(v.paid_on, l.paid_on),
              bank_event_id = coalesce(v.bank_event_id, l.bank_event_id),
              first_failed_on = coalesce(l.first_failed_on, v.failed_on),
              failure_reason = v.failure_reason, result_at = v.result_at
         from jsonb_to_recordset(?::jsonb) as v(id uuid, status text, paid_on date, bank_event_id text,
              failed_on date, failure_reason text, result_at timestamptz)
        where l.id = v.id`,
      [JSON.stringify([...updates.values()])],
    );
  // paid lines can close ATTENDED_NOT_PAID and a failure's PAYMENT_FAILED_UNRESOLVED; a failure starts its count
  if (updates.size) await evaluatePayrollAlerts(ctx.em, [project.id]);
  return payrollId;
}

function refusal(code: 'BAD_USER_INPUT' | 'CONFLICT', problems: Problem[]): DomainError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return new DomainError(code, `${first.field}: ${first.message}${more}`, first.field, undefined, problems);
}
