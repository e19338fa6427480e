/** What the cluster's primary and its serving processes tell each other (besides the metrics). */

/** What a serving process reports once it listens: the fields of the hub's "listening" line. */
export interface ListeningSummary {
  url: string;
  queue: 'redis' | 'postgres';
  migrationsApplied: string[];
}

export const STOP_MESSAGE = { type: 'wagewatch:stop' } as const;

export const readyMessage = (summary: ListeningSummary) => ({ type: 'wagewatch:ready', summary }) as const;

export const isReadyMessage = (m: unknown): m is ReturnType<typeof readyMessage> =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'wagewatch:ready';

export const isStopMessage = (m: unknown): boolean =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === STOP_MESSAGE.type;
