import pino, { type DestinationStream, type Logger } from 'pino';
import { safeError } from './log-safe-error';

/**
 * Structured JSON logs. Personal data never reaches them: request bodies are not logged, errors
 * are logged through safeError, and the header and field names below are redacted should anything
 * pass them in by mistake.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'wagewatch' },
    // Every `err` goes through safeError: a database error's statement values never reach a log.
    serializers: { err: safeError },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.webhookSecret',
        '*.newSecret',
        '*.generatedSecret',
        '*.previousWebhookSecret',
        '*.idNumber',
        '*.workerIdNumber',
      ],
      censor: '[redacted]',
    },
  };
  return pino(options, destination ?? bufferedStdout());
}

/** How long a log line may wait in the buffer before it is written. */
const LOG_FLUSH_MS = 200;

/**
 * stdout, buffered: a line a request was a write(2) of its own on the request's thread (6 % of a
 * trivial query's CPU in issue #9's profile). Lines now go out 4 KiB at a time, or within
 * LOG_FLUSH_MS; pino writes what is left when the process exits (a SIGKILL loses at most that).
 */
function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  let unwritten = false;
  setInterval(() => {
    if (!unwritten) return;
    unwritten = false;
    stream.flush(() => undefined); // with a callback, a closed stream is no exception
  }, LOG_FLUSH_MS).unref();
  return {
    write(line: string) {
      unwritten = true;
      stream.write(line);
    },
  };
}
