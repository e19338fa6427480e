/**
 * Payroll rows written straight into the tables (test-only): the payroll mutations are built on
 * another branch; once merged, the pay-alert tests are to use submitPayroll / recordPayrollResults.
 * Cards are stored as the mutations will store them: SM4-encrypted, keyed-hashed, masked.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { encryptPersonal, lookupHash } from '../../src/personal-data/cipher';

export interface PayrollLineRow {
  workerIdNumber: string;
  /** the card paid to: the worker's registered one unless given */
  card?: string;
  days?: number;
  grossFen?: bigint;
  netFen?: bigint;
  status?: 'PENDING' | 'PAID' | 'FAILED';
  paidOn?: string | null;
  firstFailedOn?: string | null;
}

/** One payroll (a team's month under `reference`) with its lines; returns the lines' ids in order. */
export async function insertPayroll(
  pg: Client,
  p: { projectId: string; reference: string; month: string; lines: PayrollLineRow[] },
): Promise<string[]> {
  const workers = await pg.query<{ id: string; team_id: string; card_hash: string; h: string }>(
    `select id::text, team_id::text, card_hash, id_number_hash as h from worker where project_id = $1 and id_number_hash = any($2)`,
    [p.projectId, p.lines.map((l) => lookupHash('ID', l.workerIdNumber))],
  );
  const byHash = new Map(workers.rows.map((w) => [w.h, w]));
  const payrollId = randomUUID();
  const teamId = byHash.get(lookupHash('ID', p.lines[0].workerIdNumber))!.team_id;
  await pg.query(
    `insert into payroll (id, project_id, team_id, reference, pay_month, content_hash, submitted_by)
     values ($1, $2, $3, $4, $5, repeat('0', 64), 'test')`,
    [payrollId, p.projectId, teamId, p.reference, p.month],
  );
  const ids: string[] = [];
  for (const l of p.lines) {
    const w = byHash.get(lookupHash('ID', l.workerIdNumber));
    if (!w) throw new Error('insertPayroll: worker not registered on the project');
    const id = randomUUID();
    const status = l.status ?? 'PAID';
    await pg.query(
      `insert into payroll_line (id, payroll_id, project_id, worker_id, pay_month, days, gross_fen, net_fen,
         card_enc, card_hash, card_masked, status, paid_on, first_failed_on, result_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '6222********0000', $11, $12, $13, now())`,
      [
        id,
        payrollId,
        p.projectId,
        w.id,
        p.month,
        l.days ?? 22,
        String(l.grossFen ?? 800_000n),
        String(l.netFen ?? 700_000n),
        encryptPersonal(l.card ?? 'registered'),
        l.card ? lookupHash('CARD', l.card) : w.card_hash,
        status,
        l.paidOn ?? (status === 'PAID' ? '2026-11-10' : null),
        l.firstFailedOn ?? null,
      ],
    );
    ids.push(id);
  }
  return ids;
}

/** A line's later result, as recordPayrollResults will write it. */
export async function setLineResult(
  pg: Client,
  lineId: string,
  r: { status: 'PAID' | 'FAILED'; on: string },
): Promise<void> {
  await pg.query(
    `update payroll_line set status = $2::text, paid_on = case when $2::text = 'PAID' then $3::date else paid_on end,
            first_failed_on = case when $2::text = 'FAILED' then coalesce(first_failed_on, $3::date) else first_failed_on end,
            result_at = now() where id = $1`,
    [lineId, r.status, r.on],
  );
}
