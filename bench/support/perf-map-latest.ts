/**
 * Rewrites a V8 perf map (`/tmp/perf-<pid>.map`, written by `node --perf-basic-prof`) so that each
 * address range keeps only its latest entry: `node -r ./src/register.js
 * bench/support/perf-map-latest.ts /tmp/perf-<pid>.map`, then `perf script`. V8 moves and frees
 * code; the map only gains lines, and perf names a sample by the first entry covering its address,
 * so code made later at a reused address showed under a stale name. A profile of a steady load
 * taken late is then named by the code that ran.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Entry {
  start: bigint;
  end: bigint;
  line: string;
}

/** The entries no later entry overlaps, in address order. */
export function latestEntries(lines: readonly string[]): string[] {
  const kept: Entry[] = [];
  const overlaps = (e: Entry) => {
    // kept is sorted by start: binary search for the first kept entry ending after e starts
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid].end <= e.start) lo = mid + 1;
      else hi = mid;
    }
    return { at: lo, hit: lo < kept.length && kept[lo].start < e.end };
  };
  for (let i = lines.length - 1; i >= 0; i--) {
    const [start, size] = lines[i].split(' ', 2);
    if (!start || !size) continue;
    const e = {
      start: BigInt(`0x${start}`),
      end: BigInt(`0x${start}`) + BigInt(`0x${size}`),
      line: lines[i],
    };
    const { at, hit } = overlaps(e);
    if (!hit) kept.splice(at, 0, e);
  }
  return kept.map((e) => e.line);
}

if (require.main === module) {
  const path = process.argv[2];
  if (!path) throw new Error('usage: perf-map-latest.ts /tmp/perf-<pid>.map');
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const kept = latestEntries(lines);
  writeFileSync(path, `${kept.join('\n')}\n`);
  console.log(`${path}: ${lines.length} entries, ${kept.length} kept`);
}
