import type { Hash, Hmac } from 'node:crypto';

/** 1 MiB of SHA-256 is about 2–4 ms of one core. */
const SLICE_BYTES = 1024 * 1024;

/** The next turn of the event loop: what is waiting (other requests) runs first. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `hash.update(bytes)` a slice at a time, letting other work run between slices: over a 145 MB
 * push, one update held the hub's only thread for half a second while other callers waited.
 */
export async function updateInSlices<T extends Hash | Hmac>(hash: T, bytes: Buffer): Promise<T> {
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    hash.update(bytes.subarray(at, at + SLICE_BYTES));
    if (at + SLICE_BYTES < bytes.length) await nextTurn();
  }
  return hash;
}
