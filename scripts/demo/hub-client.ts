import { randomBytes } from 'node:crypto';
import { signedHeaders } from '../../src/http/webhook-signature';
import { loadReleaseManifest, type TrustedDocument } from '../../src/trusted-documents/documents';

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

/** The hub's own documents (schema/trusted-documents), by operation name. */
export const DOCUMENTS: ReadonlyMap<string, TrustedDocument> = new Map(
  loadReleaseManifest().map((d) => [d.name, d]),
);

export function documentNamed(name: string): TrustedDocument {
  const doc = DOCUMENTS.get(name);
  if (!doc) throw new Error(`no document ${name} in schema/trusted-documents (npm run documents:emit)`);
  return doc;
}

/** The request body that runs a registered document: by id, as agency systems send them. */
export const byId = (name: string, variables?: Record<string, unknown>) => ({
  documentId: `sha256:${documentNamed(name).id}`,
  ...(variables ? { variables } : {}),
});

/**
 * The hub's public API only: `POST /graphql` with registered documents (so the demo runs against
 * a production hub, TRUSTED_DOCUMENTS=refuse and introspection off) and the signed bank push.
 */
export class HubClient {
  constructor(readonly url: string) {}

  async run<T>(token: string, document: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(byId(document, variables)),
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
