/**
 * A large-push worker thread (started by ./workers.ts through src/typescript-worker.ts). It takes
 * one verified push at a time and does what the main thread did for it: the adapter's batched
 * reading (checks, then 100 entries a batch), and ingestPush (claim, archive in slices, batches,
 * finish, answer) in a transaction on a pool of its own. Only the answer and the counts go back.
 * Before, the main thread stored every batch it was sent: the batches' objects, their inserts and
 * the garbage they left (GC pauses of 150–210 ms) held the thread every other caller is answered
 * on. This thread blocking on a batch is no one else's wait.
 *
 * The thread ending (terminated, out of memory) closes its connection: PostgreSQL rolls the push's
 * transaction back, so nothing of it is kept.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { DocumentRejected, type AdapterResult, type BatchesToStore } from '../../../adapters/bank-adapter';
import { INBOUND_ADAPTERS } from '../../../adapters/registry';
import { setClock } from '../../clock';
import { APPLICATION_NAMES } from '../../db/graphql-pool';
import { ormConfig } from '../../db/orm-config';
import { DomainError } from '../../domain/errors';
import { safeErrorMessage } from '../../log-safe-error';
import { usePersonalDataKeys } from '../../personal-data/cipher';
import { BankProfileOutdated, ingestPush } from '../push-intake';
import { AlreadyAnswered } from '../webhook-deliveries';
import type { FromWorker, LargePushInput, LargePushOutcome, LargePushSettings, ToWorker } from './protocol';

const port = parentPort!;
const settings = workerData as LargePushSettings;
const post = (msg: FromWorker) => port.postMessage(msg);

/** A key crosses the thread as a Uint8Array; the cipher expects Buffers. */
const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

async function boot(): Promise<MikroORM> {
  const keys = settings.personalData;
  usePersonalDataKeys({
    ...keys,
    keys: new Map([...keys.keys].map(([id, key]) => [id, asBuffer(key)])),
    lookupKey: asBuffer(keys.lookupKey),
  });
  // One push at a time: its transaction's connection, and one spare.
  const orm = await MikroORM.init(
    ormConfig(settings.databaseUrl, { poolMax: 2, applicationName: APPLICATION_NAMES.hub }),
  );
  // the first push should not pay for the pool's first connection
  await orm.em.fork().getConnection().execute('select 1');
  return orm;
}

async function store(orm: MikroORM, id: number, push: LargePushInput): Promise<LargePushOutcome> {
  setClock(new Date(push.clockMs));
  const adapter = INBOUND_ADAPTERS.find((a) => a.name === push.adapter);
  const doc = { ...push.doc, body: asBuffer(push.doc.body) };
  const reading = adapter?.parseInBatches?.(doc, push.options, { batchEntries: push.batchEntries });
  if (!reading)
    return { kind: 'failed', message: `the ${push.adapter} adapter does not read this document in batches` };
  // The pauses the generators offer are for the main thread; this one has nobody else to serve.
  const checks = reading.check();
  while (!checks.next().done);
  post({ type: 'checked', id });
  const content: BatchesToStore = {
    statements: () => reading.statements(),
    *batches(): Generator<AdapterResult> {
      for (const batch of reading.batches()) {
        if (!batch) continue;
        yield batch;
        // resumed once ingestPush stored it
        post({ type: 'batch-stored', id });
      }
    },
  };
  const received = {
    doc,
    adapter: push.adapter,
    receivedAt: new Date(push.receivedAtMs),
    webhookId: push.webhookId,
  };
  const delivery = await orm.em
    .fork()
    .transactional((tx) => ingestPush(tx as EntityManager, received, { batched: content }, push.bankVersion));
  return {
    kind: 'stored',
    answer: delivery.answer,
    counts: {
      accepted: delivery.ingested.accepted,
      duplicates: delivery.ingested.duplicates,
      rejected: delivery.ingested.rejected.length,
    },
    payAlertsMarked: delivery.payAlertsMarked,
  };
}

function outcomeOf(err: unknown): LargePushOutcome {
  if (err instanceof AlreadyAnswered) return { kind: 'already-answered' };
  if (err instanceof BankProfileOutdated) return { kind: 'profile-outdated' };
  if (err instanceof DocumentRejected) return { kind: 'rejected', code: err.code, message: err.message };
  if (err instanceof DomainError) return { kind: 'domain', code: err.code, message: err.message };
  return { kind: 'failed', message: safeErrorMessage(err) };
}

boot().then(
  (orm) => {
    // one push at a time (./workers.ts sends no second before the first is done)
    port.on('message', (msg: ToWorker) => {
      store(orm, msg.id, msg.push)
        .catch(outcomeOf)
        .then((outcome) => post({ type: 'done', id: msg.id, outcome }));
    });
    post({ type: 'ready' });
  },
  (err: unknown) => post({ type: 'failed', message: safeErrorMessage(err) }),
);
