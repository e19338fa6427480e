import { latestEntries } from '../../bench/support/perf-map-latest';

describe('perf map: each address range named by its latest code (bench/support/perf-map-latest.ts)', () => {
  it('drops an entry a later one overlaps, keeps the rest in address order', () => {
    const map = [
      '1000 100 JS:*first /a.ts:1:1',
      '2000 80 JS:*untouched /b.ts:2:2',
      // code freed, then new code made over part of the first's range
      '1080 40 JS:*later /c.ts:3:3',
      '0f00 10 JS:*below /d.ts:4:4',
    ];
    expect(latestEntries(map)).toEqual([
      '0f00 10 JS:*below /d.ts:4:4',
      '1080 40 JS:*later /c.ts:3:3',
      '2000 80 JS:*untouched /b.ts:2:2',
    ]);
  });

  it('keeps ranges that only touch, and the last of two at one address', () => {
    expect(latestEntries(['10 10 a', '20 10 b', '20 10 c'])).toEqual(['10 10 a', '20 10 c']);
  });
});
