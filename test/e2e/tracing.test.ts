import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { signToken } from '../../src/auth/tokens';
import { now as clockNow } from '../../src/clock';
import { createTestDatabase } from '../support/test-db';
import { REDIS_URL } from '../support/test-env';
import { TEST_JWT_SECRET, newWebhookSecret } from '../support/test-hub';
import { signedHeaders } from '../../src/http/webhook-signature';
import { waitFor } from '../support/wait-for';

interface ExportedSpan {
  traceId: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}

/**
 * TRACING=otlp on the real entry point: spans for the HTTP request, the GraphQL phases and each SQL
 * statement reach an OTLP/HTTP collector (a tiny one here), in one trace, with no personal data.
 */
describe('OpenTelemetry traces (TRACING=otlp)', () => {
  const root = path.join(__dirname, '..', '..');
  const bodies: string[] = [];
  let collector: http.Server;
  let hub: ChildProcess;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let url = '';
  const ID_NUMBER = '21050219800101123X';
  const NAME = '欧阳铁柱';

  beforeAll(async () => {
    collector = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url === '/v1/traces') bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    db = await createTestDatabase();
    hub = spawn(process.execPath, ['-r', './src/register.js', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL,
        QUEUE_PREFIX: `trace_${process.pid}`,
        JWT_SECRET: TEST_JWT_SECRET,
        PORT: String(await freePort()),
        RUN_JOBS: 'false',
        LOG_LEVEL: 'warn',
        HUB_CLOCK_AT: clockNow().toISOString(),
        TRACING: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    hub.stdout!.on('data', (c) => (output += c));
    hub.stderr!.on('data', (c) => (output += c));
    await waitFor(
      'the hub to listen',
      async () => (/wagewatch hub\s+\S+\/graphql/.test(output) ? true : undefined),
      60_000,
    );
    url = /wagewatch hub\s+(\S+)\/graphql/.exec(output)![1];
  }, 90_000);

  afterAll(async () => {
    if (hub.exitCode === null) {
      hub.kill('SIGTERM');
      await new Promise((r) => hub.once('exit', r));
    }
    await new Promise((r) => collector.close(r));
    await db.drop();
  });

  it('exports one trace per request, from the HTTP span down to each statement, with literals cut', async () => {
    const token = signToken({ sub: 'tracer', org: 'HRSS', district: '210500' }, TEST_JWT_SECRET);
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query Search { projects(first: 5, filter: { nameContains: "${NAME} ${ID_NUMBER}" }) { totalCount } }`,
      }),
    });
    expect(((await res.json()) as any).data.projects.totalCount).toBe(0);

    const spans = (): ExportedSpan[] =>
      bodies.flatMap((b) =>
        (JSON.parse(b).resourceSpans ?? []).flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans)),
      );
    const attr = (s: ExportedSpan, key: string) => s.attributes.find((a) => a.key === key)?.value.stringValue;
    const statementOf = (s: ExportedSpan) => attr(s, 'db.statement') ?? attr(s, 'db.query.text');
    // the request's own SQL: the hub's background work (the pay alerts' follow-up at start) sends
    // statements naming projects too, in traces of their own
    const serverTraces = () =>
      new Set(
        spans()
          .filter((s) => s.kind === 2 && /POST/.test(s.name))
          .map((s) => s.traceId),
      );
    await waitFor(
      'spans with SQL on project in the request’s trace',
      async () =>
        spans().some((s) => serverTraces().has(s.traceId) && /project/.test(statementOf(s) ?? ''))
          ? true
          : undefined,
      15_000,
    );
    const all = spans();
    const server = all.find((s) => s.kind === 2 && /POST/.test(s.name));
    expect(server).toBeDefined();
    const trace = all.filter((s) => s.traceId === server!.traceId);
    // the operation's phases and its SQL, in the request's trace
    expect(trace.some((s) => /graphql\.(parse|validate|execute)|query Search/.test(s.name))).toBe(true);
    const statements = trace.map(statementOf).filter(Boolean) as string[];
    // the list's count, with its search as a bind parameter (the text itself never in the span)
    expect(statements.some((q) => /from "?project"? p\b.*ilike \$1/.test(q))).toBe(true);
    // the search text was in the SQL the hub sent; it is not in what left the hub
    const exported = bodies.join('\n');
    expect(exported).not.toContain(ID_NUMBER);
    expect(exported).not.toContain(NAME);
    expect(exported).not.toContain(token);
    // no span for liveness probes
    await fetch(`${url}/healthz`);
    expect(all.some((s) => /healthz/.test(attr(s, 'http.target') ?? attr(s, 'url.path') ?? ''))).toBe(false);
  }, 60_000);

  it('traces a bank push stored in one statement: its HTTP span and that statement, values cut', async () => {
    const admin = signToken({ sub: 'tracer', org: 'HRSS', district: '210500' }, TEST_JWT_SECRET);
    const secret = newWebhookSecret();
    const registered = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: `mutation($i: BankInput!) { registerBank(input: $i) { code } }`,
        variables: { i: { code: 'TRACE_BANK', name: '中国工商银行本溪分行', webhookSecret: secret } },
      }),
    });
    expect(((await registered.json()) as any).data.registerBank.code).toBe('TRACE_BANK');
    const body = Buffer.from(
      JSON.stringify({
        events: [
          {
            bankEventId: 'trace-1',
            accountNo: '6222020705009999999',
            type: 'CREDIT',
            amount: '100.00',
            bookedAt: '2026-11-20T10:00:00+08:00',
            counterpartyName: NAME,
          },
        ],
      }),
    );
    const pushed = await fetch(`${url}/banks/TRACE_BANK/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, body, 'msg_trace_1') },
      body,
    });
    expect(pushed.status).toBe(200);
    const spans = (): ExportedSpan[] =>
      bodies.flatMap((b) =>
        (JSON.parse(b).resourceSpans ?? []).flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans)),
      );
    const attr = (s: ExportedSpan, key: string) => s.attributes.find((a) => a.key === key)?.value.stringValue;
    const statementOf = (s: ExportedSpan) => attr(s, 'db.statement') ?? attr(s, 'db.query.text') ?? '';
    const server = await waitFor(
      'the push’s HTTP span with its statement',
      async () =>
        spans().find(
          (s) =>
            s.kind === 2 &&
            /POST/.test(s.name) &&
            spans().some(
              (t) =>
                t.traceId === s.traceId &&
                /insert into account_event[\s\S]*push_full_path/.test(statementOf(t)),
            ),
        ),
      15_000,
    );
    expect(server).toBeDefined();
    expect(bodies.join('\n')).not.toContain(NAME);
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
