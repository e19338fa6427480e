/** A large push's archived body goes to PostgreSQL in slices: all of it, once, in order. */
import { ARCHIVE_SLICE_BYTES, archivedInSlices, slicesOf } from '../../src/services/archive-in-slices';

describe('the archive in slices', () => {
  it('cuts a body into slices that cover it once, in order', () => {
    expect(slicesOf(10, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(slicesOf(8, 4)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(slicesOf(0, 4)).toEqual([]);
  });

  it('sends only a body larger than one slice as a large object', () => {
    expect(archivedInSlices(Buffer.alloc(ARCHIVE_SLICE_BYTES))).toBe(false);
    expect(archivedInSlices(Buffer.alloc(ARCHIVE_SLICE_BYTES + 1))).toBe(true);
  });
});
