/**
 * Payroll through the special account (R6; Regulation art. 31): the general contractor submits a
 * team's month (工资支付表) under its own number — the national platform's `thirdPayRollCode`, the
 * natural idempotency key — and the account's bank reports each line's result (payroll-results.ts,
 * payroll-push.ts). The same reference with the same content is the same payroll; with other
 * content it is refused (CONFLICT): a correction is a new payroll under a new number, so what the
 * bank was asked to pay is never rewritten under it.
 */
import { randomUUID } from 'node:crypto';
import { todayInShanghai } from '../../clock';
import { sql } from '../../db/sql';
import { badInput, conflict } from '../../domain/errors';
import { maskAccountNo } from '../../domain/identifiers';
import { isUuid } from '../../domain/uuid';
import { contentHash, encryptPersonal } from '../../personal-data/cipher';
import type { ServiceContext } from '../context';
import { projectOfContractor, recorderOf } from './access';
import {
  MAX_PAYROLL_LINES,
  checkLineShapes,
  checkLinesAgainstRegister,
  payrollRefused,
  type PayrollLineInput,
  type RegisteredWorker,
} from './payroll-lines';
import { assertMonth } from './reads';
import { assertBatchSize } from './registration';
import { evaluatePayrollAlerts } from './pay-alerts';

export interface PayrollInput {
  projectId: string;
  teamId: string;
  month: string;
  reference: string;
  lines: PayrollLineInput[];
}

/** The sender's payroll number: what a bank's memo quotes, so its characters are kept plain. */
export const PAYROLL_REFERENCE = /^[0-9A-Za-z][0-9A-Za-z_./-]{0,63}$/;

/** Stores the payroll (or finds its replay) and answers its id. */
export async function submitPayroll(ctx: ServiceContext, input: PayrollInput): Promise<string> {
  const project = await projectOfContractor(ctx.em, ctx.caller, input.projectId);
  const reference = (input.reference ?? '').trim();
  if (!PAYROLL_REFERENCE.test(reference))
    throw badInput(
      'reference',
      'must be 1–64 characters from 0-9, A-Z, a-z and _ . / - (starting with a letter or digit)',
    );
  assertMonth(input.month);
  if (input.month > todayInShanghai().slice(0, 7))
    throw badInput('month', 'is in the future; a payroll is made for a month worked');
  if (!isUuid(input.teamId)) throw badInput('teamId', 'is not a team registered on the project');
  const [team] = await sql(ctx.em, `select 1 from work_team where id = ? and project_id = ?`, [
    input.teamId,
    project.id,
  ]);
  if (!team) throw badInput('teamId', 'is not a team registered on the project');
  assertBatchSize(input.lines, 'lines', MAX_PAYROLL_LINES);

  const { checked, problems } = checkLineShapes(input.lines);
  const registered = await sql<RegisteredWorker & { idHash: string }>(
    ctx.em,
    `select id::text, team_id::text as "teamId", card_hash as "cardHash", id_number_hash as "idHash"
       from worker where project_id = ? and id_number_hash = any(?)`,
    [project.id, [...new Set(checked.map((l) => l.idHash))]],
  );
  const workers = new Map(registered.map((w) => [w.idHash, w]));
  problems.push(...checkLinesAgainstRegister(checked, input.teamId, workers));
  if (problems.length) {
    problems.sort((a, b) => lineOf(a.field) - lineOf(b.field));
    throw payrollRefused(problems);
  }

  // keyed digest over the hashes, never the numbers; line order does not make another payroll
  const hash = contentHash({
    teamId: input.teamId,
    month: input.month,
    lines: checked
      .map((l) => [l.idHash, l.cardHash, l.days, l.workHours, l.grossFen.toString(), l.netFen.toString()])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  });
  const id = randomUUID();
  const inserted = await sql<{ id: string }>(
    ctx.em,
    `insert into payroll (id, project_id, team_id, reference, pay_month, content_hash, submitted_by)
     values (?, ?, ?, ?, ?, ?, ?) on conflict (project_id, reference) do nothing returning id::text`,
    [id, project.id, input.teamId, reference, input.month, hash, recorderOf(ctx.caller)],
  );
  if (!inserted.length) {
    const [stored] = await sql<{ id: string; content_hash: string }>(
      ctx.em,
      `select id::text, content_hash from payroll where project_id = ? and reference = ?`,
      [project.id, reference],
    );
    if (stored.content_hash !== hash)
      throw conflict(
        `reference: payroll ${reference} was submitted with other content; a corrected payroll takes a new reference`,
        'reference',
        'PAYROLL_REFERENCE_REUSED',
      );
    return stored.id;
  }
  await sql(
    ctx.em,
    `insert into payroll_line (id, payroll_id, project_id, worker_id, pay_month, days, gross_fen, net_fen,
                               card_enc, card_hash, card_masked, work_hours)
     select v.id, ?, ?, v.worker_id, ?, v.days, v.gross_fen, v.net_fen, v.card_enc, v.card_hash, v.card_masked,
            v.work_hours
       from jsonb_to_recordset(?::jsonb) as v(id uuid, worker_id uuid, days numeric, gross_fen bigint, net_fen bigint,
            card_enc text, card_hash text, card_masked text, work_hours numeric)`,
    [
      id,
      project.id,
      input.month,
      JSON.stringify(
        checked.map((l) => ({
          id: randomUUID(),
          worker_id: workers.get(l.idHash)!.id,
          days: l.days,
          gross_fen: l.grossFen.toString(),
          net_fen: l.netFen.toString(),
          card_enc: encryptPersonal(l.card),
          card_hash: l.cardHash,
          card_masked: maskAccountNo(l.card),
          work_hours: l.workHours,
        })),
      ),
    ],
  );
  // a payroll can cover a lump-sum debit already booked, or show a full month paid below the minimum
  await evaluatePayrollAlerts(ctx.em, [project.id]);
  return id;
}

const lineOf = (field: string): number => Number(/^lines\[(\d+)\]/.exec(field)?.[1] ?? -1);
