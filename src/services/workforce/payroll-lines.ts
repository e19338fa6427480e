/**
 * The checks of a submitted payroll's lines (R6). Unlike the registration batches, a payroll is
 * one document the labour-wage manager signed off as a whole (art. 31): one bad line refuses it,
 * and nothing of it is stored. Every problem is collected, each naming its line and field
 * (`lines[3].bankCardNo`), so the contractor's system can fix them all in one round; no message
 * echoes a number.
 */
import { DomainError } from '../../domain/errors';
import { lookupHash } from '../../personal-data/cipher';
import { bankCard, residentId, RowRefusal } from './rows';

export const MAX_PAYROLL_LINES = 5000;

export interface PayrollLineInput {
  workerIdNumber: string;
  days: number;
  grossPay: bigint;
  netPay: bigint;
  bankCardNo: string;
  workHours?: number | null;
}

export interface CheckedLine {
  index: number;
  idNumber: string;
  idHash: string;
  card: string;
  cardHash: string;
  days: number;
  workHours: number | null;
  grossFen: bigint;
  netFen: bigint;
}

export interface RegisteredWorker {
  id: string;
  teamId: string;
  cardHash: string;
}

export interface Problem {
  field: string;
  message: string;
}

/** A number of days with at most one decimal (the column is numeric(4,1): half days happen). */
const tenths = (n: number): boolean => Number.isFinite(n) && Math.abs(Math.round(n * 10) - n * 10) < 1e-9;

/** Each line on its own: ID number, card (Luhn), days, amounts. */
export function checkLineShapes(lines: readonly PayrollLineInput[]): {
  checked: CheckedLine[];
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const checked: CheckedLine[] = [];
  lines.forEach((line, index) => {
    const at = (field: string) => `lines[${index}].${field}`;
    const before = problems.length;
    const attempt = <T>(check: () => T): T | null => {
      try {
        return check();
      } catch (err) {
        if (!(err instanceof RowRefusal)) throw err;
        const [field, ...rest] = err.message.split(': ');
        problems.push({ field: at(field), message: rest.join(': ') });
        return null;
      }
    };
    const idNumber = attempt(() => residentId(line.workerIdNumber, 'workerIdNumber'));
    const card = attempt(() => bankCard(line.bankCardNo, 'bankCardNo'));
    if (!tenths(line.days) || line.days < 0 || line.days > 31)
      problems.push({ field: at('days'), message: 'must be from 0 to 31 days, in tenths at most' });
    const hours = line.workHours ?? null;
    if (hours !== null && (!tenths(hours) || hours < 0 || hours > 744))
      problems.push({ field: at('workHours'), message: 'must be from 0 to 744 hours, in tenths at most' });
    if (line.grossPay <= 0n) problems.push({ field: at('grossPay'), message: 'must be more than 0' });
    if (line.netPay <= 0n) problems.push({ field: at('netPay'), message: 'must be more than 0' });
    else if (line.netPay > line.grossPay)
      problems.push({ field: at('netPay'), message: 'must not be more than grossPay' });
    if (problems.length > before || idNumber === null || card === null) return;
    checked.push({
      index,
      idNumber,
      idHash: lookupHash('ID', idNumber),
      card,
      cardHash: lookupHash('CARD', card),
      days: line.days,
      workHours: hours,
      grossFen: line.grossPay,
      netFen: line.netPay,
    });
  });
  return { checked, problems };
}

/**
 * Against the register: one line per worker, the worker registered on the project and on the
 * payroll's team, and the card his own registered card. The account pays only a worker's own
 * account (art. 31), so a line to any other card is refused rather than stored and flagged: the
 * bank is never asked to pay it.
 */
export function checkLinesAgainstRegister(
  checked: readonly CheckedLine[],
  teamId: string,
  workers: ReadonlyMap<string, RegisteredWorker>,
): Problem[] {
  const problems: Problem[] = [];
  const firstLine = new Map<string, number>();
  for (const line of checked) {
    const at = (field: string) => `lines[${line.index}].${field}`;
    const earlier = firstLine.get(line.idHash);
    if (earlier !== undefined) {
      problems.push({
        field: at('workerIdNumber'),
        message: `the same worker is line ${earlier}; a payroll has one line per worker`,
      });
      continue;
    }
    firstLine.set(line.idHash, line.index);
    const worker = workers.get(line.idHash);
    if (!worker)
      problems.push({ field: at('workerIdNumber'), message: 'is not a worker registered on the project' });
    else if (worker.teamId !== teamId)
      problems.push({
        field: at('workerIdNumber'),
        message: "is registered on another of the project's teams",
      });
    else if (worker.cardHash !== line.cardHash)
      problems.push({
        field: at('bankCardNo'),
        message: "is not the worker's registered card; the account pays only the worker's own card",
      });
  }
  return problems;
}

/** The whole payroll refused: the first problem names `field`, all of them travel in `problems`. */
export function payrollRefused(problems: readonly Problem[]): DomainError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return new DomainError(
    'BAD_USER_INPUT',
    `${first.field}: ${first.message}${more}`,
    first.field,
    undefined,
    [...problems],
  );
}
