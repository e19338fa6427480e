import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data never reaches them: request bodies are not logged, and
 * the header and field names below are redacted should anything pass them in by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'wagewatch' },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.webhookSecret',
        '*.idNumber',
        '*.workerIdNumber',
      ],
      censor: '[redacted]',
    },
  });
}
