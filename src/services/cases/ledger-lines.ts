/**
 * A wage claim's verification lines from the project's wage ledger (R6 → C2): each registered
 * worker the ledger shows owed becomes a line with his name, his ID number (decrypted here only to
 * be stored as the case lines keep it — returned masked, never logged), the months whose lines are
 * not all paid and the amount owed. What the payrolls never named (attended, on no payroll) is not
 * a figure the ledger can give: the officer adds those workers' lines by hand.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../domain/errors';
import { decryptPersonal } from '../../personal-data/cipher';
import { loadWorkforceProjects } from '../workforce/access';
import { attendanceRules } from '../workforce/attendance';
import { ledgerOfProjects } from '../workforce/ledger-reads';
import type { VerificationLineInput } from './handling';

/** every worker of a project: the ledger read in one page */
const ALL_WORKERS = 1_000_000;

export async function owedLinesFromLedger(
  em: EntityManager,
  projectId: string | null | undefined,
): Promise<VerificationLineInput[]> {
  if (!projectId)
    throw badInput('linesFromLedger', 'the case names no registered project, so there is no wage ledger');
  const project = (await loadWorkforceProjects(em, [projectId])).get(projectId);
  if (!project) throw badInput('linesFromLedger', 'the case names no registered project');
  const [page] = await ledgerOfProjects(
    em,
    [project],
    { month: null, first: ALL_WORKERS, after: null },
    await attendanceRules(em),
  );
  const lines = page.nodes
    .filter((e) => e.ledger.owedFen > 0n)
    .map((e) => ({
      workerName: e.worker.workerName,
      workerIdNumber: decryptPersonal(e.worker.idNumberEnc),
      monthsOwed: e.ledger.monthsOwed.length,
      amountFen: e.ledger.owedFen,
    }));
  if (!lines.length)
    throw badInput('linesFromLedger', "the project's wage ledger shows no worker owed: give the lines");
  return lines;
}
