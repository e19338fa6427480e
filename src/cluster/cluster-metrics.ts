/**
 * GET /metrics when several processes serve HTTP (HTTP_PROCESSES, src/cluster/primary.ts): the
 * scrape lands on one of them at random, and an answer of that one process alone would make
 * Prometheus' counters jump up and down from scrape to scrape. So the process that got the scrape
 * asks the primary, the primary asks every serving process for its metrics and adds them up
 * (prom-client's AggregatorRegistry: counters and histograms summed, each gauge as it says), and
 * the sum is the answer.
 */
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { HubMetrics } from '../metrics/hub-metrics';

type Snapshot = MetricObjectWithValues<MetricValue<string>>[];

/** A process that does not answer within this is left out of the sum (it may be starting or stuck). */
export const GATHER_WAIT_MS = 2_000;

type Message =
  | { type: 'wagewatch:metrics-wanted'; id: string }
  | { type: 'wagewatch:metrics-collect'; id: string }
  | { type: 'wagewatch:metrics-snapshot'; id: string; metrics: Snapshot }
  | { type: 'wagewatch:metrics-text'; id: string; text: string; error?: string };

const isMessage = (m: unknown): m is Message =>
  typeof m === 'object' &&
  m !== null &&
  String((m as { type?: unknown }).type).startsWith('wagewatch:metrics-');

/** True in a process the cluster's primary started to serve HTTP. */
export const servesInCluster = (): boolean => cluster.isWorker && typeof process.send === 'function';

/**
 * In a serving process: answers the primary's requests for this process's metrics. Returns the
 * function that stops answering (the hub's close).
 */
export function answerMetricsCollection(metrics: HubMetrics): () => void {
  const onMessage = (m: unknown) => {
    if (!isMessage(m) || m.type !== 'wagewatch:metrics-collect') return;
    void metrics.snapshot().then(
      (snapshot) => process.send?.({ type: 'wagewatch:metrics-snapshot', id: m.id, metrics: snapshot }),
      () => process.send?.({ type: 'wagewatch:metrics-snapshot', id: m.id, metrics: [] }),
    );
  };
  process.on('message', onMessage);
  return () => process.off('message', onMessage);
}

/** In a serving process: the metrics of every serving process, summed by the primary. */
export function clusterMetricsText(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary process did not answer for the metrics'));
    }, GATHER_WAIT_MS * 2);
    const onMessage = (m: unknown) => {
      if (!isMessage(m) || m.type !== 'wagewatch:metrics-text' || m.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (m.error) reject(new Error(m.error));
      else resolve(m.text);
    };
    process.on('message', onMessage);
    process.send!({ type: 'wagewatch:metrics-wanted', id });
  });
}

/** In the primary: answers a serving process's metrics-wanted with the sum over `serving()`. */
export function sumMetricsOnRequest(worker: Worker, serving: () => Worker[]): void {
  worker.on('message', (m: unknown) => {
    if (!isMessage(m) || m.type !== 'wagewatch:metrics-wanted') return;
    gather(serving()).then(
      (text) => worker.send({ type: 'wagewatch:metrics-text', id: m.id, text }),
      (err: Error) => worker.send({ type: 'wagewatch:metrics-text', id: m.id, text: '', error: err.message }),
    );
  });
}

async function gather(workers: Worker[]): Promise<string> {
  const id = randomUUID();
  const snapshots = await Promise.all(workers.map((w) => snapshotOf(w, id)));
  const registry = AggregatorRegistry.aggregate(snapshots.filter((s): s is Snapshot => s !== null));
  return registry.metrics();
}

function snapshotOf(worker: Worker, id: string): Promise<Snapshot | null> {
  return new Promise((resolve) => {
    const done = (s: Snapshot | null) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve(s);
    };
    const onMessage = (m: unknown) => {
      if (isMessage(m) && m.type === 'wagewatch:metrics-snapshot' && m.id === id) done(m.metrics);
    };
    const onExit = () => done(null);
    const timer = setTimeout(() => done(null), GATHER_WAIT_MS);
    worker.on('message', onMessage);
    worker.once('exit', onExit);
    try {
      worker.send({ type: 'wagewatch:metrics-collect', id });
    } catch {
      done(null);
    }
  });
}
