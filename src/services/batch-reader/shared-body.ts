import { nextTurn } from '../../domain/hash-in-slices';

/** Bytes copied between two turns of the hub's thread (about a millisecond of memcpy). */
const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * The body as a view of shared memory, which the worker reads without a copy of its own. A body
 * received into shared memory already (the push route's) is used as it is; any other (a replayed
 * archive) is copied once, a slice at a time so the hub's other callers are served meanwhile.
 */
export async function sharedBody(body: Buffer): Promise<Uint8Array> {
  if (body.buffer instanceof SharedArrayBuffer) return body;
  const shared = Buffer.from(new SharedArrayBuffer(body.length));
  for (let at = 0; at < body.length; at += SLICE_BYTES) {
    shared.set(body.subarray(at, at + SLICE_BYTES), at);
    if (at + SLICE_BYTES < body.length) await nextTurn();
  }
  return shared;
}
