import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { maskNumbers } from '../log-safe-error';

// Attributes that carry a statement or a document: MikroORM inlines the values into its SQL, and
// a GraphQL document may hold literals, so their quoted literals are cut out before export.
const SQL_ATTRIBUTES = ['db.statement', 'db.query.text'];
const GRAPHQL_ATTRIBUTES = ['graphql.source'];
// A URL's query string can name an account (`?accountNo=`): only the path is kept.
const URL_ATTRIBUTES = ['http.url', 'http.target', 'url.full', 'url.query', 'http.route'];

// SQL: string literals are single-quoted (E'' and dollar quotes are not produced by the ORM);
// double quotes are identifiers and stay. GraphQL: strings and block strings are double-quoted.
const SQL_LITERAL = /'(?:[^']|'')*'/g;
const GRAPHQL_LITERAL = /"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"/g;

/** Literals become `?`; numbers that look like an ID or card number are masked. */
export function redactSql(text: string): string {
  return maskNumbers(text.replace(SQL_LITERAL, '?'));
}

export function redactGraphql(text: string): string {
  return maskNumbers(text.replace(GRAPHQL_LITERAL, '?'));
}

function redactAttribute(key: string, value: string): string {
  if (SQL_ATTRIBUTES.includes(key)) return redactSql(value);
  if (GRAPHQL_ATTRIBUTES.includes(key)) return redactGraphql(value);
  if (key === 'url.query') return '';
  if (URL_ATTRIBUTES.includes(key)) return maskNumbers(value.split('?')[0]);
  return maskNumbers(value);
}

/**
 * Wraps the exporting processor: every span's attributes are redacted when it starts (a span is
 * still writable then, and the instrumentations pass the statement at start). Personal data never
 * leaves the hub in a trace, as it never reaches a log.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    // Instrumentations set some attributes after the start (pg sets the statement then): the
    // span's own setters are wrapped so that every later value is redacted too.
    const setAttribute = span.setAttribute.bind(span);
    span.setAttribute = (key, value) =>
      setAttribute(key, typeof value === 'string' ? redactAttribute(key, value) : value);
    span.setAttributes = (attributes) => {
      for (const [key, value] of Object.entries(attributes))
        if (value !== undefined) span.setAttribute(key, value);
      return span;
    };
    for (const [key, value] of Object.entries(span.attributes)) {
      if (typeof value === 'string') setAttribute(key, redactAttribute(key, value));
    }
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
