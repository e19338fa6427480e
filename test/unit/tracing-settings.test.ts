import { tracingSettings } from '../../src/tracing/settings';
import { redactGraphql, redactSql } from '../../src/tracing/redacting-processor';

describe('tracing settings', () => {
  it('is off unless TRACING=otlp', () => {
    expect(tracingSettings({})).toBeNull();
    expect(tracingSettings({ TRACING: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBeNull();
  });

  it('takes the traces endpoint, or the base endpoint with /v1/traces', () => {
    expect(
      tracingSettings({ TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }),
    ).toEqual({
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'wagewatch',
      sampleRatio: 1,
    });
    expect(
      tracingSettings({
        TRACING: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://c/otlp/traces',
        TRACING_SAMPLE_RATIO: '0.1',
        OTEL_SERVICE_NAME: 'wagewatch-api-2',
      }),
    ).toEqual({ endpoint: 'https://c/otlp/traces', serviceName: 'wagewatch-api-2', sampleRatio: 0.1 });
  });

  it.each([
    [{ TRACING: 'jaeger' }, /TRACING must be off or otlp/],
    [{ TRACING: 'otlp' }, /needs OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/],
    [{ TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /an http\(s\) URL/],
    [
      { TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', TRACING_SAMPLE_RATIO: '1.5' },
      /TRACING_SAMPLE_RATIO/,
    ],
    [
      { TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', TRACING_SAMPLE_RATIO: '-0.1' },
      /TRACING_SAMPLE_RATIO/,
    ],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => tracingSettings(env)).toThrow(message);
  });
});

describe('what a span may carry', () => {
  it('cuts SQL string literals, keeps identifiers, masks long numbers', () => {
    expect(
      redactSql(
        `select "p0".* from "project" as "p0" where "p0"."name" ilike '%欧阳铁柱 210502198001011238%' and id = 'it''s'`,
      ),
    ).toBe(`select "p0".* from "project" as "p0" where "p0"."name" ilike ? and id = ?`);
    expect(redactSql('select * from account_event where account_no = 6222021234567890128')).toBe(
      'select * from account_event where account_no = 622…[masked]',
    );
  });

  it('cuts GraphQL strings and block strings', () => {
    expect(redactGraphql('{ a(x: "张三 \\"q\\"", y: """\nblock\n""") { b } }')).toBe(
      '{ a(x: ?, y: ?) { b } }',
    );
  });
});
