import { readFileSync } from 'node:fs';

/**
 * Summarizes a V8 .cpuprofile: self time by function and by where the code lives (a package under
 * node_modules, the hub's own folders, node internals), as a share of all samples.
 * `node -r ./src/register.js bench/support/cpuprofile-summary.ts <file> [top]`
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function where(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const own = /wt-[^/]+\/([^/]+\/[^/]+)/.exec(url) ?? /\/work\/main\/([^/]+\/[^/]+)/.exec(url);
  if (own) return own[1];
  return url.startsWith('node:') ? url : url ? 'other' : '(vm: gc, idle, program)';
}

const keyOf = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  return `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*wt-[^/]+\//, '')}:${lineNumber + 1}`;
};

const fns = new Map<string, number>();
const places = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { url } = byId.get(id)!.callFrame;
  const key = keyOf(byId.get(id)!);
  fns.set(key, (fns.get(key) ?? 0) + us);
  places.set(where(url), (places.get(where(url)) ?? 0) + us);
}
// inclusive: a sample counts once for every distinct function on its stack
const inclusive = new Map<string, number>();
const walk = (id: number, onPath: Map<string, number>) => {
  const node = byId.get(id)!;
  const key = keyOf(node);
  onPath.set(key, (onPath.get(key) ?? 0) + 1);
  const us = selfUs.get(id) ?? 0;
  if (us) for (const k of onPath.keys()) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  for (const child of node.children ?? []) walk(child, onPath);
  const left = onPath.get(key)! - 1;
  if (left) onPath.set(key, left);
  else onPath.delete(key);
};
walk(profile.nodes[0].id, new Map());
const top = Number(topArg ?? 30);
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
console.log('\nself time by place:');
for (const [k, v] of [...places].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
console.log('\nself time by function:');
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
console.log('\ninclusive time by function:');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2))
  console.log(`  ${pct(v)}  ${k}`);
