import type { AdapterResult } from '../../adapters/bank-adapter';
import type { AccountEvent } from '../domain/account-event';
import { storeProblem, type StorageProblem } from './storable';

/**
 * A batch made ready to store off the hub's thread, by the batch reader's worker: each event's
 * storage checks done (storeProblem: half of BankIntake.add's time on the hub's thread in a
 * 50,000-entry push's profile was these checks walking every event's `raw`), and its `raw`
 * already written as JSON, so the hub's thread neither walks nor receives it as an object (a
 * message's objects are rebuilt on the thread that receives it; one string is one copy).
 */
export interface PreparedBatch extends AdapterResult {
  prepared: {
    /** per event, what storeProblem answers for it */
    problems: (StorageProblem | null)[];
    /** per event, its `raw` as JSON (`''` for one with a problem: it is never stored) */
    rawJson: string[];
  };
}

export function prepareBatch(batch: AdapterResult): PreparedBatch {
  const problems: (StorageProblem | null)[] = [];
  const rawJson: string[] = [];
  const events = batch.events.map((event): AccountEvent => {
    const problem = storeProblem(event);
    problems.push(problem);
    rawJson.push(problem ? '' : JSON.stringify(event.raw ?? null));
    return { ...event, raw: undefined };
  });
  return { ...batch, events, prepared: { problems, rawJson } };
}

export const isPrepared = (batch: AdapterResult): batch is PreparedBatch => 'prepared' in batch;

/**
 * The insert's rows as one JSON array, as JSON.stringify(rows) writes it with each row's `raw`
 * last; where `rawOf` gives a row's raw as JSON already, that text is used as it is.
 */
export function rowsJson<R extends { raw: unknown }>(
  rows: readonly R[],
  rawOf: (i: number) => string | undefined,
): string {
  return `[${rows
    .map((row, i) => {
      const raw = rawOf(i);
      if (raw === undefined) return JSON.stringify(row);
      // the row's own raw left out (JSON.stringify skips undefined), the prepared one written last
      const head = JSON.stringify({ ...row, raw: undefined }).slice(0, -1);
      return `${head}${head === '{' ? '' : ','}"raw":${raw}}`;
    })
    .join(',')}]`;
}
