import {
  classifyFetchError,
  classifyHttpAnswer,
  parseRetryAfter,
  webhookUrlProblem,
} from '../../adapters/outbound/webhook';
import { recipientKey, recipientKeyProblem } from '../../src/services/outbox';

const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('outbound webhook: whether a retry can help', () => {
  it('counts every 2xx as delivered', () => {
    for (const status of [200, 201, 202, 204, 299]) {
      expect(classifyHttpAnswer(status, headers())).toEqual({ ok: true, status });
    }
  });

  it('retries 5xx, 408 and 429', () => {
    for (const status of [500, 502, 503, 504, 599, 408, 429]) {
      expect(classifyHttpAnswer(status, headers(), 'busy')).toEqual({
        ok: false,
        retryable: true,
        status,
        error: `HTTP ${status}: busy`,
      });
    }
  });

  it('does not retry any other 4xx: the same request gets the same refusal', () => {
    for (const status of [400, 401, 403, 404, 409, 410, 413, 415, 422]) {
      const r = classifyHttpAnswer(status, headers());
      expect(r).toEqual({ ok: false, retryable: false, status, error: `HTTP ${status}` });
    }
  });

  it('does not follow or retry a redirect, and says where it pointed', () => {
    const r = classifyHttpAnswer(302, headers({ location: 'https://elsewhere.example/hook' }));
    expect(r).toMatchObject({ ok: false, retryable: false, status: 302 });
    expect(!r.ok && r.error).toMatch(/redirects are not followed \(to https:\/\/elsewhere\.example\/hook\)/);
  });

  it('passes Retry-After on temporary failures only', () => {
    expect(classifyHttpAnswer(503, headers({ 'retry-after': '120' }))).toMatchObject({
      retryAfterMs: 120_000,
    });
    expect(classifyHttpAnswer(400, headers({ 'retry-after': '120' }))).not.toHaveProperty('retryAfterMs');
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-03-16T02:00:00Z');
    expect(parseRetryAfter('Mon, 16 Mar 2026 02:01:00 GMT', now)).toBe(60_000);
  });

  it('retries a network error and a timeout', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
    });
    expect(classifyFetchError(refused, 10_000)).toEqual({
      ok: false,
      retryable: true,
      error: 'network error: connect ECONNREFUSED 127.0.0.1:9',
    });
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect(classifyFetchError(timeout, 10_000)).toEqual({
      ok: false,
      retryable: true,
      error: 'no answer within 10000 ms',
    });
  });

  it('accepts only http and https URLs without credentials', () => {
    expect(webhookUrlProblem('https://hrss.benxi.gov.cn/notices')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook')).toBeNull();
    expect(webhookUrlProblem('ftp://example.com/x')).toMatch(/only http and https/);
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/only http and https/);
    expect(webhookUrlProblem('not a url')).toBe('not a URL');
    expect(webhookUrlProblem('https://user:pw@example.com/')).toMatch(/user name or password/);
  });
});

describe('notice recipient keys', () => {
  it('accepts every kind', () => {
    for (const key of [
      recipientKey.bank('ICBC_BENXI'),
      recipientKey.hrss('210502'),
      recipientKey.hrss('210500'),
      recipientKey.industry('HOUSING', '210521'),
      recipientKey.industry('BENGANG', '210500'),
      recipientKey.warningSystem(),
      'GOVERNMENT:210502',
      'POLICE:210500',
      'COURT:210521',
      'JUSTICE:210502', // legal aid (R11)
      'UNION:210500',
      recipientKey.enterprise('91210500MA0000001X'),
    ]) {
      expect([key, recipientKeyProblem(key)]).toEqual([key, null]);
    }
  });

  it('refuses anything else with the format in the message', () => {
    expect(recipientKeyProblem('BANK:')).toMatch(/bank code/);
    expect(recipientKeyProblem('BANK:icbc')).toMatch(/bank code/);
    expect(recipientKeyProblem('HRSS:110101')).toMatch(/Benxi district code/);
    expect(recipientKeyProblem('WATER:210501')).toMatch(/Benxi district code/);
    expect(recipientKeyProblem('POLICE:110101')).toMatch(/Benxi district code/);
    expect(recipientKeyProblem('GOVERNMENT')).toMatch(/Benxi district code/);
    expect(recipientKeyProblem('JUSTICE:110101')).toMatch(/Benxi district code/);
    expect(recipientKeyProblem('UNION:')).toMatch(/Benxi district code/);
    expect(recipientKeyProblem('ARMY:210502')).toMatch(/BANK:\{bankCode\}, HRSS:\{districtCode\}/);
    expect(recipientKeyProblem('ENTERPRISE:9121')).toMatch(/unified social credit code/);
    expect(recipientKeyProblem('ENTERPRISE:91210500ma0000001x')).toMatch(/unified social credit code/);
    expect(recipientKeyProblem('LIAONING_WARNING_SYSTEM:x')).not.toBeNull();
    expect(recipientKeyProblem('')).not.toBeNull();
  });
});
