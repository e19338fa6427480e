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
  // stdout written asynchronously: a line a request was a write(2) of its own on the request's
  // thread (6 % of a trivial query's CPU in issue #9's profile); lines logged while a write is
  // under way now go out together. pino flushes what is left when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
