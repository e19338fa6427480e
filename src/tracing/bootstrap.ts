// Imported first by src/main.ts, before any module that loads http, pg or graphql: the
// instrumentations can only patch modules required after them. Off unless TRACING=otlp.
import { TracingSettingsError, tracingSettings } from './settings';

let stop: () => Promise<void> = async () => undefined;

try {
  const settings = tracingSettings(process.env);
  if (settings) {
    // Required here, not imported above: with tracing off, none of OpenTelemetry is loaded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startTracing } = require('./start-tracing') as typeof import('./start-tracing');
    stop = startTracing(settings);
  }
} catch (err) {
  if (!(err instanceof TracingSettingsError)) throw err;
  console.error(`wagewatch: configuration error: ${err.message}`);
  process.exit(2);
}

/** Flushes the spans still queued and stops tracing (a no-op when it is off). */
export const stopTracing = (): Promise<void> => stop();
