/**
 * The batch reader parses a large camt.054 in a worker thread: it must give what the adapter's own
 * reading on this thread gives (events, rejections, statements, refusals with their messages), and
 * a worker that fails, dies or is abandoned must end the reading with an error, never leave it waiting.
 */
import type { AdapterResult, InboundDocument } from '../../adapters/bank-adapter';
import { DocumentRejected } from '../../adapters/bank-adapter';
import { iso20022 } from '../../adapters/iso20022';
import { buildCamt054 } from '../../bench/support/camt054-data';
import { BatchReaderFailed, batchReaderFor, type BatchReader } from '../../src/services/batch-reader';
import { isPrepared } from '../../src/services/prepared-batch';
import { storeProblem } from '../../src/services/storable';

const BIG = buildCamt054('W', { entries: 2000, accounts: 5 });
const OPTIONS = { maxBytes: 64 * 1024 * 1024 };
const BATCH = { batchEntries: 250 };
const asDoc = (body: Buffer): InboundDocument => ({
  bankCode: 'TEST',
  contentType: 'application/xml',
  charset: null,
  body,
});
const plain = (v: unknown) =>
  JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)));

async function readAll(reader: BatchReader) {
  await reader.check();
  const out: AdapterResult = { events: [], rejected: [], statements: reader.statements(), eventIndexes: [] };
  let batches = 0;
  const problems: unknown[] = [];
  for await (const b of reader.batches()) {
    batches += 1;
    // each batch comes prepared: its storage checks done, each event's raw as JSON
    if (!isPrepared(b)) throw new Error('expected a prepared batch');
    problems.push(...b.prepared.problems);
    out.events.push(...b.events.map((e, i) => ({ ...e, raw: JSON.parse(b.prepared.rawJson[i]) })));
    out.rejected.push(...b.rejected);
    out.eventIndexes!.push(...(b.eventIndexes ?? []));
  }
  return { ...out, batches, problems };
}

async function reader(body: Buffer, heapMb?: number): Promise<BatchReader> {
  const r = await batchReaderFor(iso20022, asDoc(body), OPTIONS, BATCH, heapMb);
  if (!r) throw new Error('expected a batch reader');
  return r;
}

// A worker starts by compiling the adapters (@swc-node/register): seconds on a busy machine.
jest.setTimeout(60_000);

describe('the batch reader (a worker thread)', () => {
  it('gives, in batches of 250, what parse() gives on this thread', async () => {
    const got = await readAll(await reader(BIG));
    const whole = iso20022.parse(asDoc(BIG), OPTIONS);
    expect(got.batches).toBe(8);
    expect(plain(got.events)).toEqual(plain(whole.events));
    expect(plain(got.rejected)).toEqual(plain(whole.rejected));
    expect(plain(got.statements)).toEqual(plain(whole.statements));
    expect(got.eventIndexes).toEqual(whole.events.map((_e, i) => i));
    expect(got.problems).toEqual(whole.events.map(storeProblem));
  });

  it('reads a small document on this thread (no reader below 1 MiB)', async () => {
    const small = buildCamt054('S', { entries: 10, accounts: 1 });
    expect(await batchReaderFor(iso20022, asDoc(small), OPTIONS, BATCH)).toBeNull();
  });

  it.each([
    ['found by the checks', (e: string) => e.replace('Ccy="CNY"', 'Ccy="CNY" Ccy="CNY"')],
    ['found while the entry is parsed', (e: string) => e.replace('<AddtlNtryInf>', '<AddtlNtryInf>&bogus;')],
  ])('refuses a broken entry near the end (%s) with the message parse() gives', async (_name, change) => {
    const text = BIG.toString('utf8');
    const at = text.lastIndexOf('<Ntry>');
    const end = text.indexOf('</Ntry>', at);
    const body = Buffer.from(text.slice(0, at) + change(text.slice(at, end)) + text.slice(end), 'utf8');
    let expected: unknown;
    try {
      iso20022.parse(asDoc(body), OPTIONS);
    } catch (err) {
      expected = err;
    }
    expect(expected).toBeInstanceOf(DocumentRejected);
    const refused = await readAll(await reader(body)).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DocumentRejected);
    expect(refused).toMatchObject({
      code: (expected as DocumentRejected).code,
      message: (expected as DocumentRejected).message,
    });
  });

  it('fails with BatchReaderFailed, not a hang, when the worker runs out of memory', async () => {
    // a heap far too small even to load the adapter: the worker dies at its start
    const failed = await readAll(await reader(BIG, 2)).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(BatchReaderFailed);
  });

  it('fails with BatchReaderFailed when the reader is closed half-way, and ends the worker', async () => {
    const r = await reader(BIG);
    await r.check();
    const batches = r.batches();
    expect((await batches.next()).done).toBe(false);
    await r.close();
    await expect(batches.next()).rejects.toBeInstanceOf(BatchReaderFailed);
  });
});
