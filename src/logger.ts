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
  return pino(options, destination ?? bufferedStream(1));
}

/**
 * Linux's PIPE_BUF: a write to a pipe of at most this many bytes is never interleaved with another
 * process's. Serving processes (HTTP_PROCESSES) share the one stdout, and a log collector reading
 * it must get whole lines: each write is whole lines and at most this long (a single longer line
 * is written alone).
 */
export const ATOMIC_WRITE_BYTES = 4096;

/** How long a log line may wait in the buffer before it is written. */
const LOG_FLUSH_MS = 200;

/**
 * A descriptor (stdout), buffered: a line a request was a write(2) of its own on the request's thread (6 % of a
 * trivial query's CPU in issue #9's profile). Lines now go out 3–4 KiB at a time, or within
 * LOG_FLUSH_MS; pino writes what is left when the process exits (a SIGKILL loses at most that).
 */
export function bufferedStream(fd: number): DestinationStream & { flush(cb: () => void): void } {
  // sonic-boom writes one of its buffers at a time, each whole write() calls (pino's lines) up to maxWrite
  const stream = pino.destination({ dest: fd, sync: false, minLength: 3072, maxWrite: ATOMIC_WRITE_BYTES });
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
    flush: (cb) => stream.flush(cb),
  };
}
