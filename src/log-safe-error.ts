/**
 * What of an error may be logged. A database error carries the statement and its values (MikroORM
 * puts the SQL with its parameters in the message; PostgreSQL's `detail` says "Failing row contains
 * (…)" and "Key (id_number)=(…)"; "invalid input syntax" quotes the value), so for those only the
 * identifiers are kept: SQLSTATE, constraint, table, column, routine. Other errors are the hub's
 * own: their message and stack, with anything that looks like a resident ID or a card number masked.
 */
const SQLSTATE = /^[0-9A-Z]{5}$/;

export interface LoggableError {
  type: string;
  message: string;
  stack?: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
}

export function safeError(err: unknown): LoggableError {
  if (!(err instanceof Error)) return { type: typeof err, message: maskNumbers(String(err)).slice(0, 200) };
  const db = databaseFields(err);
  if (db) {
    return {
      type: err.constructor?.name ?? 'Error',
      // The message of a database error is never logged: it may quote the statement's values.
      message: `database error ${db.sqlState}${db.constraint ? ` on ${db.constraint}` : ''}`,
      ...db,
      stack: stackFrames(err),
    };
  }
  return {
    type: err.constructor?.name ?? 'Error',
    message: maskNumbers(err.message),
    stack: maskNumbers(err.stack ?? ''),
  };
}

/** For log lines that carry only a message (job failures): the same rules. */
export const safeErrorMessage = (err: unknown): string => safeError(err).message;

function databaseFields(err: Error): Omit<LoggableError, 'type' | 'message' | 'stack'> | null {
  // MikroORM wraps the driver's error (as `cause` or copying its fields); pg's own has `code`.
  for (const candidate of [err, (err as { cause?: unknown }).cause]) {
    const e = candidate as Record<string, unknown> | undefined;
    const code = e?.code ?? e?.sqlState;
    if (
      typeof code === 'string' &&
      SQLSTATE.test(code) &&
      ('severity' in e! || 'sqlState' in e! || 'routine' in e!)
    ) {
      const pick = (k: string) => (typeof e![k] === 'string' ? (e![k] as string) : undefined);
      return {
        sqlState: code,
        constraint: pick('constraint'),
        table: pick('table'),
        column: pick('column'),
        routine: pick('routine'),
      };
    }
  }
  return null;
}

/** The stack's frames only: its first line repeats the message. */
function stackFrames(err: Error): string | undefined {
  return err.stack
    ?.split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .join('\n');
}

/** 15 or more digits in a row (resident IDs end in X too; card numbers are 16–19 digits). */
export function maskNumbers(text: string): string {
  return text.replace(/\d{6}(\d{8,12})([\dXx]{1,4})\b/g, (m) => `${m.slice(0, 3)}…[masked]`);
}
