/**
 * The batch reader's worker thread: runs the adapter's parseInBatches (the same code, checks and
 * refusals as on the hub's thread) and sends each batch to the hub when the hub asks for it, so a
 * document is never parsed much faster than it is stored (a 100,000-entry statement's events would
 * otherwise pile up in the hub's memory as messages). Each batch is sent prepared (prepared-batch.ts):
 * its events' storage checks done and their raw as JSON.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentRejected } from '../../../adapters/bank-adapter';
import { INBOUND_ADAPTERS } from '../../../adapters/registry';
import { prepareBatch } from '../prepared-batch';
import type { MoreBatches, ReaderInput, ReaderMessage } from './messages';

const port = parentPort!;
let credit = 0;
let wake: (() => void) | null = null;
port.on('message', (m: MoreBatches) => {
  credit += m.n;
  wake?.();
  wake = null;
});
const send = (m: ReaderMessage) => port.postMessage(m);

async function read({ adapter: name, doc, options, batchEntries, streamFromBytes }: ReaderInput) {
  const adapter = INBOUND_ADAPTERS.find((a) => a.name === name);
  const body = Buffer.from(doc.body.buffer, doc.body.byteOffset, doc.body.byteLength);
  const reading = adapter?.parseInBatches?.({ ...doc, body }, options, { batchEntries, streamFromBytes });
  if (!reading) throw new Error(`the ${name} adapter does not read this document in batches`);
  // The pauses the generators offer are for the hub's thread; this one has nobody else to serve.
  const checks = reading.check();
  while (!checks.next().done);
  send({ type: 'checked', statements: reading.statements() });
  for (const batch of reading.batches()) {
    if (!batch) continue;
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit -= 1;
    // checked and its raw written as JSON here, where it costs the hub's other callers nothing
    send({ type: 'batch', batch: prepareBatch(batch) });
  }
  send({ type: 'done' });
}

read(workerData as ReaderInput).catch((err: unknown) => {
  if (err instanceof DocumentRejected) send({ type: 'rejected', code: err.code, message: err.message });
  else send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
});
