import { signedHeaders } from '../../src/http/webhook-signature';
import { now as clockNow, nowMs as clockNowMs } from '../../src/clock';

/** Where one recipient receives webhooks, and the Standard Webhooks secret (`whsec_…`) to sign them with. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** One message: `id` is sent as `webhook-id` on every attempt, so receivers can drop repeats. */
export interface WebhookMessage {
  id: string;
  body: Buffer;
}

/**
 * What a delivery attempt came to. A failure says whether trying again can help (network error,
 * timeout, 408, 429, 5xx) or not (any other answer that is not 2xx: the receiver refused the
 * message or the URL is wrong; repeating the same request gets the same answer).
 */
export type DeliveryResult =
  | { ok: true; status: number }
  | { ok: false; retryable: boolean; status?: number; error: string; retryAfterMs?: number };

export interface WebhookOptions {
  /** the whole attempt, connection to the end of the answer's body */
  timeoutMs?: number;
  /** the time the signature's `webhook-timestamp` carries */
  clock?: () => Date;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
const SNIPPET_CHARS = 200;

/**
 * POSTs a JSON body signed as in Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`). Redirects are not followed: a signed message goes only to the URL that
 * city HRSS configured. Never throws; every outcome is a DeliveryResult.
 */
export async function postSignedWebhook(
  target: WebhookTarget,
  message: WebhookMessage,
  opts: WebhookOptions = {},
): Promise<DeliveryResult> {
  const problem = webhookUrlProblem(target.url);
  if (problem) return { ok: false, retryable: false, error: problem };
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'wagewatch-notice-relay/1',
        ...signedHeaders(target.secret, message.body, message.id, opts.clock?.() ?? clockNow()),
      },
      body: message.body,
    });
    const snippet = await readSnippet(res);
    return classifyHttpAnswer(res.status, res.headers, snippet);
  } catch (err) {
    return classifyFetchError(err, timeoutMs);
  }
}

/** Why a URL cannot receive webhooks, or null. Credentials in a URL would be shown to operators. */
export function webhookUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'only http and https URLs are allowed';
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  return null;
}

export function classifyHttpAnswer(status: number, headers: Headers, snippet = ''): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  const detail = snippet ? `: ${snippet}` : '';
  if (status >= 300 && status < 400) {
    const location = headers.get('location');
    return {
      ok: false,
      retryable: false,
      status,
      error: `HTTP ${status}: redirects are not followed${location ? ` (to ${location.slice(0, SNIPPET_CHARS)})` : ''}; configure the final URL`,
    };
  }
  const retryable = status === 408 || status === 429 || status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(headers.get('retry-after')) : undefined;
  return {
    ok: false,
    retryable,
    status,
    error: `HTTP ${status}${detail}`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** fetch throws only when no answer came: the network, DNS, TLS or our timeout. All may pass. */
export function classifyFetchError(err: unknown, timeoutMs: number): DeliveryResult {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return { ok: false, retryable: true, error: `no answer within ${timeoutMs} ms` };
  }
  const cause = e?.cause?.message ?? e?.cause?.code;
  return {
    ok: false,
    retryable: true,
    error: `network error: ${cause ?? e?.message ?? String(err)}`.slice(0, SNIPPET_CHARS + 50),
  };
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = clockNowMs()): number | undefined {
  if (!value) return undefined;
  if (/^\d{1,9}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The start of the answer's body, for operators; the rest is discarded so the socket is freed. */
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_CHARS * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, SNIPPET_CHARS);
}
