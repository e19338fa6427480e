import { randomBytes } from 'node:crypto';
import { signedHeaders } from '../../src/http/webhook-signature';

/** What the hub answers to a push: the contract's IngestResult. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  unmatched: number;
  rejected: { index: number; code: string; message: string }[];
}

export interface GqlError {
  message: string;
  extensions?: { code?: string };
}

/** A GraphQL answer that carried errors; `code` is the first error's extensions.code. */
export class GqlFailure extends Error {
  constructor(readonly errors: GqlError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** The hub's public API only: `POST /graphql` and the signed `POST /banks/{code}/events`. */
export class HubClient {
  constructor(readonly url: string) {}

  async gql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json().catch(() => null)) as { data?: T; errors?: GqlError[] } | null;
    if (!body) throw new Error(`POST /graphql answered ${res.status} without JSON`);
    if (body.errors?.length) throw new GqlFailure(body.errors);
    return body.data as T;
  }

  /** Pushes one canonical-JSON batch, signed with the bank's webhook secret. */
  async push(bankCode: string, secret: string, events: unknown[]): Promise<IngestResult> {
    const body = Buffer.from(JSON.stringify({ events }));
    const res = await fetch(`${this.url}/banks/${bankCode}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signedHeaders(secret, body, `msg_${randomBytes(8).toString('hex')}`),
      },
      body,
    });
    const text = await res.text();
    if (res.status !== 200)
      throw new Error(`push to ${bankCode} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as IngestResult;
  }
}
