import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Client } from 'pg';
import { DocumentRejected, type InboundDocument } from '../../adapters/bank-adapter';
import { UnsupportedDocument, selectAdapter } from '../../adapters/registry';
import { signedHeaders } from '../../src/http/webhook-signature';
import { seedBasics } from '../support/fixtures';
import { GBK_DIRECTION_LAYOUT, SIGNED_UTF8_LAYOUT, setCsvLayout } from '../support/csv-layouts';
import { jsonFieldMutation, mutation, type Mutation } from '../support/intake-mutations';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * Fuzzes the real push route (issue 8, item 5) with 1,800 pushes of mutated fixtures: JSON pushes, camt
 * XML and CSV statements. Whatever arrives, the hub never answers 5xx and never half-stores: an
 * accepted push accounts for every row its adapter saw (accepted + duplicates + rejected) and stores
 * exactly its accepted events, linked to its archived document; a refused push stores nothing.
 * Seeded and with a fixed number of runs, so a failure replays (fast-check prints seed and path).
 */
const RUNS = { json: 600, camt053: 300, camt054: 200, oca: 200, csvUtf8: 300, csvGbk: 200 };
const fixture = (rel: string) => readFileSync(join(__dirname, '..', 'fixtures', rel));

interface Source {
  name: keyof typeof RUNS;
  contentType: string;
  body: Buffer;
  bank: 'a' | 'b';
  mutations: fc.Arbitrary<Mutation>;
}

const SOURCES: Source[] = [
  {
    name: 'json',
    contentType: 'application/json',
    body: fixture('json/canonical-push.json'),
    bank: 'a',
    mutations: fc.oneof({ arbitrary: mutation, weight: 1 }, { arbitrary: jsonFieldMutation, weight: 2 }),
  },
  {
    name: 'camt053',
    contentType: 'application/xml',
    body: fixture('iso20022/derived-camt053-cny.xml'),
    bank: 'a',
    mutations: mutation,
  },
  {
    name: 'camt054',
    contentType: 'application/xml',
    body: fixture('iso20022/derived-camt054-cny-v8.xml'),
    bank: 'a',
    mutations: mutation,
  },
  {
    name: 'oca',
    contentType: 'application/xml',
    body: Buffer.from(
      fixture('iso20022/test-camt053.xml')
        .toString('utf8')
        .replace(/Ccy="[A-Z]{3}"/g, 'Ccy="CNY"'),
    ),
    bank: 'a',
    mutations: mutation,
  },
  {
    name: 'csvUtf8',
    contentType: 'text/csv',
    body: fixture('csv/signed-amount.utf8.csv'),
    bank: 'a',
    mutations: mutation,
  },
  {
    name: 'csvGbk',
    contentType: 'text/csv; charset=GBK',
    body: fixture('csv/icbc-detail-direction.gbk.csv'),
    bank: 'b',
    mutations: mutation,
  },
];

describe('intake fuzz: mutated fixtures through POST /banks/{code}/events', () => {
  let t: TestHub;
  let pg: Client;
  const banks: Record<'a' | 'b', { code: string; secret: string; options: Record<string, unknown> }> =
    {} as never;
  let pushes = 0;
  let refused = 0;
  let rejectedRows = 0;

  beforeAll(async () => {
    t = await startTestHub();
    pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    for (const [key, layout] of [
      ['a', SIGNED_UTF8_LAYOUT],
      ['b', GBK_DIRECTION_LAYOUT],
    ] as const) {
      const seed = await seedBasics(t);
      await setCsvLayout(t, seed.admin, seed.bankCode, layout);
      const { rows } = await pg.query(`select adapter_options from bank where code = $1`, [seed.bankCode]);
      banks[key] = { code: seed.bankCode, secret: seed.secret, options: rows[0].adapter_options };
    }
  });
  afterAll(async () => {
    // what the run covered, for the report; not an assertion
    process.stdout.write(
      `intake fuzz: ${pushes} pushes, ${refused} refused whole, ${rejectedRows} rows rejected\n`,
    );
    await pg.end();
    await t.close();
  });

  /** what the adapter makes of the bytes, in-process: rows it saw, or null when it refuses them */
  function rowsTheAdapterSees(source: Source, bank: (typeof banks)['a'], body: Buffer): number | null {
    const [mediaType, ...params] = source.contentType.split(';');
    const charset = params.map((p) => p.trim().match(/^charset="?([^"]+)"?$/i)?.[1]).find(Boolean) ?? null;
    const doc: InboundDocument = {
      bankCode: bank.code,
      contentType: mediaType.trim().toLowerCase(),
      charset: charset?.toLowerCase() ?? null,
      body,
      accountNoHint: null,
    };
    try {
      const parsed = selectAdapter(doc).parse(doc, bank.options);
      return parsed.events.length + parsed.rejected.length;
    } catch (err) {
      if (err instanceof DocumentRejected || err instanceof UnsupportedDocument) return null;
      throw err; // an adapter that throws anything else would be a 500
    }
  }

  async function pushAndCheck(source: Source, mutations: Mutation[]): Promise<void> {
    const bank = banks[source.bank];
    const body = mutations.reduce((b, m) => m.apply(b), source.body);
    const expectedRows = rowsTheAdapterSees(source, bank, body);
    const eventsBefore = (await pg.query(`select count(*)::int as n from account_event`)).rows[0].n;
    const webhookId = `msg_fz_${randomBytes(8).toString('hex')}`;
    const res = await fetch(`${t.url}/banks/${bank.code}/events`, {
      method: 'POST',
      headers: { 'content-type': source.contentType, ...signedHeaders(bank.secret, body, webhookId) },
      body,
    });
    const answer = await res.json();
    pushes += 1;
    expect(res.status).toBeLessThan(500);
    const docs = (
      await pg.query(`select id, accepted from inbound_document where webhook_id = $1`, [webhookId])
    ).rows;
    if (expectedRows === null) {
      refused += 1;
      expect([415, 422]).toContain(res.status);
      expect(docs).toEqual([]);
      expect((await pg.query(`select count(*)::int as n from account_event`)).rows[0].n).toBe(eventsBefore);
      return;
    }
    expect(res.status).toBe(200);
    const { accepted, duplicates, rejected } = answer as {
      accepted: number;
      duplicates: number;
      rejected: unknown[];
    };
    rejectedRows += rejected.length;
    expect(accepted + duplicates + rejected.length).toBe(expectedRows);
    expect(docs).toHaveLength(1);
    expect(docs[0].accepted).toBe(accepted);
    const linked = (
      await pg.query(`select count(*)::int as n from account_event where document_id = $1`, [docs[0].id])
    ).rows[0].n;
    expect(linked).toBe(accepted);
    expect((await pg.query(`select count(*)::int as n from account_event`)).rows[0].n).toBe(
      eventsBefore + accepted,
    );
  }

  it.each(SOURCES.map((s) => [s.name, s] as const))(
    '%s: no 5xx, nothing half-stored',
    async (_name, source) => {
      await fc.assert(
        fc.asyncProperty(fc.array(source.mutations, { minLength: 1, maxLength: 3 }), (mutations) =>
          pushAndCheck(source, mutations),
        ),
        { seed: 20261201, numRuns: RUNS[source.name], endOnFailure: true },
      );
    },
    120_000,
  );

  it('the unmutated fixtures are accepted, so the runs above start from documents the hub reads', async () => {
    for (const source of SOURCES) {
      expect(rowsTheAdapterSees(source, banks[source.bank], source.body)).toBeGreaterThan(0);
    }
  });
});
