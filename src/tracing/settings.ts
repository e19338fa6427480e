/**
 * Tracing settings, read straight from the environment before anything else is loaded: the
 * instrumentations patch `http`, `pg` and `graphql` when those are first required, so this must be
 * decided before the hub's own modules (and config.ts, which loads graphql) are imported.
 */
export interface TracingSettings {
  /** OTLP/HTTP endpoint for traces, e.g. http://otel-collector:4318/v1/traces */
  endpoint: string;
  serviceName: string;
  /** share of new traces kept, 0..1; a caller's sampled traceparent is always followed */
  sampleRatio: number;
}

export class TracingSettingsError extends Error {}

export function tracingSettings(env: NodeJS.ProcessEnv): TracingSettings | null {
  const mode = (env.TRACING ?? 'off').trim().toLowerCase();
  if (mode === 'off' || mode === '') return null;
  if (mode !== 'otlp') throw new TracingSettingsError(`TRACING must be off or otlp, not "${env.TRACING}"`);
  const endpoint =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
      : '');
  if (!/^https?:\/\/\S+$/.test(endpoint)) {
    throw new TracingSettingsError(
      'TRACING=otlp needs OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT (an http(s) URL)',
    );
  }
  const ratioText = env.TRACING_SAMPLE_RATIO ?? '1';
  const sampleRatio = Number(ratioText);
  if (!/^\d*\.?\d+$/.test(ratioText) || sampleRatio > 1) {
    throw new TracingSettingsError(`TRACING_SAMPLE_RATIO must be a number from 0 to 1, not "${ratioText}"`);
  }
  return { endpoint, serviceName: env.OTEL_SERVICE_NAME || 'wagewatch', sampleRatio };
}
