import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import type { TracingSettings } from './settings';
import { RedactingSpanProcessor } from './redacting-processor';

/**
 * Starts OpenTelemetry tracing: a span per HTTP request (incoming and outgoing, e.g. notice
 * deliveries), per GraphQL parse/validate/execute and per SQL statement, exported over OTLP/HTTP.
 * Returns the function that flushes and stops it. Loaded only when TRACING=otlp.
 */
export function startTracing(settings: TracingSettings): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    // The exporter's queue is bounded (BatchSpanProcessor drops past maxQueueSize), so a collector
    // that is down costs memory up to that bound, never more.
    spanProcessors: [
      new RedactingSpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.endpoint }))),
    ],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Liveness probes and scrapes would be most of the spans and tell nothing.
        ignoreIncomingRequestHook: (req) => req.url === '/healthz' || req.url === '/metrics',
      }),
      // Statements only (values are never attached: enhancedDatabaseReporting stays off).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // One span per resolver would be thousands per page: only the operation's phases.
      new GraphQLInstrumentation({
        allowValues: false,
        depth: 0,
        mergeItems: true,
        ignoreTrivialResolveSpans: true,
      }),
    ],
  });
  return () => provider.shutdown();
}
